"""Run a write again when it lost a race with another writer.

Two imports of the same document at once both find no interview and both insert one:
the unique constraints (an interview's checksum, slugs, names) make the later one fail
with an IntegrityError, and running it again finds what the other wrote. SQLite
serialises writers instead, and a writer that waited longer than its busy timeout
fails with "database is locked": running it again is the remedy there too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, OperationalError

log = logging.getLogger("archive.importing")
T = TypeVar("T")

ATTEMPTS = 3


def lost_race(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def on_conflict(write: Callable[[], T], *, what: str = "write", attempts: int = ATTEMPTS) -> T:
    """`write()`, which must run its own transaction, tried up to `attempts` times."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except (IntegrityError, OperationalError) as error:
            if attempt == attempts or not lost_race(error):
                raise
            log.info("%s met a concurrent write (%s); trying again", what, error)
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")
