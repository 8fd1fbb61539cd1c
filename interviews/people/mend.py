"""Applying what the archive has learnt to turns already stored.

When the registry gains a person, an editor merges two speakers, or a document names in
full someone other documents gave only a surname, earlier interviews may now resolve to
someone else. These services move a participation's turns to the speaker it now
resolves to, one history entry per change, keeping every permalink (turns keep their
keys) and never overriding an editor: a participation an editor chose and a turn whose
speaker an editor set stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .. import revision
from ..models import (
    EditRecord,
    Interview,
    Participant,
    SlugRedirect,
    Speaker,
    SpeakerChoice,
    SpeakerName,
    Turn,
)
from ..parsing import ParsedSpeaker
from ..parsing.text import fold
from .resolve import EDITOR, UNRESOLVED, Resolution, Resolver, Where, jurisdiction_of


@dataclass
class Change:
    interview: str
    before: str
    after: str
    resolved_by: str
    turns: int

    def __str__(self) -> str:
        return (
            f"{self.interview}: {self.before} -> {self.after} "
            f"({self.resolved_by}, {self.turns} turns)"
        )


def where_of_interview(interview: Interview) -> Where:
    return Where(
        date=interview.date,
        jurisdiction=jurisdiction_of(interview.source, interview.publisher, interview.url),
        interview_id=interview.pk,
    )


def as_parsed(participant: Participant) -> ParsedSpeaker:
    """The document's speaker as the importer saw it, from what the participant kept."""
    speaker = participant.speaker
    return ParsedSpeaker(
        name=participant.printed_name or speaker.name,
        role=participant.role,
        labels=list(participant.labels),
        part=participant.part,
        kind=speaker.kind,
        evidence=participant.evidence or ("label" if len(speaker.name.split()) > 1 else "surname"),
    )


def resolve_again(
    participants: Iterable[Participant], *, user=None, apply: bool = True
) -> list[Change]:
    """Resolve these participations again; move those that now resolve to someone else."""
    resolver = Resolver()
    changes = []
    moves = Moves()
    with revision.deferred():
        for participant in participants:
            change = _resolve_one(resolver, participant, user, apply, moves)
            if change is not None:
                changes.append(change)
        moves.settle()
    return changes


class Moves:
    """What a run of reassignments leaves to do once, at its end, rather than per move:
    recount the speakers moved between, and retire the placeholders left empty."""

    def __init__(self):
        self.between: set[int] = set()
        self.left: dict[int, tuple[Speaker, Speaker]] = {}  # old pk -> (old, last target)

    def add(self, old: Speaker, target: Speaker) -> None:
        self.between |= {old.pk, target.pk}
        self.left[old.pk] = (old, target)  # _retire_empty keeps only the placeholders

    def settle(self) -> None:
        if self.left:
            with transaction.atomic():
                _retire_empty(list(self.left.values()))
        if self.between:
            Speaker.objects.refresh_counts(self.between)
            Speaker.objects.refresh_roles(self.between)
        self.between, self.left = set(), {}


def _resolve_one(
    resolver: Resolver, participant: Participant, user, apply: bool, moves: Moves
) -> Change | None:
    if participant.resolved_by == EDITOR or participant.speaker.kind == Speaker.GROUP:
        return None
    where = where_of_interview(participant.interview)
    resolution = resolver.resolve(as_parsed(participant), where)
    target = resolution.speaker
    if target is None or target.pk == participant.speaker_id:
        return None
    if resolution.resolved_by == UNRESOLVED:
        return None  # from one unresolved name to another tells nothing new
    if apply:
        return reassign(participant, resolution, user=user, moves=moves)
    return Change(
        str(participant.interview),
        participant.speaker.name,
        target.name,
        resolution.resolved_by,
        participant.interview.turns.filter(speaker=participant.speaker).count(),
    )


