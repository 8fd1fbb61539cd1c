"""The one write path for documents: the command, the editors' form and the benchmarks use it.

    import_document(data, filename, user=None, dry_run=False, speakers=None) -> ImportOutcome

Each document is imported in its own transaction: it lands whole or not at all.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import operator
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from . import parsing, retry, revision
from .models import (
    ImportRecord,
    Interview,
    Participant,
    RetiredTurn,
    Source,
    Speaker,
    Topic,
    Turn,
)
from .parsing import ParsedInterview, ParsedSpeaker, ParseError
from .parsing.text import fold

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
        return data


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
    cache: SpeakerCache | None = None,
    speakers: Mapping[str, Speaker | None] | None = None,
) -> ImportOutcome:
    """Parse a document and create or update its interview.

    `parsed` lets an editor's corrected preview be saved instead of a fresh parse;
    `force` re-imports a document whose checksum is already in the archive;
    `speakers` maps a parsed speaker's name to the archive speaker an editor chose for
    it, or to None for a new speaker even where the archive knows one of that name.
    Speakers it does not name are resolved as usual.
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
    if dry_run:
        existing = find_existing(parsed, checksum, filename)
        return ImportOutcome(
            filename, PREVIEW, parsed=parsed, existing=existing, warnings=parsed.warnings
        )
    # The same document imported twice at once: the later transaction fails on the
    # unique checksum and, tried again, finds the interview the other one wrote.
    return retry.on_conflict(
        lambda: _write_document(raw, filename, parsed, checksum, user, force, cache, speakers),
        what=f"importing {filename}",
    )


