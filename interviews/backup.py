"""The whole archive as one file, and back: backups, and the move from SQLite to PostgreSQL.

    export_archive(stream) -> counts
    import_archive(stream) -> counts

The file is JSON Lines (optionally gzipped). The first line is a header:

    {"archive": "interview-archive", "format": 1, "exported_at": "...",
     "migration": "0010_...", "models": {"interviews.source": 12, ...}}

then one line per row, model after model in the order a restore needs them, each row as
Django's serialisers write it: `{"model": "interviews.turn", "pk": 17, "fields": {...}}`.
Rows keep their primary keys, so every permalink, history entry and editor's choice comes
back as it was; editors' accounts and groups refer to permissions by name (natural keys),
which differ in number from one database to another. What the archive recomputes is not
written: the search index (PostgreSQL's stored tsvector, SQLite's FTS5 table, both filled
as rows arrive), the archive revision, sessions, sign-in attempts and unfinished uploads.

A restore goes into an empty archive (migrated, nothing imported) in one transaction:
a file that breaks off or does not parse leaves the database as it was and says at which
line. After it, `check_archive` must find nothing to mend.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from . import revision

FORMAT = 1
MAGIC = "interview-archive"
BATCH = 2000

# In restore order: a row's foreign keys point only to rows of earlier models (or are
# deferred to the end of the transaction, as Django makes them on both databases).
MODELS = [
    "auth.group",
    "auth.user",
    "interviews.source",
    "interviews.topic",
    "interviews.entity",
    "interviews.speaker",
    "interviews.speakername",
    "interviews.office",
    "interviews.membership",
    "interviews.importrecord",
    "interviews.interview",
    "interviews.participant",
    "interviews.turn",
    "interviews.retiredturn",
    "interviews.interviewtopic",
    "interviews.interviewentity",
    "interviews.turntopic",
    "interviews.turnentity",
    "interviews.tagchoice",
    "interviews.speakerchoice",
    "interviews.editrecord",
    "interviews.slugredirect",
]
# Accounts refer to permissions and groups by name: their ids are the database's own.
NATURAL = {"auth.group", "auth.user"}
# Groups are found by name: migrations make the editors' group in every database.
NATURAL_PK = {"auth.group"}


class ArchiveEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, and a round trip
    must give back the very same rows."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A file that is not an archive export, or one this version cannot restore."""


def open_for(path: str | Path, mode: str):
    """A text stream on `path`; `.gz` files are compressed."""
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def latest_migration() -> str:
    names = MigrationRecorder.Migration.objects.filter(app="interviews").values_list(
        "name", flat=True
    )
    return max(names, default="")


def export_archive(out) -> dict[str, int]:
    """Write every row of the archive to the text stream `out`; the rows per model."""
    counts = {label: apps.get_model(label).objects.count() for label in MODELS}
    header = {
        "archive": MAGIC,
        "format": FORMAT,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migration": latest_migration(),
        "models": counts,
    }
    out.write(json.dumps(header, ensure_ascii=False) + "\n")
    for label in MODELS:
        for row in _rows(label):
            out.write(json.dumps(row, cls=ArchiveEncoder, ensure_ascii=False) + "\n")
    return counts


def _rows(label: str) -> Iterator[dict]:
    model = apps.get_model(label)
    queryset = model._default_manager.order_by("pk")
    chunk: list = []
    for obj in queryset.iterator(chunk_size=BATCH):
        chunk.append(obj)
        if len(chunk) >= BATCH:
            yield from _serialised(label, chunk)
            chunk = []
    yield from _serialised(label, chunk)


def _serialised(label: str, objects: list) -> list[dict]:
    if not objects:
        return []
    return serializers.serialize(
        "python",
        objects,
        use_natural_foreign_keys=label in NATURAL,
        use_natural_primary_keys=label in NATURAL_PK,
    )


def import_archive(stream, *, name: str = "the archive file") -> dict[str, int]:
    """Restore an export into this empty archive, all or nothing; the rows per model."""
    header = _header(stream.readline(), name)
    if not is_empty():
        raise BackupError(
            "the archive is not empty: restore into a new database (migrate, then import_archive)"
        )
    counts: dict[str, int] = {}
    with transaction.atomic(), _timestamps_as_written():
        batch: list[dict] = []
        label = None
        line_number = 1
        for line_number, line in enumerate(stream, start=2):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row_label = row["model"]
            except (ValueError, KeyError, TypeError) as error:
                raise BackupError(
                    f"{name}, line {line_number}: not an archive row ({error})"
                ) from error
            if row_label not in MODELS:
                raise BackupError(f"{name}, line {line_number}: unknown model {row_label!r}")
            if row_label != label or len(batch) >= BATCH:
                _save(batch, name, line_number)
                batch, label = [], row_label
            batch.append(row)
            counts[row_label] = counts.get(row_label, 0) + 1
        _save(batch, name, line_number)
        expected = {k: v for k, v in header.get("models", {}).items() if v}
        if counts != expected:
            raise BackupError(
                f"{name} breaks off: the header promises {sum(expected.values())} rows, "
                f"the file holds {sum(counts.values())}"
            )
        _reset_sequences()
        revision.changed()
    return counts


def _header(line: str, name: str) -> dict:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("archive") != MAGIC:
        raise BackupError(f"{name} is not an archive export (its first line is no header)")
    if header.get("format") != FORMAT:
        raise BackupError(
            f"{name} is format {header.get('format')}; this version restores format {FORMAT}"
        )
    theirs, ours = header.get("migration", ""), latest_migration()
    if theirs > ours:
        raise BackupError(
            f"{name} was written by a newer archive (migration {theirs}; this database is at "
            f"{ours}): upgrade and migrate first"
        )
    return header


def is_empty() -> bool:
    return not any(
        apps.get_model(label).objects.exists() for label in MODELS if label not in NATURAL
    )


def _save(rows: list[dict], name: str, line_number: int) -> None:
    if not rows:
        return
    model = apps.get_model(rows[0]["model"])
    try:
        objects = list(serializers.deserialize("python", rows, ignorenonexistent=True))
    except DeserializationError as error:
        raise BackupError(f"{name}, near line {line_number}: {error}") from error
    if rows[0]["model"] in NATURAL or any(o.m2m_data for o in objects):
        for obj in objects:  # a few accounts, with their groups and permissions
            obj.save()
        return
    model._default_manager.bulk_create([o.object for o in objects], batch_size=BATCH)


@contextlib.contextmanager
def _timestamps_as_written():
    """Restored rows keep their times: `auto_now` fields would stamp them with today's."""
    changed = []
    for label in MODELS:
        for field in apps.get_model(label)._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _reset_sequences() -> None:
    """The next row gets the next free id, not one a restored row already holds."""
    models = [apps.get_model(label) for label in MODELS]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
