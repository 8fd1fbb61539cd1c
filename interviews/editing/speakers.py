"""Speakers: finding similar names, renaming, and merging two records of one person."""

from __future__ import annotations

from django.db import transaction
from rapidfuzz import fuzz, process

from .. import revision
from ..models import (
    EditRecord,
    Membership,
    Participant,
    SlugRedirect,
    Speaker,
    SpeakerChoice,
    SpeakerName,
    Turn,
)
from ..parsing.text import fold
from ..people.mend import remember_names
from ..people.resolve import EDITOR
from . import history

SIMILARITY_CUTOFF = 75


class SpeakerFinder:
    """Archive speakers whose names look like a given name: for suggestions and merges.

    Names are loaded once per finder (one query), then compared in memory by rapidfuzz.
    """

    def __init__(self):
        self._ids: list[int] | None = None
        self._keys: list[str] = []

    def _load(self) -> None:
        if self._ids is None:
            rows = list(
                Speaker.objects.exclude(kind=Speaker.ANONYMOUS)
                .order_by("-turn_count", "id")
                .values_list("id", "name_key")
            )
            self._ids = [pk for pk, _ in rows]
            self._keys = [key for _, key in rows]

    def similar(self, names: list[str], *, exclude=(), limit: int = 6) -> list[Speaker]:
        self._load()
        exclude = set(exclude)
        scores: dict[int, float] = {}
        for name in names:
            key = fold(name or "")
            if len(key) < 3:
                continue  # `Q` or `A` resemble everyone
            for _, score, position in process.extract(
                key,
                self._keys,
                scorer=fuzz.WRatio,
                limit=limit + len(exclude),
                score_cutoff=SIMILARITY_CUTOFF,
            ):
                pk = self._ids[position]
                if pk not in exclude:
                    scores[pk] = max(score, scores.get(pk, 0))
        best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
        found = Speaker.objects.in_bulk(best)
        return [found[pk] for pk in best if pk in found]


