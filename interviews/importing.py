"""The one write path for documents: the command, the editors' form and the benchmarks use it.

    import_document(data, filename, user=None, dry_run=False, speakers=None) -> ImportOutcome

Each document is imported in its own transaction: it lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import operator
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import parsing, retry, revision, tagging
from .consistency import speaker_tally, update_speaker_counts
from .models import (
    ImportRecord,
    Interview,
    Participant,
    RetiredTurn,
    Source,
    Speaker,
    SpeakerChoice,
)
from .parsing import OTHER, ParsedInterview, ParsedSpeaker, ParseError
from .parsing.text import fold
from .people.mend import reconcile_new_people
from .people.resolve import EDITOR, Resolution, Resolver, Where, jurisdiction_of
from .people.spelling import merge_near_spellings
from .subjects.store import tag_interview
from .turnrows import TURN_COLUMNS, carry_keys, insert_turns, new_turn_key, turn_row

CREATED, UPDATED, UNCHANGED, FAILED, PREVIEW = (
    "created",
    "updated",
    "unchanged",
    "failed",
    "preview",
)


@dataclass
class ImportOutcome:
    file: str
    status: str
    interview: Interview | None = None
    parsed: ParsedInterview | None = None
    error: ParseError | None = None
    existing: Interview | None = None  # for a preview: the interview it would update
    warnings: list[str] = field(default_factory=list)
    # Parsed speaker name -> how it was (or, in a dry run, would be) resolved.
    resolutions: dict[str, Resolution] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    def as_json(self) -> dict:
        if self.error is not None:
            reason = self.error.reason
            if self.error.line:
                reason = f"line {self.error.line}: {reason}"
            return {"file": self.file, "error": reason}
        data = self.parsed.as_json() if self.parsed else {}
        data["file"] = self.file
        for speaker in data.get("speakers", []):
            resolution = self.resolutions.get(speaker["name"])
            speaker["resolved_by"] = resolution.resolved_by if resolution else None
            speaker["person"] = resolution.person_id if resolution else None
            if resolution is not None and resolution.name != speaker["name"]:
                speaker["archive_name"] = resolution.name
        if self.parsed is not None:
            add_tags(data, self.parsed)
        return data


def add_tags(data: dict, parsed: ParsedInterview) -> None:
    """The document's and each turn's topics, places and organisations, into its JSON."""
    tags = tagging.contract(parsed)
    for name in ("topics", "places", "organisations"):
        data[name] = tags[name]
    for turn, turn_tags in zip(data.get("turns", []), tags["turns"], strict=False):
        turn.update(turn_tags)


def checksum_of(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def import_document(
    data: bytes | str,
    filename: str,
    *,
    user=None,
    dry_run: bool = False,
    force: bool = False,
    parsed: ParsedInterview | None = None,
    resolver: Resolver | None = None,
    speakers: Mapping[str, Speaker | None] | None = None,
    reconcile: bool = True,
) -> ImportOutcome:
    """Parse a document and create or update its interview.

    `parsed` lets an editor's corrected preview be saved instead of a fresh parse;
    `force` re-imports a document whose checksum is already in the archive;
    `speakers` maps a parsed speaker's name to the archive speaker an editor chose for
    it, or to None for a new speaker even where the archive knows one of that name.
    Speakers it does not name are resolved as usual. `reconcile=False` leaves earlier
    interviews' unresolved surnames for the caller to resolve again (bulk_import does it
    once at the end).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if parsed is None:
        try:
            parsed = parsing.parse_document(
                raw, filename, max_bytes=settings.ARCHIVE_MAX_DOCUMENT_BYTES
            )
        except ParseError as error:
            if not dry_run:
                record_failure(raw, filename, error, user)
            return ImportOutcome(filename, FAILED, error=error)
    checksum = checksum_of(raw)
    resolver = resolver or Resolver()
    if dry_run:
        existing = find_existing(parsed, checksum, filename)
        where = where_of(parsed, existing)
        return ImportOutcome(
            filename,
            PREVIEW,
            parsed=parsed,
            existing=existing,
            warnings=parsed.warnings,
            resolutions={s.name: resolver.resolve(s, where) for s in parsed.speakers},
        )

    def write() -> ImportOutcome:
        try:
            return _write(raw, filename, parsed, checksum, user, force, resolver, speakers)
        except BaseException:
            resolver.forget()  # its memory of new speakers went with the transaction
            raise

    # The same document imported twice at once: the later transaction fails on the
    # unique checksum and, tried again, finds the interview the other one wrote.
    outcome = retry.on_conflict(write, what=f"importing {filename}")
    if reconcile and outcome.status in (CREATED, UPDATED):
        people = [r.speaker for r in outcome.resolutions.values()]
        changed = reconcile_new_people(people, user=user)
        changed += merge_near_spellings(people, user=user)
        if changed:
            resolver.forget()  # it may remember speakers that are now gone
    revision.changed()
    return outcome


