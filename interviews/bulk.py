"""The bulk path for very large loads: parse on every core, write in large transactions.

    bulk_import(paths, jobs=None, batch=200) -> BulkResult

Documents are parsed by the same parser in a pool of worker processes and written, in
their given order, by the one write path (`import_document` with the parse handed over),
so rows, permalink keys and speaker resolution are exactly those of a one-by-one import.
What changes is the transaction: `batch` documents commit together, each in its own
savepoint, so a document that fails still leaves the others in place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from . import parsing
from .importing import (
    CREATED,
    FAILED,
    ImportOutcome,
    SpeakerCache,
    _record_failure,
    import_document,
)
from .parsing import ParsedInterview, ParseError


@dataclass
class BulkResult:
    counts: dict[str, int] = field(default_factory=dict)
    turns: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(self.counts.values())


def _parse(item: tuple[str, str, int]) -> tuple[str, bytes, ParsedInterview | ParseError]:
    path, name, max_bytes = item
    raw = Path(path).read_bytes()
    try:
        return name, raw, parsing.parse_document(raw, name, max_bytes=max_bytes)
    except ParseError as error:
        return name, raw, error


def parsed_documents(paths: list[Path], jobs: int) -> Iterator[tuple[str, bytes, object]]:
    """(file name, bytes, ParsedInterview or ParseError) for each path, in order."""
    items = [(str(p), p.name, settings.ARCHIVE_MAX_DOCUMENT_BYTES) for p in paths]
    if jobs <= 1:
        yield from map(_parse, items)
        return
    with ProcessPoolExecutor(jobs) as executor:
        # map() keeps the order and reads ahead only as far as the workers have got.
        yield from executor.map(_parse, items, chunksize=8)


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
    cache = SpeakerCache()
    started = time.perf_counter()
    documents = parsed_documents(paths, jobs)
    while chunk := list(islice(documents, batch)):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Durability is settled by the batch's commit, not by every statement.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            for name, raw, parsed in chunk:
                if isinstance(parsed, ParseError):
                    _record_failure(raw, name, parsed, user)
                    outcome = ImportOutcome(name, FAILED, error=parsed)
                else:
                    outcome = import_document(raw, name, user=user, parsed=parsed, cache=cache)
                result.counts[outcome.status] = result.counts.get(outcome.status, 0) + 1
                if outcome.status == CREATED or outcome.status == "updated":
                    result.turns += len(outcome.parsed.turns)
                if outcome.error is not None:
                    result.failures.append(str(outcome.error))
                if on_document is not None:
                    on_document(outcome)
    result.seconds = time.perf_counter() - started
    return result
