"""Archive-wide counts for the front page, kept per revision: counting millions of rows is not free."""

from django.core.cache import cache
from django.db.models import Count, Sum

from . import revision
from .models import Interview, Source, Speaker


def archive_stats(number: str | None = None) -> dict:
    """The counts at revision `number`, a `revision.stamp()` (looked up when not given)."""
    key = f"archive-stats:{revision.stamp() if number is None else number}"
    stats = cache.get(key)
    if stats is None:
        interviews = Interview.objects.aggregate(n=Count("id"), turns=Sum("turn_count"))
        stats = {
            "interviews": interviews["n"] or 0,
            "turns": interviews["turns"] or 0,
            "speakers": Speaker.objects.quoted().count(),
            "sources": Source.objects.count(),
        }
        cache.set(key, stats, 3600)
    return stats
