"""A time budget for the statements of one search, enforced by the database itself.

A search that would run past `ARCHIVE_SEARCH_BUDGET_MS` (1,500 ms) is stopped where it
runs, so that a handful of very broad searches cannot hold every worker: PostgreSQL's
`statement_timeout`, set for this transaction only, and on SQLite a progress handler on the
connection that interrupts the statement once the time is up. The search then answers a
page that says it was too broad and how to narrow it (`SearchTooBroad`).

On PostgreSQL the same transaction-local settings turn JIT compilation off: the search's
one statement of candidates and facets is costed high enough to be compiled, and compiling
it takes over a second where running it takes a few dozen milliseconds.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, transaction

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cut by statement_timeout
PROGRESS_STEPS = 1_000  # SQLite virtual machine steps between two looks at the clock


class SearchTooBroad(Exception):
    """The search ran out of its time budget in the database."""


def budget_ms() -> int:
    return max(1, int(getattr(settings, "ARCHIVE_SEARCH_BUDGET_MS", 1_500)))


@contextmanager
def limited(connection):
    """Statements run inside stop after the budget; raises SearchTooBroad if they do."""
    if connection.vendor == "postgresql":
        with _postgres(connection):
            yield
    elif connection.vendor == "sqlite":
        with _sqlite(connection):
            yield
    else:
        yield


@contextmanager
def _postgres(connection):
    nested = connection.in_atomic_block
    try:
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), current_setting('jit'), "
                    "set_config('statement_timeout', %s, true), set_config('jit', 'off', true)",
                    [f"{budget_ms()}ms"],
                )
                timeout, jit = cursor.fetchone()[:2]
            yield
            if nested:
                # A released savepoint keeps its settings until the outer transaction ends.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true), "
                        "set_config('jit', %s, true)",
                        [timeout, jit],
                    )
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTooBroad from exc
        raise


@contextmanager
def _sqlite(connection):
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + budget_ms() / 1000

    def over() -> int:
        return 1 if time.monotonic() > deadline else 0

    raw.set_progress_handler(over, PROGRESS_STEPS)
    try:
        yield
    except OperationalError as exc:
        if "interrupted" in str(exc):
            raise SearchTooBroad from exc
        raise
    finally:
        raw.set_progress_handler(None, PROGRESS_STEPS)