def reassign(
    participant: Participant, resolution: Resolution, *, user=None, moves: Moves | None = None
) -> Change:
    """Move one participation, and its turns that no editor set, to the resolved speaker.

    With `moves`, recounting both speakers and retiring an emptied placeholder are left
    to `moves.settle()` (once for many moves).
    """
    target = resolution.speaker
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("interview", "speaker")
            .get(pk=participant.pk)
        )
        interview, old = participant.interview, participant.speaker
        chosen = SpeakerChoice.objects.filter(interview=interview).values_list("key", flat=True)
        theirs = Participant.objects.filter(interview=interview, speaker=target).first()
        part = theirs.part if theirs is not None else participant.part
        moved = (
            Turn.objects.filter(interview=interview, speaker=old)
            .exclude(key__in=list(chosen))
            .update(speaker=target, part=part)
        )
        if theirs is not None:
            theirs.labels = list(dict.fromkeys([*theirs.labels, *participant.labels]))
            theirs.role = theirs.role or participant.role
            theirs.save(update_fields=["labels", "role"])
            if not Turn.objects.filter(interview=interview, speaker=old).exists():
                participant.delete()
        else:
            participant.speaker = target
            participant.resolved_by = resolution.resolved_by
            participant.save(update_fields=["speaker", "resolved_by"])
        Speaker.objects.filter(pk=target.pk).update(
            labels=list(dict.fromkeys([*target.labels, *participant.labels]))
        )
        if moves is None:
            Speaker.objects.refresh_counts([old.pk, target.pk])
            Speaker.objects.refresh_roles([old.pk, target.pk])
            _retire_empty([(old, target)])
        else:
            moves.add(old, target)
        change = Change(str(interview), old.name, target.name, resolution.resolved_by, moved)
        EditRecord.objects.create(
            action=EditRecord.RESOLVE,
            interview=interview,
            speaker=target,
            target=f"{old.name} in {interview.title}"[:300],
            changes={
                "speaker": [old.name, target.name],
                "resolved by": [participant.resolved_by or "", resolution.resolved_by],
                "turns moved": [0, moved],
            },
            edited_by=user,
        )
        revision.changed()
    return change


def _retire_empty(pairs: list[tuple[Speaker, Speaker]]) -> None:
    """Unresolved placeholders with nothing left to say are gone; each address leads on
    to the speaker their last turns went to."""
    heirs = {old.pk: (old, target) for old, target in pairs if old.unresolved}
    if not heirs:
        return
    speaking = set(
        Participant.objects.filter(speaker_id__in=heirs).values_list("speaker_id", flat=True)
    ) | set(Turn.objects.filter(speaker_id__in=heirs).values_list("speaker_id", flat=True))
    empty = {pk: pair for pk, pair in heirs.items() if pk not in speaking}
    if not empty:
        return
    by_heir: dict[int, list[int]] = {}
    for old, target in empty.values():
        by_heir.setdefault(target.pk, []).append(old.pk)
    for heir, olds in by_heir.items():
        SlugRedirect.objects.filter(kind="speaker", object_id__in=olds).update(object_id=heir)
        EditRecord.objects.filter(speaker_id__in=olds).update(speaker_id=heir)
    # Each old address leads to its heir: an existing redirect of that slug is taken over.
    heir_of_slug = {old.slug: target.pk for old, target in empty.values()}
    existing = {
        r.old_slug: r
        for r in SlugRedirect.objects.filter(kind="speaker", old_slug__in=heir_of_slug)
    }
    for redirect in existing.values():
        redirect.object_id = heir_of_slug[redirect.old_slug]
    SlugRedirect.objects.bulk_update(existing.values(), ["object_id"])
    SlugRedirect.objects.bulk_create(
        SlugRedirect(kind="speaker", old_slug=slug, object_id=heir)
        for slug, heir in heir_of_slug.items()
        if slug not in existing
    )
    Speaker.objects.filter(pk__in=empty).delete()


def reconcile_new_people(speakers: Iterable[Speaker | None], *, user=None) -> list[Change]:
    """Unresolved speakers whose surname a newly named person has: resolve them again.

    `MR. FAUCI` in a document that never gave his first name stays `Fauci` until the
    archive meets `Anthony Fauci`; from then on it is him, if nothing else fits.
    """
    surnames = set()
    for speaker in speakers:
        if speaker is not None and speaker.is_person and not speaker.unresolved:
            surnames |= {speaker.surname_key, speaker.surname2_key} - {""}
    if not surnames:
        return []
    waiting = Participant.objects.filter(
        speaker__unresolved=True, speaker__kind=Speaker.PERSON, speaker__surname_key__in=surnames
    ).select_related("speaker", "interview", "interview__source", "interview__publisher")
    return resolve_again(list(waiting), user=user)


def remember_names(speaker: Speaker, names: Iterable[str], origin: str, note: str = "") -> None:
    """Keep other names of a person, so that later imports find them (`SpeakerName`)."""
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        if name == speaker.name:
            continue
        if not SpeakerName.objects.filter(speaker=speaker, name_key=fold(name)).exists():
            SpeakerName(speaker=speaker, name=name[:200], origin=origin, note=note[:200]).save()