def _write_document(raw, filename, parsed, checksum, user, force, cache, speakers):
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
        writer = InterviewWriter(
            parsed, raw, checksum, user, cache or SpeakerCache(), chosen=speakers
        )
        interview = writer.write(existing)
    revision.changed()
    status = UPDATED if existing is not None else CREATED
    return ImportOutcome(
        filename, status, interview=interview, parsed=parsed, warnings=parsed.warnings
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


# --- sources and speakers -----------------------------------------------------------


def resolve_source(name: str, url: str = "") -> Source | None:
    """The Source a printed outlet name (or failing that, a URL's domain) stands for."""
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
        source = Source(name=name[:200])
        source.save()
        return source
    domain = urlsplit(url).hostname or "" if url else ""
    if domain:
        domain = domain.removeprefix("www.")
        for candidate in Source.objects.exclude(domains=[]).only("id", "domains"):
            if any(domain == d or domain.endswith("." + d) for d in candidate.domains):
                return Source.objects.get(pk=candidate.pk)
    return None


class SpeakerCache:
    """Speakers looked up by name key within one import run, so a batch asks the database once per name."""

    def __init__(self):
        self.by_key: dict[tuple[str, str], Speaker] = {}

    def match(self, parsed: ParsedSpeaker, interview: Interview | None) -> Speaker | None:
        """The archive speaker `resolve` would use, or None for a new one. Writes nothing."""
        key = fold(parsed.name)
        if parsed.kind == Speaker.ANONYMOUS:
            # An unnamed official is someone different in every interview.
            if interview is not None and interview.pk:
                return Speaker.objects.filter(
                    kind=Speaker.ANONYMOUS, name_key=key, participations__interview=interview
                ).first()
            return None
        cached = self.by_key.get((parsed.kind, key))
        if cached is not None:
            return cached
        speaker = Speaker.objects.filter(kind=parsed.kind, name_key=key).order_by("id").first()
        if speaker is None and parsed.kind == Speaker.PERSON:
            speaker = self._by_surname(key)
        return speaker

    def resolve(self, parsed: ParsedSpeaker, interview: Interview | None) -> Speaker:
        speaker = self.match(parsed, interview)
        if parsed.kind == Speaker.ANONYMOUS:
            if speaker is None:
                speaker = Speaker(
                    name=parsed.name, kind=Speaker.ANONYMOUS, role=parsed.role, labels=parsed.labels
                )
                speaker.save()
            return speaker
        speaker = self.create(parsed) if speaker is None else self._learn(speaker, parsed)
        # Only committed rows are cached: a failed document rolls its new speakers back.
        key = (parsed.kind, fold(parsed.name))
        transaction.on_commit(lambda: self.by_key.__setitem__(key, speaker))
        return speaker

    def use(self, parsed: ParsedSpeaker, speaker: Speaker | None) -> Speaker:
        """An editor's choice: this archive speaker (learning the labels), or a new one."""
        if speaker is None:
            return self.create(parsed)
        return self._learn(speaker, parsed, rename=False)

    @staticmethod
    def create(parsed: ParsedSpeaker) -> Speaker:
        speaker = Speaker(
            name=parsed.name, kind=parsed.kind, role=parsed.role, labels=list(parsed.labels)
        )
        speaker.save()
        return speaker

    @staticmethod
    def _by_surname(key: str) -> Speaker | None:
        """`Trump` is the archive's one Donald Trump; `Donald Trump` is the archive's one `Trump`."""
        words = key.split()
        if not words:
            return None
        if len(words) == 1:
            matches = list(
                Speaker.objects.filter(kind=Speaker.PERSON, name_key__endswith=" " + key)[:2]
            )
        else:
            matches = list(Speaker.objects.filter(kind=Speaker.PERSON, name_key=words[-1])[:2])
        return matches[0] if len(matches) == 1 else None

    @staticmethod
    def _learn(speaker: Speaker, parsed: ParsedSpeaker, *, rename: bool = True) -> Speaker:
        """Remember new labels, a role where none was known, and a fuller name."""
        changed = False
        labels = list(dict.fromkeys([*speaker.labels, *parsed.labels]))
        if labels != speaker.labels:
            speaker.labels = labels
            changed = True
        if parsed.role and not speaker.role:
            speaker.role = parsed.role
            changed = True
        if rename and len(parsed.name.split()) > 1 and len(speaker.name.split()) == 1:
            speaker.name = parsed.name
            changed = True
        if changed:
            speaker.save()
        return speaker


# --- writing one interview ----------------------------------------------------------


class InterviewWriter:
    def __init__(
        self,
        parsed: ParsedInterview,
        raw: bytes,
        checksum: str,
        user,
        cache: SpeakerCache,
        chosen: Mapping[str, Speaker | None] | None = None,
    ):
        self.parsed = parsed
        self.raw = raw
        self.checksum = checksum
        self.user = user
        self.cache = cache
        self.chosen = chosen or {}

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
        before = Counter() if new else _speaker_tally(interview)
        speakers = self._participants(interview, new=new)
        self._turns(interview, speakers, new=new)
        update_speaker_counts(before, self._tally(speakers))
        if parsed.topics:
            topics = [topic_named(name) for name in parsed.topics if name.strip()]
            interview.topics.add(*topics)
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

    def _tally(self, speakers: dict[str, tuple[Speaker, str]]) -> Counter:
        """What `_speaker_tally` would read back, counted from what was just written."""
        tally: Counter = Counter()
        for parsed_turn in self.parsed.turns:
            tally[(speakers[parsed_turn.speaker][0].pk, "turns")] += 1
        for speaker, _ in speakers.values():
            tally[(speaker.pk, "interviews")] = 1
        return tally

    def _participants(self, interview: Interview, new: bool) -> dict[str, tuple[Speaker, str]]:
        by_name: dict[str, tuple[Speaker, str]] = {}
        keep = []
        rows: dict[int, Participant] = {}
        # An unnamed speaker is looked up among the participants written so far, so
        # those are written one by one; a new interview of named speakers in one go.
        new = new and all(s.kind != Speaker.ANONYMOUS for s in self.parsed.speakers)
        for position, parsed_speaker in enumerate(self.parsed.speakers):
            if parsed_speaker.name in self.chosen:
                speaker = self.cache.use(parsed_speaker, self.chosen[parsed_speaker.name])
            else:
                speaker = self.cache.resolve(parsed_speaker, interview)
            by_name[parsed_speaker.name] = (speaker, parsed_speaker.part)
            values = {
                "part": parsed_speaker.part,
                "role": parsed_speaker.role[:300],
                "labels": parsed_speaker.labels,
                "position": position,
            }
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
        return by_name

    def _turns(
        self, interview: Interview, speakers: dict[str, tuple[Speaker, str]], new: bool
    ) -> None:
        parsed_turns = self.parsed.turns
        old = [] if new else list(interview.turns.order_by("position"))
        keys = _carry_keys(old, parsed_turns)
        used = {key for key in keys if key}
        seed = self.checksum
        rows = []
        for position, parsed_turn in enumerate(parsed_turns):
            speaker, part = speakers[parsed_turn.speaker]
            key = keys[position] or new_turn_key(seed, position, parsed_turn.text, used)
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


TURN_COLUMNS = [
    "interview_id",
    "position",
    "key",
    "speaker_id",
    "label",
    "kind",
    "text",
    "timecode",
    "part",
    "date",
    "language",
    "source_id",
]


def turn_row(*, interview, position, key, speaker, label, kind, text, timecode, part) -> tuple:
    """A new turn as insert_turns() writes it, in TURN_COLUMNS order."""
    return (
        interview.pk,
        position,
        key,
        speaker.pk,
        label[:300],
        kind,
        text,
        timecode[:20],
        part,
        interview.date,
        interview.language,
        interview.source_id,
    )


def insert_turns(rows: list[tuple]) -> None:
    """Write new turns (see turn_row) with the database's fastest bulk path.

    Nothing refers to a turn's id right after it is written, so the ORM's per-object
    work (building instances, preparing each value) is skipped: COPY on PostgreSQL,
    executemany on SQLite. Loading millions of turns, the ORM was the slower half.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Turn._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in TURN_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(TURN_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _speaker_tally(interview: Interview) -> Counter:
    """(speaker id, "turns"/"interviews") -> count, for this interview."""
    tally: Counter = Counter()
    for speaker_id, n in (
        Turn.objects.filter(interview=interview)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        tally[(speaker_id, "turns")] = n
    for speaker_id in interview.participants.values_list("speaker_id", flat=True):
        tally[(speaker_id, "interviews")] = 1
    return tally


def update_speaker_counts(before: Counter, after: Counter) -> None:
    """Apply the change in each speaker's turn and interview counts as one update per speaker."""
    deltas: dict[int, dict[str, int]] = {}
    for speaker_id, what in set(before) | set(after):
        change = after[(speaker_id, what)] - before[(speaker_id, what)]
        if change:
            deltas.setdefault(speaker_id, {})[what] = change
    for speaker_id, change in deltas.items():
        Speaker.objects.filter(pk=speaker_id).update(
            turn_count=F("turn_count") + change.get("turns", 0),
            interview_count=F("interview_count") + change.get("interviews", 0),
        )


def topic_named(name: str) -> Topic:
    name = name.strip()[:120]
    topic = Topic.objects.filter(name__iexact=name).first()
    if topic is None:
        topic = Topic(name=name)
        topic.save()
    return topic


def _carry_keys(old: list[Turn], new) -> list[str]:
    """Give each new turn the key of the old turn it corresponds to, if any.

    Unchanged turns keep their permalinks; a turn whose text was only corrected keeps
    its permalink too when it is still mostly the same words.
    """
    keys = [""] * len(new)
    if not old:
        return keys
    old_texts = [_norm(t.text) for t in old]
    new_texts = [_norm(t.text) for t in new]
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(a2 - a1):
                keys[b1 + offset] = old[a1 + offset].key
        elif tag == "replace":
            for offset in range(min(a2 - a1, b2 - b1)):
                ratio = difflib.SequenceMatcher(
                    a=old_texts[a1 + offset], b=new_texts[b1 + offset]
                ).quick_ratio()
                if ratio >= 0.8:
                    keys[b1 + offset] = old[a1 + offset].key
    return keys


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def new_turn_key(seed: str, position: int, text: str, used: set[str]) -> str:
    """A short, deterministic key: the same document imported anywhere gets the same permalinks."""
    attempt = 0
    while True:
        digest = hashlib.sha1(f"{seed}:{position}:{attempt}:{text}".encode()).digest()
        key = base64.b32encode(digest).decode("ascii").lower()[:8]
        if key not in used:
            return key
        attempt += 1
