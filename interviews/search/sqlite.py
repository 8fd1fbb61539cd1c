"""SQLite full-text search: an FTS5 table kept in step with the turns by triggers.

FTS5's only stemmer is English (porter), yet turns are stemmed in their interview's
language. So the table indexes, for each turn, its word keys as computed by
`analysis.index_text` (folded and stemmed with PyStemmer), and the triggers compute them
through `archive_search_text(text, language)`, a Python function registered on every SQLite
connection Django opens (`register_functions`, connected to `connection_created`). The table
stores those keys, so deleting a row never depends on recomputing them.

A query becomes an FTS5 expression built from the parsed tree only: every key is quoted,
so `NEAR`, `*`, `:`, `^` or quotes typed by a user are never FTS5 syntax.
"""

from __future__ import annotations

import sqlite3

from .analysis import index_text, phrase_keys, word_keys
from .backends import Match
from .query import Query, Term

TABLE = "interviews_turn_fts"
TURNS = "interviews_turn"
FUNCTION = "archive_search_text"
TURNS_FIRST_LIMIT = 20_000  # speakers or interview with fewer turns: look among them
TRIGGERS = {
    f"{TABLE}_insert": (
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {TURNS} BEGIN "
        f"INSERT INTO {TABLE}(rowid, body) VALUES (new.id, {FUNCTION}(new.text, new.language)); "
        "END"
    ),
    f"{TABLE}_delete": (
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {TURNS} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; "
        "END"
    ),
    f"{TABLE}_update": (
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF id, text, language ON {TURNS} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = old.id; "
        f"INSERT INTO {TABLE}(rowid, body) VALUES (new.id, {FUNCTION}(new.text, new.language)); "
        "END"
    ),
}
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
)
FILL_TABLE = f"INSERT INTO {TABLE}(rowid, body) SELECT id, {FUNCTION}(text, language) FROM {TURNS}"


def register_functions(sender=None, connection=None, **kwargs) -> None:
    """Make `archive_search_text` available to the triggers on a new SQLite connection."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 2, index_text, deterministic=True)


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


def fts_expression(query: Query, languages) -> str:
    """The FTS5 MATCH expression for a parsed query (which must have a required term)."""
    required = " AND ".join(
        "(" + " OR ".join(_term(term, languages) for term in group.terms) + ")"
        for group in query.required
    )
    if not query.excluded:
        return required
    excluded = " OR ".join(_term(term, languages) for term in query.excluded)
    return f"({required}) NOT ({excluded})"


class SqliteBackend:
    vendor = "sqlite"
    plans_by_scope = True

    def match(self, query: Query, languages) -> Match:
        expression = fts_expression(query, languages)
        return Match(
            source=f"{TABLE} JOIN {TURNS} t ON t.id = {TABLE}.rowid",
            where=f"{TABLE} MATCH %s",
            params=[expression],
            score=f"-bm25({TABLE})",
            ids=f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
        )

    @staticmethod
    def prefers_turns_first(scope_size: int | None) -> bool:
        """Whether to look for matches among a speaker's or interview's turns.

        FTS5 reads every match of the words in turn; for a common word within one
        speaker's quotes, checking that speaker's few turns is much cheaper. SQLite's
        planner cannot tell, having no statistics on an FTS5 table.
        """
        return scope_size is not None and scope_size <= TURNS_FIRST_LIMIT

    def score_candidates(self, candidates: str, match: Match) -> tuple[str, list]:
        """The CTE `candidates` (with an `id`) with the bm25 of each, read in one pass.

        Within the range of the candidates' ids: an interview's turns are contiguous.
        """
        sql = (
            f"SELECT {candidates}.*, -bm25({TABLE}) AS score "
            f"FROM {TABLE} CROSS JOIN {candidates} ON {candidates}.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND {TABLE}.rowid BETWEEN "
            f"(SELECT MIN(id) FROM {candidates}) AND (SELECT MAX(id) FROM {candidates})"
        )
        return sql, list(match.params)

    def walk_in_date_order(self, match: Match) -> Match:
        """The match as a check on each turn, for walking the date index of a common word.

        Reading every match of a word found in a quarter of all turns and sorting them by
        date costs far more than checking turns newest first until a page is full.
        """
        return Match(
            source=f"{TURNS} t",
            where=f"EXISTS (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s AND {TABLE}.rowid = t.id)",
            params=match.params,
            ids=match.ids,
        )

    @staticmethod
    def year(column: str) -> str:
        return f"CAST(substr({column}, 1, 4) AS INTEGER)"

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
