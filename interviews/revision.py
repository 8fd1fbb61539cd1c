"""The archive's revision number: bumped after every committed change readers could see.

Every write path ends up here: the import service and the bulk loader call `changed()`,
and signals catch saves and deletions of archive models from anywhere else (editing
services, the admin, a shell). The bump runs after the transaction commits, as a short statement of
its own, so a long import never holds the row.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone


def current(using: str | None = None) -> int:
    """The revision as the database this request reads from has it (see archive/routing.py).

    A page rendered from a replica is stored under the replica's revision, never the
    primary's newer one: the cache can then hold no page older than its key.
    """
    from .models import ArchiveRevision

    rows = ArchiveRevision.objects.using(using).filter(pk=1).values_list("number", flat=True)
    return rows.first() or 0


def stamp(using: str | None = None) -> str:
    """The revision for cache keys: its number and when it changed.

    A cache shared by several archives, or outliving a database that was created again
    (its number starts over), then never answers with another archive's page.
    """
    from .models import ArchiveRevision

    row = ArchiveRevision.objects.using(using).filter(pk=1).values_list("number", "changed_at")
    number, changed_at = row.first() or (0, None)
    return f"{number}.{int(changed_at.timestamp() * 1_000_000) if changed_at else 0}"


def cached(name: str, using: str | None, read, *, at: str | None = None):
    """`read()`, kept in the cache until the archive's revision changes.

    For what a search needs of the whole archive (its languages, its largest speakers,
    the tree of topics): read once per revision instead of once per search. `at` is the
    revision's stamp, when the caller has already read it.
    """
    key = f"{name}:{using}:{at or stamp(using)}"
    held = cache.get(key)
    if held is None:
        held = read()
        cache.set(key, held, None)
    return held


def changed() -> None:
    """Bump the revision when the current transaction commits (now, outside one)."""
    # A rolled-back transaction drops its callbacks with it; several changes in one
    # transaction bump several times, which costs a short update each and harms nothing.
    if getattr(_local, "deferred", 0):
        return  # the deferred() block around this bumps once, at its end
    transaction.on_commit(_bump)


def _bump() -> None:
    from .models import ArchiveRevision

    updated = ArchiveRevision.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        ArchiveRevision.objects.get_or_create(
            pk=1, defaults={"number": 1, "changed_at": timezone.now()}
        )


_local = threading.local()


@contextmanager
def deferred():
    """Saves and `changed()` inside do not each bump the revision; the block bumps it once.

    A bulk import's batch saves thousands of rows in one transaction: each save's bump is
    a statement after the commit, and they all say the same thing.
    """
    depth = getattr(_local, "deferred", 0)
    _local.deferred = depth + 1
    try:
        yield
    finally:
        _local.deferred = depth
    changed()


def on_model_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loaddata
    if getattr(_local, "deferred", 0):
        return  # bumped once when the block ends
    changed()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Interview, Participant, Source, Speaker, Topic, Turn

    for model in (Interview, Participant, Source, Speaker, Topic, Turn):
        post_save.connect(
            on_model_change, sender=model, dispatch_uid=f"revision-save-{model.__name__}"
        )
        post_delete.connect(
            on_model_change, sender=model, dispatch_uid=f"revision-delete-{model.__name__}"
        )
    m2m_changed.connect(
        on_model_change, sender=Interview.topics.through, dispatch_uid="revision-topics"
    )
