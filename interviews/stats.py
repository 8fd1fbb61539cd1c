"""Archive-wide counts for the front page, cached briefly: counting millions of rows is not free."""

from django.core.cache import cache
from django.db.models import Count, Sum

from .models import Interview, Source, Speaker

KEY = "archive-stats"


def archive_stats() -> dict:
    stats = cache.get(KEY)
    if stats is None:
        interviews = Interview.objects.aggregate(n=Count("id"), turns=Sum("turn_count"))
        stats = {
            "interviews": interviews["n"] or 0,
            "turns": interviews["turns"] or 0,
            "speakers": Speaker.objects.people().count(),
            "sources": Source.objects.count(),
        }
        cache.set(KEY, stats, 60)
    return stats


def forget() -> None:
    cache.delete(KEY)
