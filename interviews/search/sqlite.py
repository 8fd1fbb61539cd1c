"""SQLite full-text search: an FTS5 table kept in step with the turns by triggers.

FTS5's only stemmer is English (porter), yet turns are stemmed in their interview's
language. So the table indexes, for each turn, its word keys as computed by
`analysis.index_document` (folded and stemmed with PyStemmer) followed by filter keys for
its speaker, outlet, part, language and year; the triggers compute them through
`archive_search_doc(...)`, a Python function registered on every SQLite connection Django
opens (`register_functions`, connected to `connection_created`). The table stores those
keys, so deleting a row never depends on recomputing them.

The filter keys let FTS5 narrow a search while it intersects the words' lists: a common
word said by one speaker is found without reading every turn that has the word, which
SQLite's planner cannot avoid otherwise (it has no statistics on an FTS5 table).

A query becomes an FTS5 expression built from the parsed tree only: every key is quoted,
so `NEAR`, `*`, `:`, `^` or quotes typed by a user are never FTS5 syntax.
"""

from __future__ import annotations

import sqlite3

from .analysis import (
    filter_key_groups,
    index_document,
    index_text,
    phrase_keys,
    word_keys,
)
from .backends import Match
from .query import Query, Term

TABLE = "interviews_turn_fts"
TURNS = "interviews_turn"
FUNCTION = "archive_search_doc"
INDEXED = "new.text, new.language, new.speaker_id, new.source_id, new.part, new.date"
TRIGGERS = {
    f"{TABLE}_insert": (
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {TURNS} BEGIN "
        f"INSERT INTO {TABLE}(rowid, body) VALUES (new.id, {FUNCTION}({INDEXED})); "
        "END"
    ),
    f"{TABLE}_delete": (
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {TURNS} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; "
        "END"
    ),
    f"{TABLE}_update": (
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF id, text, language, speaker_id, "
        f"source_id, part, date ON {TURNS} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; "
        f"INSERT INTO {TABLE}(rowid, body) VALUES (new.id, {FUNCTION}({INDEXED})); "
        "END"
    ),
}
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
)
FILL_TABLE = (
    f"INSERT INTO {TABLE}(rowid, body) SELECT id, "
    f"{FUNCTION}(text, language, speaker_id, source_id, part, date) FROM {TURNS}"
)


def register_functions(sender=None, connection=None, **kwargs) -> None:
    """Make `archive_search_text` available to the triggers on a new SQLite connection."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 6, index_document, deterministic=True)
        # The words alone, as the first version of the index stored them (migration 0004).
        connection.connection.create_function(
            "archive_search_text", 2, index_text, deterministic=True
        )


def fts5_available(connection=None) -> bool:
    """Whether the SQLite library Python uses was built with FTS5."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
        finally:
            probe.close()
    except sqlite3.Error:
        return False
    return True


