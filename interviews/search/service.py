"""Searching turns: the one entry point for the search page, the API, feeds and benchmarks.

How a search runs, whatever the database:

1. One statement: the first `ARCHIVE_SEARCH_CANDIDATES` (2,000) turns that match the
   words and filters are read once, ranked, counted ("2,000+" beyond that) and sorted;
   only the ids of the shown page come back, with every facet counted from the same
   candidates (a facet with a selection reads its own candidates without it), unless the
   facets of these words and filters are already known (facet_cache.py). A date
   sort over more matches than candidates then walks the date order instead, checking
   the words turn by turn, so that a common word stays cheap. (candidates.py, facets.py,
   paging.py)
2. The turns of the page, with speaker, interview and outlet; snippets are cut and
   marked in Python for these turns only. (hits.py)
3. The questions the page's answers answer. (hits.py)
4. When the words are exactly a person's name: that person. (people.py)

The parameters come in as SearchParams (params.py); turning a query string into them is
the web layer's work (interviews/filters.py), which this package never imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db import connections
from django.db.models import Sum
from django.db.models.expressions import RawSQL

from .. import revision
from ..models import Interview, Speaker
from . import analysis, budget, candidates, facet_cache
from .backends import get_backend
from .candidates import Builder
from .facets import read_facets
from .hits import page_hits
from .paging import read_page
from .params import SearchParams
from .people import named_by, put_first
from .query import parse_query
from .results import SearchPage

TOO_BROAD = (
    "This search is too broad to answer in time. Narrow it: add another word or a "
    "“phrase in quotes”, or choose a speaker, an outlet, a language or a range of years."
)


def archive_languages(using: str = "default", stamp: str | None = None) -> frozenset[str]:
    """The stemmer keys of the languages the archive's interviews are in.

    Read once per revision of the archive (an import or an edit may add a language).
    """

    def read():
        codes = Interview.objects.using(using).values_list("language", flat=True).distinct()
        return frozenset(analysis.language_key(code) for code in codes)

    return revision.cached("search:languages", using, read, at=stamp)


def large_filters(using: str = "default", stamp: str | None = None) -> dict[str, dict[int, int]]:
    """{"speaker": {id: turns}, "source": {id: turns}} of the speakers and outlets a backend
    reads one way or another by choice (candidates.Builder.filter_way), read once per
    revision of the archive. An outlet's turns are its interviews' turns, which copy its id."""
    large = candidates.LARGE_FILTER

    def read():
        speakers = Speaker.objects.using(using).filter(turn_count__gte=large)
        sources = (
            Interview.objects.using(using)
            .exclude(source=None)
            .values("source")
            .annotate(turns=Sum("turn_count"))
            .filter(turns__gte=large)
            .order_by()
        )
        return {
            "speaker": dict(speakers.values_list("pk", "turn_count")),
            "source": {row["source"]: row["turns"] for row in sources},
        }

    return revision.cached(f"search:large-filters:{large}", using, read, at=stamp)


def search(
    params: SearchParams | None = None, /, *, using: str = "default", facets: bool = True, **kwargs
) -> SearchPage:
    """Search turns; see the module docstring. Never raises on any `q`.

    `params` is a SearchParams; keyword arguments set (or replace) its fields.
    """
    if params is not None and not isinstance(params, SearchParams):
        raise TypeError(
            "search() takes SearchParams; a query string becomes them through "
            "interviews.filters.search_params()"
        )
    if params is None:
        params = SearchParams(**kwargs)
    elif kwargs:
        params = replace(params, **kwargs)
    query = parse_query(params.q)
    result = SearchPage(params=params, query=query, notices=list(query.notices))
    if not query and (query.excluded or not params.has_filters):
        return result  # nothing to look for: no words (or only exclusions) and no filters
    connection = connections[using]
    backend = get_backend(connection)
    languages = analysis.query_languages(params.languages)
    # A word is looked up only as the languages of the archive stem it: a stemming no
    # turn can hold costs the index a posting list for nothing.
    stamp = revision.stamp(using)
    held = archive_languages(using, stamp)
    indexed = tuple(language for language in languages if language in held) or languages
    filter_turns = {}
    if (params.speakers or params.sources) and hasattr(backend, "estimate"):
        large = large_filters(using, stamp)
        for kind, selected in (("speaker", params.speakers), ("source", params.sources)):
            filter_turns[kind] = sum(large[kind].get(pk, 0) for pk in selected)
    builder = Builder(connection, backend, params, query if query else None, indexed, filter_turns)
    stored, counted = facet_cache.held(params, using, stamp) if facets else ([], set())
    try:
        with budget.limited(connection), connection.cursor() as cursor:
            ids, scores, facet_rows, offset = read_page(cursor, builder, result, counted)
    except budget.SearchTooBroad:
        result.too_broad = True
        result.count, result.capped, result.num_pages = 0, False, 0
        result.notices.append(TOO_BROAD)
        return result
    if ids:
        result.hits = page_hits(ids, scores, query, languages, using, params, offset)
    if facets:
        facet_cache.keep(params, using, stamp, facet_rows, counted)
        read_facets(stored + facet_rows, result)
        if query and query.is_plain_words:
            result.people = named_by(query, using)
            put_first(result)
    return result


def filter_queryset(queryset, q: str, *, languages: Iterable[str] = ()):
    """Turns of `queryset` matching `q`, unranked: the ORM side of the same search."""

    query = parse_query(q)
    if not query:
        return queryset.none() if query.excluded else queryset
    connection = connections[queryset.db]
    backend = get_backend(connection)
    match = backend.match(query, analysis.query_languages(languages))
    return queryset.filter(pk__in=RawSQL(match.ids, match.params))
