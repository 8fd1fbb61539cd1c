"""Writing turns: rows in the database's fastest bulk path, and the keys of their permalinks.

A turn's key is its permalink: deterministic for a new document, carried over from the
turn it corresponds to when a corrected version is imported.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re

from django.db import connection

from .models import Turn

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


def carry_keys(old: list[Turn], new) -> list[str]:
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
