"""The fixed mix of searches, as data, and the naive way of doing each through the ORM.

Each kind is the GET parameters of `/search/`. `{top_speaker}` and similar placeholders
are filled at run time from the database (see `facts`), so that every size has a speaker
who speaks a lot and an interview of typical length.
"""

from __future__ import annotations

import re
import shlex

MIX: list[tuple[str, dict]] = [
    ("rare word", {"q": "cryptocurrency"}),
    ("common word", {"q": "people"}),
    ("phrase", {"q": '"the american people"'}),
    ("or", {"q": "inflation OR unemployment"}),
    ("exclusion", {"q": "economy -china"}),
    ("speaker filter", {"q": "people", "speaker": "{top_speaker}"}),
    ("date range", {"q": "security", "date_from": "2005-01-01", "date_to": "2009-12-31"}),
    ("sorted by date", {"q": "president", "sort": "newest"}),
    ("facets", {"q": "health", "language": "en"}),
    ("deep page", {"q": "people", "page": "50"}),
    ("common word, Spanish", {"q": "gobierno", "language": "es"}),
]
PAGE_SIZE = 20
# The kinds the targets ask to be at least 20x faster than the naive way.
TWENTY_X = ("common word", "phrase")


def fill(params: dict, facts: dict) -> dict:
    return {key: value.format(**facts) for key, value in params.items()}


def tokens(q: str) -> list[tuple[str, str]]:
    """(op, text) for the naive way: op is "and", "or" (joins the previous term) or "not"."""
    try:
        parts = shlex.split(q)
    except ValueError:
        parts = q.replace('"', " ").split()
    # shlex drops the quotes; find out again which parts were phrases.
    phrases = set(re.findall(r'"([^"]+)"', q))
    out: list[tuple[str, str]] = []
    join_or = False
    for part in parts:
        if part == "OR" and part not in phrases:
            join_or = True
            continue
        if part.startswith("-") and len(part) > 1 and part not in phrases:
            out.append(("not", part[1:]))
        else:
            out.append(("or" if join_or and out else "and", part))
        join_or = False
    return out


def naive_queryset(params: dict):
    """Turns matching the search the way a first Django version would: icontains on text."""
    from django.db.models import Q

    from interviews.models import Turn

    condition = None
    excluded = []
    for op, text in tokens(params.get("q", "")):
        if op == "not":
            excluded.append(text)
            continue
        term = Q(text__icontains=text)
        if condition is None:
            condition = term
        elif op == "or":
            condition = condition | term
        else:
            condition = condition & term
    queryset = Turn.objects.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    for text in excluded:
        queryset = queryset.exclude(text__icontains=text)
    if params.get("speaker"):
        queryset = queryset.filter(speaker__slug__in=params["speaker"].split(","))
    if params.get("part"):
        queryset = queryset.filter(part=params["part"])
    if params.get("source"):
        queryset = queryset.filter(source__slug=params["source"])
    if params.get("topic"):
        queryset = queryset.filter(interview__topics__slug=params["topic"])
    if params.get("language"):
        queryset = queryset.filter(language=params["language"])
    if params.get("date_from"):
        queryset = queryset.filter(date__gte=params["date_from"])
    if params.get("date_to"):
        queryset = queryset.filter(date__lte=params["date_to"])
    sort = params.get("sort", "relevance")
    if sort == "newest":
        queryset = queryset.order_by("-date", "-id")
    elif sort == "oldest":
        queryset = queryset.order_by("date", "id")
    return queryset


def naive_search(params: dict, kind: str) -> int:
    """What a naive results page does: count for the paginator, fetch one page, facets."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    queryset = naive_queryset(params)
    total = queryset.count()
    page = max(1, int(params.get("page", 1)))
    offset = (page - 1) * PAGE_SIZE
    rows = list(
        queryset.select_related("speaker", "interview", "interview__source")[
            offset : offset + PAGE_SIZE
        ]
    )
    for row in rows:
        _ = (row.speaker.name, row.interview.title, row.text[:200])
    if kind == "facets":
        facets = queryset.order_by()
        list(facets.values("source__name").annotate(n=Count("id")).order_by("-n")[:10])
        list(facets.values("speaker__name").annotate(n=Count("id")).order_by("-n")[:10])
        list(facets.values("language").annotate(n=Count("id")).order_by("-n"))
        list(
            facets.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=Count("id"))
            .order_by("year")
        )
    return total


def facts() -> dict:
    """Values the mix and the page test need, taken from the loaded database."""
    from django.db.models import Count

    from interviews.models import Interview, Speaker, Turn

    top = (
        Turn.objects.values("speaker_id")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker_id")
        .first()
    )
    speaker = Speaker.objects.get(pk=top["speaker_id"]) if top else None
    counts = sorted(Interview.objects.values_list("turn_count", flat=True)[:2000])
    median = counts[len(counts) // 2] if counts else 0
    interview = (
        Interview.objects.filter(turn_count=median).order_by("id").first()
        or Interview.objects.order_by("id").first()
    )
    return {
        "top_speaker": speaker.slug if speaker else "",
        "top_speaker_turns": top["n"] if top else 0,
        "interview": interview.slug if interview else "",
        "interview_turns": interview.turn_count if interview else 0,
        "interviews": Interview.objects.count(),
        "turns": Turn.objects.count(),
        "speakers": Speaker.objects.count(),
    }
