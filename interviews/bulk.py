"""The bulk path for very large loads: parse on every core, write in large transactions.

    bulk_import(paths, jobs=None, batch=200) -> BulkResult

Documents are parsed by the same parser in a pool of worker processes and written in
their given order. New interviews (the bulk of a large load) are written a run at a time
by `BatchWriter`, with the importer's own rules for sources, slugs, speakers, topics and
permalink keys but a few queries per run; every other document (a new version, a
duplicate) goes through `import_document` itself. The rows, keys and
speaker resolution are exactly those of a one-by-one import (tests/test_bench.py checks
it). What changes is the transaction: `batch` documents commit together.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import parsing, retry, revision, tagging
from .consistency import check_archive, update_speaker_counts
from .importing import (
    CREATED,
    FAILED,
    UPDATED,
    ImportOutcome,
    checksum_of,
    import_document,
    one_part_each,
    participant_values,
    record_failure,
    resolve_source,
)
from .models import (
    ImportRecord,
    Interview,
    Participant,
    SlugRedirect,
    Source,
    Speaker,
    slug_candidates,
    unique_slug,
)
from .parsing import ParsedInterview, ParseError
from .parsing.text import fold
from .people.mend import reconcile_new_people
from .people.resolve import UNRESOLVED, Resolution, Resolver, Where, jurisdiction_of
from .people.roles import LatestRoles
from .people.spelling import merge_near_spellings
from .subjects.store import declared_topic_ids, write_batch
from .turnrows import TURN_COLUMNS, insert_turns, new_turn_key, turn_row


@dataclass
class BulkResult:
    counts: dict[str, int] = field(default_factory=dict)
    turns: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)  # what check_archive found and mended
    merged: list[str] = field(default_factory=list)  # spellings of one person made one

    @property
    def documents(self) -> int:
        return sum(self.counts.values())


def _parse(item: tuple[str, str, int]) -> tuple[str, bytes, ParsedInterview | ParseError]:
    path, name, max_bytes = item
    raw = Path(path).read_bytes()
    try:
        parsed = parsing.parse_document(raw, name, max_bytes=max_bytes)
    except ParseError as error:
        return name, raw, error
    tagging.tags_of(parsed)  # tagged here, on every core; the writer reuses it
    return name, raw, parsed


def parsed_documents(paths: list[Path], jobs: int) -> Iterator[tuple[str, bytes, object]]:
    """(file name, bytes, ParsedInterview or ParseError) for each path, in order."""
    items = [(str(p), p.name, settings.ARCHIVE_MAX_DOCUMENT_BYTES) for p in paths]
    if jobs <= 1:
        yield from map(_parse, items)
        return
    with ProcessPoolExecutor(jobs) as executor:
        # In order, and at most a window ahead of the writer: executor.map() would queue
        # every document at once and keep every parse in memory until it is written.
        window = jobs * 64
        pending: deque = deque()
        for item in items:
            pending.append(executor.submit(_parse, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def bulk_import(
    paths: Iterable[Path],
    *,
    jobs: int | None = None,
    batch: int = 200,
    user=None,
    on_document: Callable[[ImportOutcome], None] | None = None,
) -> BulkResult:
    paths = list(paths)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    result = BulkResult()
    resolver = Resolver()
    roles = LatestRoles()
    started = time.perf_counter()
    documents = parsed_documents(paths, jobs)

    def done(outcome: ImportOutcome) -> None:
        result.counts[outcome.status] = result.counts.get(outcome.status, 0) + 1
        if outcome.status in (CREATED, UPDATED):
            result.turns += len(outcome.parsed.turns)
        if outcome.error is not None:
            result.failures.append(str(outcome.error))
        if on_document is not None:
            on_document(outcome)

    new_people: list[Speaker] = []
    while chunk := list(islice(documents, batch)):
        # A batch that met a concurrent import of one of its documents is written again:
        # that document is then known, and goes through import_document (interviews/retry.py).
        outcomes, people = retry.on_conflict(
            lambda chunk=chunk: _write_batch(chunk, resolver, roles, user),
            what="a bulk import batch",
        )
        for outcome in outcomes:  # reported once the batch has committed
            done(outcome)
        new_people.extend(people)
    # Surnames printed before the archive met their full names resolve now.
    reconcile_new_people(new_people, user=user)
    # A name printed two ways in different documents is one person under its usual spelling.
    result.merged = [str(m) for m in merge_near_spellings(new_people, user=user)]
    # Every count and copy the batches kept, checked against the rows (and mended).
    result.drift = [str(d) for d in check_archive(fix=True)]
    result.seconds = time.perf_counter() - started
    return result


def _write_batch(
    chunk: list[tuple], resolver: Resolver, roles: LatestRoles, user
) -> tuple[list[ImportOutcome], list[Speaker]]:
    """One batch in one transaction: its outcomes, and the people it named in full."""
    outcomes: list[ImportOutcome] = []
    people: list[Speaker] = []

    def flush(writer: BatchWriter) -> None:
        pending = list(writer.pending)
        for interview, (name, _raw, _sum, parsed, _slug) in zip(
            writer.flush(), pending, strict=True
        ):
            outcomes.append(ImportOutcome(name, CREATED, interview=interview, parsed=parsed))
        people.extend(writer.new_people)
        writer.new_people = []

    try:
        with transaction.atomic(), revision.deferred():
            if connection.vendor == "postgresql":
                # Durability is settled by the batch's commit, not by every statement.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            resolver.preload()
            writer = BatchWriter(resolver, roles, user)
            known = writer.known([d for d in chunk if not isinstance(d[2], ParseError)])
            for name, raw, parsed in chunk:
                if isinstance(parsed, ParseError):
                    flush(writer)
                    record_failure(raw, name, parsed, user)
                    outcomes.append(ImportOutcome(name, FAILED, error=parsed))
                elif not writer.accepts(name, raw, parsed, known):
                    flush(writer)
                    outcome = import_document(
                        raw, name, user=user, parsed=parsed, resolver=resolver, reconcile=False
                    )
                    people.extend(r.speaker for r in outcome.resolutions.values())
                    writer.wrote_elsewhere(outcome)
                    outcomes.append(outcome)
            flush(writer)
    except BaseException:
        resolver.forget()  # the batch's new speakers are gone with it
        roles.forget_all()
        raise
    return outcomes, people


class BatchWriter:
    """Writes a run of new interviews with a handful of queries instead of dozens each.

    It takes only documents whose outcome is certain to be "created", with named
    speakers, and gives each the slug import_document would; `accepts()` says so, and anything else goes
    through `import_document`, after the pending run is written (`flush()`), so rows
    are created in document order and come out exactly as one-by-one imports make them.
    """

    def __init__(self, resolver: Resolver, roles: LatestRoles | None = None, user=None):
        self.resolver = resolver
        self.roles = roles if roles is not None else LatestRoles()
        self.user = user
        self.pending: list[tuple[str, bytes, str, ParsedInterview, str]] = []
        self.seen: set[tuple] = set()  # the keys find_existing would match, in this run
        self.sources: dict[tuple[str, str], Source | None] = {}
        self.topics: dict[str, int] = {}  # topic names of headers -> Topic ids
        self.new_people: list[Speaker] = []

    # --- deciding ---------------------------------------------------------------------

    def known(self, documents: list[tuple[str, bytes, ParsedInterview]]) -> set[tuple]:
        """The keys of these documents that interviews already in the archive have."""
        checksums = [checksum_of(raw) for _, raw, _ in documents]
        urls = [p.url for _, _, p in documents if p.url]
        names = [name for name, _, _ in documents if name]
        titles = [p.title for _, _, p in documents]
        interviews = Interview.objects.order_by()
        found = {
            ("checksum", c)
            for c in interviews.filter(checksum__in=checksums).values_list("checksum", flat=True)
        }
        found |= {("url", u) for u in interviews.filter(url__in=urls).values_list("url", flat=True)}
        found |= {
            ("file", f)
            for f in interviews.filter(file_name__in=names).values_list("file_name", flat=True)
        }
        found |= {
            ("title", t, d)
            for t, d in interviews.filter(title__in=titles).values_list("title", "date")
        }
        slugs = [self._slug_base(p) for _, _, p in documents]
        found |= {
            ("slug", s) for s in interviews.filter(slug__in=slugs).values_list("slug", flat=True)
        }
        found |= {
            ("slug", s)
            for s in SlugRedirect.objects.filter(kind="interview", old_slug__in=slugs)
            .exclude(object_id=0)
            .values_list("old_slug", flat=True)
        }
        return found

    @staticmethod
    def _slug_base(parsed: ParsedInterview) -> str:
        candidates, _ = slug_candidates(parsed.title[:500], max_length=Interview.slug_max_length)
        return candidates[0]

    @staticmethod
    def _keys(name: str, raw_checksum: str, parsed: ParsedInterview, slug: str) -> set[tuple]:
        keys = {("checksum", raw_checksum), ("file", name), ("file", parsed.file[:300])}
        # find_existing matches a title only with its date: a press office's hundred
        # briefings of one title are a hundred interviews.
        keys |= {("title", parsed.title, parsed.date), ("title", parsed.title[:500], parsed.date)}
        keys.add(("slug", slug))
        if parsed.url:
            keys |= {("url", parsed.url), ("url", parsed.url[:1000])}
        return keys

    def accepts(self, name: str, raw: bytes, parsed: ParsedInterview, known: set[tuple]) -> bool:
        slug = self._slug_base(parsed)
        keys = self._keys(name, checksum_of(raw), parsed, slug) - {("slug", slug)}
        if keys & known or keys & self.seen:
            return False
        if ("slug", slug) in known or ("slug", slug) in self.seen:
            # The slug import_document would give it once the run before it is written.
            pending = {key[1] for key in self.seen if key[0] == "slug"}
            slug = unique_slug(
                Interview,
                parsed.title[:500],
                max_length=Interview.slug_max_length,
                suffix=parsed.date.isoformat() if parsed.date else "",
                also_taken=pending,
            )
        keys.add(("slug", slug))
        self.seen |= keys
        self.pending.append((name, raw, checksum_of(raw), parsed, slug))
        return True

    def wrote_elsewhere(self, outcome: ImportOutcome) -> None:
        """A document went through import_document: remember what it now occupies."""
        interview = outcome.interview
        if interview is not None:
            self.seen |= {("slug", interview.slug), ("checksum", interview.checksum)}
            self.seen |= {("url", interview.url), ("title", interview.title, interview.date)}
            self.seen.add(("file", interview.file_name))
            self.roles.forget(interview.participants.values_list("speaker_id", flat=True))

    # --- writing ----------------------------------------------------------------------

    def _source(self, name: str, url: str = "") -> Source | None:
        key = (name, "" if fold(name) else url)  # resolve_source reads the URL only then
        if key not in self.sources:
            self.sources[key] = resolve_source(name, url)
        return self.sources[key]

    def flush(self) -> list[Interview]:
        if not self.pending:
            return []
        interviews, participants, turns, tagged, records = [], [], [], [], []
        for _name, _raw, checksum, parsed, slug in self.pending:
            interview = Interview(slug=slug)
            interview.title = parsed.title[:500]
            interview.date = parsed.date
            interview.published = parsed.published
            interview.source = self._source(parsed.source, parsed.url)
            interview.publisher = self._source(parsed.publisher) if parsed.publisher else None
            if interview.publisher is not None and interview.publisher == interview.source:
                interview.publisher = None
            interview.url = parsed.url[:1000]
            interview.language = parsed.language
            interview.location = parsed.location[:300]
            interview.intro = parsed.intro_text
            interview.file_name = parsed.file[:300]
            interview.checksum = checksum
            interview.imported_at = timezone.now()
            interview.imported_by = self.user
            interview.turn_count = len(parsed.turns)
            interviews.append(interview)
        Interview.objects.bulk_create(interviews)
        for interview, (_name, raw, checksum, parsed, _slug) in zip(
            interviews, self.pending, strict=True
        ):
            by_name, rows = {}, {}
            where = Where(
                parsed.date, jurisdiction_of(interview.source, interview.publisher, parsed.url)
            )
            unnamed: dict[str, Speaker] = {}  # an unnamed official is one per interview
            for position, parsed_speaker in enumerate(parsed.speakers):
                same = None
                if parsed_speaker.kind == Speaker.ANONYMOUS:
                    same = unnamed.get(fold(parsed_speaker.name))
                if same is not None:
                    # As import_document finds them among the interview's participants.
                    resolution = Resolution(same, parsed_speaker.name, UNRESOLVED)
                else:
                    resolution = self.resolver.resolve(parsed_speaker, where)
                speaker = self.resolver.speaker(parsed_speaker, resolution, where, keep=True)
                if speaker.kind == Speaker.ANONYMOUS:
                    unnamed.setdefault(speaker.name_key, speaker)
                if resolution.speaker is None and speaker.is_person and not speaker.unresolved:
                    self.new_people.append(speaker)
                by_name[parsed_speaker.name] = (speaker, parsed_speaker.part)
                rows[speaker.pk] = Participant(
                    interview=interview,
                    speaker=speaker,
                    **participant_values(parsed_speaker, resolution.resolved_by, position),
                )
            participants.extend(rows.values())
            by_name = one_part_each(by_name)
            used: set[str] = set()
            for position, parsed_turn in enumerate(parsed.turns):
                speaker, part = by_name[parsed_turn.speaker]
                key = new_turn_key(checksum, position, parsed_turn.text, used)
                used.add(key)
                turns.append(
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
            declared = declared_topic_ids(parsed.topics, self.topics)
            tagged.append((interview, tagging.tags_of(parsed), declared))
            records.append(
                ImportRecord(
                    interview=interview,
                    action=ImportRecord.CREATED,
                    file_name=parsed.file[:300],
                    checksum=checksum,
                    size=len(raw),
                    encoding=parsed.encoding[:40],
                    original=raw,
                    warnings=parsed.warnings,
                    imported_by=self.user,
                )
            )
        self.resolver.write_kept()  # the new speakers, before the rows that name them
        Participant.objects.bulk_create(participants)
        insert_turns(turns)
        write_batch(tagged)  # topics, places, organisations: subjects/store.py
        ImportRecord.objects.bulk_create(records)
        for interview, record in zip(interviews, records, strict=True):
            interview.document = record
        Interview.objects.bulk_update(interviews, ["document"], batch_size=500)
        tally: Counter = Counter()
        for row in turns:
            tally[(row[TURN_COLUMNS.index("speaker_id")], "turns")] += 1
        for participant in participants:
            tally[(participant.speaker_id, "interviews")] += 1
        update_speaker_counts(Counter(), tally)
        # New participations only add roles: a person none of them prints a role for keeps
        # the one they had.
        self.roles.add(participants)
        revision.changed()
        self.pending = []
        return interviews