def _write(raw, filename, parsed, checksum, user, force, resolver, speakers) -> ImportOutcome:
    """The document written in one transaction; the outcome says how."""
    with transaction.atomic():
        existing = find_existing(parsed, checksum, filename)
        if existing is not None and existing.checksum == checksum and not force:
            ImportRecord.objects.create(
                interview=existing,
                action=ImportRecord.UNCHANGED,
                file_name=filename,
                checksum=checksum,
                size=len(raw),
                encoding=parsed.encoding,
                imported_by=user,
                message="already in the archive",
            )
            return ImportOutcome(filename, UNCHANGED, interview=existing, parsed=parsed)
        writer = InterviewWriter(parsed, raw, checksum, user, resolver, chosen=speakers)
        interview = writer.write(existing)
    status = UPDATED if existing is not None else CREATED
    return ImportOutcome(
        filename,
        status,
        interview=interview,
        parsed=parsed,
        warnings=parsed.warnings,
        resolutions=writer.resolutions,
    )


def record_failure(raw: bytes, filename: str, error: ParseError, user) -> None:
    ImportRecord.objects.create(
        action=ImportRecord.FAILED,
        file_name=filename,
        checksum=checksum_of(raw),
        size=len(raw),
        imported_by=user,
        message=str(error),
    )


def find_existing(parsed: ParsedInterview, checksum: str, filename: str) -> Interview | None:
    """The interview a document is a version of: same bytes, same URL, same file, same title and date."""
    interviews = Interview.objects.all()
    match = interviews.filter(checksum=checksum).first()
    if match is not None:
        return match
    # The other three ways, in order of preference, asked in one query.
    ways = [Q(url=parsed.url)] if parsed.url else []
    if filename:
        ways.append(Q(file_name=filename, date=parsed.date))
    ways.append(Q(title=parsed.title, date=parsed.date))
    candidates = list(interviews.filter(reduce(operator.or_, ways)).order_by("id")[:50])
    for way in ways:
        for candidate in candidates:
            if _matches(candidate, way):
                return candidate
    if len(candidates) == 50:  # more versions than fetched: ask again, one way at a time
        for way in ways:
            match = interviews.filter(way).order_by("id").first()
            if match is not None:
                return match
    return None


def _matches(interview: Interview, way: Q) -> bool:
    return all(getattr(interview, field) == value for field, value in way.children)


# --- sources -----------------------------------------------------------------------


def find_source(name: str, url: str = "") -> Source | None:
    """The archive Source a printed outlet name (or failing that, a URL's domain) stands for."""
    key = fold(name) if name else ""
    if key:
        source = Source.objects.filter(name_key=key).first()
        if source:
            return source
        for candidate in Source.objects.exclude(aliases=[]).only(
            "id", "name", "short_name", "aliases"
        ):
            if key in candidate.match_keys():
                return Source.objects.get(pk=candidate.pk)
        return None
    domain = urlsplit(url).hostname or "" if url else ""
    if domain:
        domain = domain.removeprefix("www.")
        for candidate in Source.objects.exclude(domains=[]).only("id", "domains"):
            if any(domain == d or domain.endswith("." + d) for d in candidate.domains):
                return Source.objects.get(pk=candidate.pk)
    return None


def resolve_source(name: str, url: str = "") -> Source | None:
    """find_source(), creating a Source for an outlet name the archive does not know yet."""
    source = find_source(name, url)
    if source is None and fold(name or ""):
        source = Source(name=name[:200])
        source.save()
    return source