def quote(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def _term(term: Term, languages) -> str:
    if term.is_phrase:
        alternatives = sorted(
            " + ".join(quote(key) for key in keys) for keys in phrase_keys(term.words, languages)
        )
    else:
        alternatives = sorted(quote(key) for key in word_keys(term.words[0], languages))
    return "(" + " OR ".join(alternatives) + ")"


def filter_groups(params, skip: str = "") -> list[str]:
    """FTS5 groups of filter keys for the search's filters, leaving out `skip`."""
    return [
        "(" + " OR ".join(quote(key) for key in group) + ")"
        for group in filter_key_groups(params, skip)
    ]


def fts_expression(query: Query, languages, params=None, skip: str = "") -> str:
    """The FTS5 MATCH expression for a parsed query (which must have a required term)."""
    required = " AND ".join(
        [
            *(
                "(" + " OR ".join(_term(term, languages) for term in group.terms) + ")"
                for group in query.required
            ),
            *filter_groups(params, skip),
        ]
    )
    if not query.excluded:
        return required
    excluded = " OR ".join(_term(term, languages) for term in query.excluded)
    return f"({required}) NOT ({excluded})"


class SqliteBackend:
    vendor = "sqlite"
    narrows_by_filters = True

    def match(self, query: Query, languages, params=None, skip: str = "") -> Match:
        expression = fts_expression(query, languages, params, skip)
        # The match already holds the speaker, outlet, part and year keys, so the index
        # should drive: left free, SQLite (without statistics on an FTS5 table) walked a
        # speaker's or a year's turns by their index and ran the match again for each,
        # 1.5 s instead of 80 ms for a phrase by the most quoted person in their busiest
        # years. A CROSS JOIN keeps the order as written. Within one interview, its few
        # turns come first.
        within_one = params is not None and params.interview is not None
        join = "JOIN" if within_one else "CROSS JOIN"
        return Match(
            source=f"{TABLE} {join} {TURNS} t ON t.id = {TABLE}.rowid",
            where=f"{TABLE} MATCH %s",
            params=[expression],
            score=f"-bm25({TABLE})",
            ids=f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
        )

    # Matches from which walking the date order beats sorting them all by date.
    WALK_FROM = 50_000

    def walk_in_date_order(self, match: Match, connection=None) -> Match:
        """The match as a check on each turn, for walking the date index of a common word.

        Reading every match of a word found in a quarter of all turns and sorting them by
        date costs far more than checking turns newest first until a page is full. But
        with fewer matches (two words that are seldom together, a filter) the walk
        checks thousands of turns for each one it keeps: `jobs border` newest first took
        the whole search budget (1.5 s) at 3 million turns. Counting the matches up to
        WALK_FROM tells the two apart; below it, they are read and sorted.
        """
        if connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
                    f"LIMIT {int(self.WALK_FROM)})",
                    match.params,
                )
                if cursor.fetchone()[0] < self.WALK_FROM:
                    return match
        return Match(
            source=f"{TURNS} t",
            where=f"EXISTS (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s AND {TABLE}.rowid = t.id)",
            params=match.params,
            ids=match.ids,
        )

    @staticmethod
    def year(column: str) -> str:
        return f"CAST(substr({column}, 1, 4) AS INTEGER)"

    @staticmethod
    def length(column: str) -> str:
        """A text's size in bytes, from the record header (a BLOB's length is not counted)."""
        return f"length(CAST({column} AS BLOB))"

    def refresh(self, connection, *, rebuild: bool = False) -> list[str]:
        done = []
        with connection.cursor() as cursor:
            if rebuild:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
                cursor.execute(CREATE_TABLE)
                cursor.execute(FILL_TABLE)
                done.append("rebuilt")
            self.repair(connection)
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
            done.append("FTS5 segments merged")
            cursor.execute("ANALYZE")
            done.append("ANALYZE")
        return done

    def _existing(self, connection) -> tuple[bool, set[str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE name = %s OR "
                "(type = 'trigger' AND tbl_name = %s)",
                [TABLE, TURNS],
            )
            rows = cursor.fetchall()
        return any(name == TABLE for _, name in rows), {
            name for kind, name in rows if kind == "trigger"
        }

    def problems(self, connection) -> list[str]:
        has_table, triggers = self._existing(connection)
        if not has_table:
            return [f"The FTS5 table {TABLE} is missing: run `manage.py migrate`."]
        return [f"Trigger {name} is missing." for name in sorted(set(TRIGGERS) - triggers)]

    def repair(self, connection) -> bool:
        """Recreate lost triggers and re-index; True if anything was missing.

        Django rebuilds a SQLite table to alter it, which drops its triggers; this runs
        after every `migrate` so that the index never silently stops following edits.
        """
        has_table, triggers = self._existing(connection)
        missing = [sql for name, sql in TRIGGERS.items() if name not in triggers]
        if not has_table or not missing:
            return False
        with connection.cursor() as cursor:
            for sql in missing:
                cursor.execute(sql)
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(FILL_TABLE)
        return True
