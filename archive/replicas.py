"""Which read replicas can serve a reader now: they answer, and are not too far behind.

Each worker thread asks a replica at most every ARCHIVE_REPLICA_CHECK_SECONDS, with one
short query on its own connection; a replica that failed a query in between is marked
down at once and asked again after the same interval. The answers are shared by the
threads of a process.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger("archive.replicas")

# How far behind the primary a replica is, in seconds: nothing when it has replayed
# everything it received, else the age of the last transaction it replayed.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
       END
"""


@dataclass
class State:
    usable: bool
    checked: float  # time.monotonic() of the check
    lag: float | None = None
    problem: str = ""

    def as_json(self) -> dict:
        out = {"usable": self.usable, "lag_seconds": self.lag}
        if self.problem:
            out["problem"] = self.problem
        return out


_states: dict[str, State] = {}
_lock = threading.Lock()


def configured() -> list[str]:
    return list(getattr(settings, "ARCHIVE_REPLICAS", []))


def probe(alias: str) -> State:
    """Ask the replica now how far behind it is (opens a connection if needed)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            recovering, lag = cursor.fetchone()
    except DatabaseError as error:
        connection.close()
        return State(False, time.monotonic(), problem=f"unreachable: {_first_line(error)}")
    lag = float(lag)
    if not recovering:
        # A promoted replica, or the primary named twice: reading it is safe.
        return State(True, time.monotonic(), 0.0)
    if lag > settings.ARCHIVE_REPLICA_MAX_LAG:
        return State(
            False,
            time.monotonic(),
            round(lag, 3),
            f"{lag:.1f} s behind the primary (at most {settings.ARCHIVE_REPLICA_MAX_LAG:g} s)",
        )
    return State(True, time.monotonic(), round(lag, 3))


def state(alias: str) -> State:
    """The replica's last known state, asked again when older than the check interval."""
    known = _states.get(alias)
    if known is None or time.monotonic() - known.checked >= settings.ARCHIVE_REPLICA_CHECK_SECONDS:
        fresh = probe(alias)
        if known is not None and known.usable != fresh.usable:
            log.warning(
                "replica %s %s", alias, "is back" if fresh.usable else f"skipped: {fresh.problem}"
            )
        elif known is None and not fresh.usable:
            log.warning("replica %s skipped: %s", alias, fresh.problem)
        with _lock:
            _states[alias] = fresh
        return fresh
    return known


def choose() -> str | None:
    """A usable replica's alias, or None to read from the primary."""
    aliases = configured()
    if not aliases:
        return None
    usable = [alias for alias in aliases if state(alias).usable]
    return random.choice(usable) if usable else None


def mark_down(alias: str, error: BaseException) -> None:
    """A query on the replica failed: skip it until the next check."""
    log.warning("replica %s failed a query, reading from the primary: %s", alias, error)
    with _lock:
        _states[alias] = State(False, time.monotonic(), problem=f"failed: {_first_line(error)}")
    connections[alias].close()


def forget() -> None:
    """Drop every known state (tests, and after a configuration change)."""
    with _lock:
        _states.clear()


def report() -> dict[str, dict]:
    """Every replica asked now, for /healthz."""
    out = {}
    for alias in configured():
        fresh = probe(alias)
        with _lock:
            _states[alias] = fresh
        out[alias] = fresh.as_json()
    return out


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