def where_of(parsed: ParsedInterview, interview: Interview | None = None) -> Where:
    """The date and jurisdiction a document's speakers are resolved in. Reads only."""
    if interview is not None and interview.pk:
        source, publisher = interview.source, interview.publisher
    else:
        source = find_source(parsed.source, parsed.url)
        publisher = find_source(parsed.publisher) if parsed.publisher else None
    return Where(
        date=parsed.date,
        jurisdiction=jurisdiction_of(source, publisher, parsed.url),
        interview_id=interview.pk if interview is not None else None,
    )


# --- writing one interview ----------------------------------------------------------


class InterviewWriter:
    def __init__(
        self,
        parsed: ParsedInterview,
        raw: bytes,
        checksum: str,
        user,
        resolver: Resolver,
        chosen: Mapping[str, Speaker | None] | None = None,
    ):
        self.parsed = parsed
        self.raw = raw
        self.checksum = checksum
        self.user = user
        self.resolver = resolver
        self.chosen = chosen or {}
        self.resolutions: dict[str, Resolution] = {}

    def write(self, existing: Interview | None) -> Interview:
        parsed = self.parsed
        interview = existing or Interview()
        interview.title = parsed.title[:500]
        interview.date = parsed.date
        interview.published = parsed.published
        interview.source = resolve_source(parsed.source, parsed.url)
        interview.publisher = resolve_source(parsed.publisher) if parsed.publisher else None
        if interview.publisher is not None and interview.publisher == interview.source:
            interview.publisher = None
        interview.url = parsed.url[:1000]
        interview.language = parsed.language
        interview.location = parsed.location[:300]
        interview.intro = parsed.intro_text
        interview.file_name = parsed.file[:300]
        interview.checksum = self.checksum
        interview.imported_at = timezone.now()
        interview.imported_by = self.user
        interview.turn_count = len(parsed.turns)
        interview.save()

        new = existing is None
        before = Counter() if new else speaker_tally(interview)
        speakers = self._participants(interview, new=new)
        rows = self._turns(interview, speakers, new=new)
        update_speaker_counts(before, tally_rows(rows, interview.participants.all()))
        touched = {speaker.pk for speaker, _ in speakers.values()}
        Speaker.objects.refresh_roles(touched | {k[0] for k in before})
        tag_interview(interview, parsed, new=new)  # topics, places, organisations: subjects/
        record = ImportRecord.objects.create(
            interview=interview,
            action=ImportRecord.UPDATED if existing is not None else ImportRecord.CREATED,
            file_name=parsed.file[:300],
            checksum=self.checksum,
            size=len(self.raw),
            encoding=parsed.encoding[:40],
            original=self.raw,
            warnings=parsed.warnings,
            imported_by=self.user,
        )
        Interview.objects.filter(pk=interview.pk).update(document=record)
        interview.document = record
        return interview

    def _participants(self, interview: Interview, new: bool) -> dict[str, tuple[Speaker, str]]:
        by_name: dict[str, tuple[Speaker, str]] = {}
        keep = []
        rows: dict[int, Participant] = {}
        where = where_of(self.parsed, interview)
        # An unnamed speaker is looked up among the participants written so far, so
        # those are written one by one; a new interview of named speakers in one go.
        new = new and all(s.kind != Speaker.ANONYMOUS for s in self.parsed.speakers)
        for position, parsed_speaker in enumerate(self.parsed.speakers):
            if parsed_speaker.name in self.chosen:
                chosen = self.chosen[parsed_speaker.name]
                resolution = Resolution(chosen, parsed_speaker.name, EDITOR)
            else:
                resolution = self.resolver.resolve(parsed_speaker, where)
            speaker = self.resolver.speaker(parsed_speaker, resolution, where)
            self.resolutions[parsed_speaker.name] = Resolution(
                speaker, speaker.name, resolution.resolved_by, resolution.unresolved
            )
            by_name[parsed_speaker.name] = (speaker, parsed_speaker.part)
            values = participant_values(parsed_speaker, resolution.resolved_by, position)
            if new:
                # Two labels resolved to one person: the later one's facts win, as below.
                rows[speaker.pk] = Participant(interview=interview, speaker=speaker, **values)
            else:
                Participant.objects.update_or_create(
                    interview=interview, speaker=speaker, defaults=values
                )
            keep.append(speaker.pk)
        if new:
            Participant.objects.bulk_create(rows.values())
        else:
            interview.participants.exclude(speaker_id__in=keep).delete()
        return one_part_each(by_name)

    def _turns(
        self, interview: Interview, speakers: dict[str, tuple[Speaker, str]], new: bool
    ) -> list[tuple]:
        parsed_turns = self.parsed.turns
        old = [] if new else list(interview.turns.order_by("position"))
        keys = carry_keys(old, parsed_turns)
        used = {key for key in keys if key}
        # An editor's choice of speaker for a turn outlives every re-import of it.
        choices = {} if new else editors_choices(interview, speakers)
        seed = self.checksum
        rows = []
        for position, parsed_turn in enumerate(parsed_turns):
            speaker, part = speakers[parsed_turn.speaker]
            key = keys[position] or new_turn_key(seed, position, parsed_turn.text, used)
            speaker, part = choices.get(key, (speaker, part))
            used.add(key)
            rows.append(
                turn_row(
                    interview=interview,
                    position=position,
                    key=key,
                    speaker=speaker,
                    label=parsed_turn.label,
                    kind=parsed_turn.kind,
                    text=parsed_turn.text,
                    timecode=parsed_turn.timecode,
                    part=part,
                )
            )
        if old:
            retired = {t.key for t in old} - used
            RetiredTurn.objects.bulk_create(
                [RetiredTurn(interview=interview, key=key) for key in retired],
                ignore_conflicts=True,
            )
            RetiredTurn.objects.filter(interview=interview, key__in=used).delete()
            # Rows are replaced rather than updated in place: positions shift and the
            # search index follows inserts and deletes. Keys carry the permalinks.
            interview.turns.all().delete()
        insert_turns(rows)
        return rows


