"""Which search backend serves a database connection, decided at query time."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Match:
    """A backend's translation of a query: SQL pieces around the turn table aliased `t`."""

    source: str  # the FROM clause
    where: str  # the match condition
    params: list = field(default_factory=list)
    score: str = "0"  # relevance, higher is better
    score_params: list = field(default_factory=list)
    ids: str = ""  # a subquery of matching turn ids (with `params`), for the ORM
    # The same condition written so that no index reads it, for a plan that walks a
    # speaker's turns and checks each one (candidates.Builder); "" when the backend has none.
    unindexed: str = ""
    unindexed_params: list = field(default_factory=list)


_fts5_checked: set[str] = set()


def get_backend(connection):
    """The backend for this connection's vendor; SQLite must have FTS5."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SqliteBackend, fts5_available

        if connection.alias not in _fts5_checked:
            if not fts5_available(connection):
                raise ImproperlyConfigured(
                    "This SQLite library was built without FTS5, which search needs. "
                    "Use Python's own sqlite3 module or PostgreSQL."
                )
            _fts5_checked.add(connection.alias)
        return SqliteBackend()
    raise ImproperlyConfigured(f"Search supports PostgreSQL and SQLite, not {connection.vendor}.")