def find_by_name(text: str) -> Speaker | None:
    """The archive speaker an editor typed: by name (any case or accents) or by slug."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        Speaker.objects.filter(name_key=fold(text)).order_by("-turn_count", "id").first()
        or Speaker.objects.filter(slug=text.strip("/").rsplit("/", 1)[-1]).first()
    )


SPEAKER_FIELDS = ("name", "kind", "role", "description")


def edit_speaker(speaker: Speaker, data: dict, user) -> dict:
    """Rename a speaker, set a role or description; the old address keeps redirecting."""
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        changes = history.apply(speaker, SPEAKER_FIELDS, data)
        if not changes:
            return {}
        history.record(
            EditRecord.SPEAKER, user, speaker=speaker, target=speaker.name, changes=changes
        )
    return changes


def merge_speakers(
    keep: Speaker, gone: Speaker, user, *, resolved_by: str = EDITOR, reason: str = ""
) -> Speaker:
    """`gone` is the same person as `keep`: its turns, parts, labels and addresses move over.

    An editor's merge is their choice (`resolved_by` EDITOR, never undone by resolving
    again); the archive's own merge of two spellings says so with its reason.
    """
    if keep.pk == gone.pk:
        raise ValueError("a speaker cannot be merged with itself")
    with transaction.atomic(), revision.deferred():
        keep = Speaker.objects.select_for_update().get(pk=keep.pk)
        gone = Speaker.objects.select_for_update().get(pk=gone.pk)
        interview_ids = set(
            Participant.objects.filter(speaker=gone).values_list("interview_id", flat=True)
        )
        interview_ids.update(
            Turn.objects.filter(speaker=gone).values_list("interview_id", flat=True).distinct()
        )
        turns = Turn.objects.filter(speaker=gone).update(speaker=keep)
        SpeakerChoice.objects.filter(speaker=gone).update(speaker=keep)
        mine_in = {
            p.interview_id: p
            for p in Participant.objects.filter(speaker=keep, interview_id__in=interview_ids)
        }
        parts: dict[int, str] = {}  # the part keep's turns take in each interview
        for participant in Participant.objects.filter(speaker=gone):
            mine = mine_in.get(participant.interview_id)
            if mine is None:
                # An editor said who this is: resolving again will not move it back.
                participant.speaker = keep
                participant.resolved_by = resolved_by
                participant.save(update_fields=["speaker", "resolved_by"])
                parts[participant.interview_id] = participant.part
                continue
            mine.labels = list(dict.fromkeys([*mine.labels, *participant.labels]))
            mine.role = mine.role or participant.role
            mine.resolved_by = resolved_by
            mine.save(update_fields=["labels", "role", "resolved_by"])
            participant.delete()
            parts[participant.interview_id] = mine.part
        for interview_id in interview_ids - parts.keys():
            if interview_id in mine_in:  # turns of gone's without a participation of its own
                parts[interview_id] = mine_in[interview_id].part
        # Only the turns that moved can disagree with their participation's part; the
        # interviews' other copies (date, language, outlet) and counts did not change.
        for interview_id, part in parts.items():
            Turn.objects.filter(interview_id=interview_id, speaker=keep).exclude(part=part).update(
                part=part
            )
        # The merged name becomes another name of the person kept: later documents that
        # print it resolve to them (interviews/people/resolve.py).
        SpeakerName.objects.filter(speaker=gone).exclude(
            name_key__in=keep.other_names.values_list("name_key", flat=True)
        ).update(speaker=keep)
        Membership.objects.filter(speaker=gone).update(speaker=keep)
        if len(gone.name.split()) > 1 and not gone.unresolved:
            remember_names(keep, [gone.name], SpeakerName.MERGE, note=f"merged #{gone.pk}")
        if not keep.person_id and gone.person_id:
            keep.person_id, keep.identifiers = gone.person_id, gone.identifiers
            gone.person_id = ""
            gone.save(update_fields=["person_id"])
        keep.labels = list(dict.fromkeys([*keep.labels, *gone.labels]))
        keep.role = keep.role or gone.role
        keep.description = keep.description or gone.description
        keep.unresolved = False
        keep.save()
        # Every address the removed speaker had now leads to the one kept.
        SlugRedirect.objects.filter(kind="speaker", object_id=gone.pk).update(object_id=keep.pk)
        EditRecord.objects.filter(speaker=gone).update(speaker=keep)
        gone_slug, gone_name, gone_pk = gone.slug, gone.name, gone.pk
        gone.delete()
        SlugRedirect.objects.update_or_create(
            kind="speaker", old_slug=gone_slug, defaults={"object_id": keep.pk}
        )
        Speaker.objects.refresh_counts([keep.pk])
        Speaker.objects.refresh_roles([keep.pk])
        history.record(
            EditRecord.MERGE_SPEAKERS,
            user,
            speaker=keep,
            target=keep.name,
            changes={
                "merged": [f"{gone_name} (#{gone_pk}, {gone_slug})", keep.name],
                "turns moved": [0, turns],
                "interviews": [0, len(interview_ids)],
                **({"why": ["", reason]} if reason else {}),
            },
        )
    keep.refresh_from_db()
    return keep


def merge_many(keep: Speaker, others: list[Speaker], user) -> Speaker:
    """Several records of one person merged into `keep` at once, in one transaction."""
    with transaction.atomic():
        for gone in others:
            if gone.pk != keep.pk:
                keep = merge_speakers(keep, gone, user)
    return keep


# --- other names and roles ------------------------------------------------------------


def add_other_name(speaker: Speaker, data: dict, user) -> SpeakerName | None:
    """Another name of this person; imports that print it resolve to them from now on."""
    name = " ".join(data["name"].split())[:200]
    if fold(name) == speaker.name_key or speaker.other_names.filter(name_key=fold(name)):
        return None
    alias = SpeakerName(
        speaker=speaker,
        name=name,
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        origin=SpeakerName.EDITOR,
        note=data.get("note", "")[:200],
    )
    _change(
        speaker, user, "other name", alias.save, after=_span(name, alias.start_date, alias.end_date)
    )
    return alias


def remove_other_name(speaker: Speaker, alias: SpeakerName, user) -> None:
    text = _span(alias.name, alias.start_date, alias.end_date)
    _change(speaker, user, "other name", alias.delete, before=text)


def add_membership(speaker: Speaker, data: dict, user) -> Membership:
    """A role the person held for a time: an office of the registry, or any role."""
    office = data.get("office")
    membership = Membership(
        speaker=speaker,
        office=office,
        role=(data.get("role") or (office.role if office else ""))[:300],
        organisation=(data.get("organisation") or (office.organisation if office else ""))[:200],
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        origin=Membership.EDITOR,
    )
    _change(speaker, user, "role", membership.save, after=_membership_text(membership))
    return membership


def remove_membership(speaker: Speaker, membership: Membership, user) -> None:
    _change(speaker, user, "role", membership.delete, before=_membership_text(membership))


def _change(speaker: Speaker, user, field: str, write, *, before: str = "", after: str = ""):
    """One write to a speaker's names or roles, with its history entry, in one transaction."""
    with transaction.atomic():
        write()
        history.record(
            EditRecord.SPEAKER,
            user,
            speaker=speaker,
            target=speaker.name,
            changes={field: [before, after]},
        )
        revision.changed()


def _span(text: str, start, end) -> str:
    if not start and not end:
        return text
    return f"{text} ({start.isoformat() if start else '…'} – {end.isoformat() if end else '…'})"


def _membership_text(membership: Membership) -> str:
    label = membership.office.label if membership.office else membership.role
    if membership.organisation and not membership.office:
        label = f"{label}, {membership.organisation}"
    return _span(label, membership.start_date, membership.end_date)