def one_part_each(by_name: dict[str, tuple[Speaker, str]]) -> dict[str, tuple[Speaker, str]]:
    """Labels -> (speaker, part), where two labels of one person share the later's part.

    The participation keeps the later label's facts; every turn of that person in the
    interview carries the same part, or the turns' copy would disagree with it.
    """
    last = {speaker.pk: part for speaker, part in by_name.values()}
    return {name: (speaker, last[speaker.pk]) for name, (speaker, _) in by_name.items()}


def participant_values(parsed_speaker: ParsedSpeaker, resolved_by: str, position: int) -> dict:
    """A Participant's fields from the document's speaker and how it was resolved."""
    return {
        "part": parsed_speaker.part,
        "role": parsed_speaker.role[:300],
        "labels": parsed_speaker.labels,
        "position": position,
        "printed_name": parsed_speaker.name[:200],
        "evidence": parsed_speaker.evidence,
        "resolved_by": resolved_by,
    }


def editors_choices(
    interview: Interview, speakers: dict[str, tuple[Speaker, str]]
) -> dict[str, tuple[Speaker, str]]:
    """Turn key -> (speaker, part) an editor chose; a chosen speaker stays a participant."""
    parts = {speaker.pk: part for speaker, part in speakers.values()}
    choices = {}
    for choice in SpeakerChoice.objects.filter(interview=interview).select_related("speaker"):
        speaker = choice.speaker
        if speaker.pk not in parts:
            part = (
                Participant.objects.filter(interview=interview, speaker=speaker)
                .values_list("part", flat=True)
                .first()
                or OTHER
            )
            Participant.objects.update_or_create(
                interview=interview,
                speaker=speaker,
                defaults={"part": part, "position": len(parts), "resolved_by": EDITOR},
            )
            parts[speaker.pk] = part
        choices[choice.key] = (speaker, parts[speaker.pk])
    return choices


def tally_rows(rows: list[tuple], participants) -> Counter:
    """What `speaker_tally` would read back, counted from what was just written."""
    speaker_at = TURN_COLUMNS.index("speaker_id")
    tally: Counter = Counter()
    for row in rows:
        tally[(row[speaker_at], "turns")] += 1
    for participant in participants:
        tally[(participant.speaker_id, "interviews")] = 1
    return tally
