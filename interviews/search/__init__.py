"""Full-text search of quotes (turns), on PostgreSQL and on SQLite.

One interface, two backends chosen from the database connection when a search runs:

- PostgreSQL (`postgres.py`): a stored tsvector per turn, generated in the interview's
  language with `unaccent` and a Snowball stemmer, under a GIN index.
- SQLite (`sqlite.py`): an FTS5 table (`unicode61 remove_diacritics`) over each turn's
  folded and stemmed words, kept in step with the turns by triggers.

The user's query is parsed once (`query.parse_query`) into a small tree of words, phrases,
OR groups and exclusions, and each backend translates the tree; a raw string never reaches
`MATCH` or SQL. Highlighting (`highlight.py`) is the same Python code for both.

Python API (what the search page uses, and what a benchmark can time without HTTP):

    from interviews.search import search, SearchParams

    page = search(q='deterrence "political dialogue" -Trump', sort="newest", page=2)
    page = search(SearchParams(q="ISIS", speakers=[speaker.pk], parts=["interviewee"]))
    page = search(search_params(request.GET))   # interviews.filters: the page's own
                                                # validation of its query string
    page.hits          # the page's Hit objects: .turn, .snippet (safe HTML), .question
                       # (also page.object_list, as on a Django Page)
    page.count         # matches; with page.capped, a lower bound ("2,000+")
    page.facets        # {"speaker"|"source"|"topic"|"year"|"part": [FacetValue...]}
    page.years         # [(year, matches)] for the chart
    page.people        # speakers whose name the query is

    search(..., facets=False)   # only the page of results: no facets, no person lookup

SearchParams fields: q, speakers, parts, sources, topics, languages (lists), date_from,
date_to, interview, sort ("relevance", "newest", "oldest"), page, per_page. At most
`settings.ARCHIVE_SEARCH_CANDIDATES` (2,000) matches are ranked, counted and faceted.

Queries: one statement for the page and the facets, one for the page's turns, one for
the questions they answer, one for a person the words name; a date sort over more than
the candidates adds one, as does a page past the end. On SQLite the full-text index
always drives the statement (sqlite.py says why), so no query is spent choosing a plan;
on PostgreSQL a speaker or an outlet with 50,000 turns or more costs one estimate per
read of the candidates (candidates.Builder.filter_way). Facets already counted for the same words
and other filters are not counted again (facet_cache.py).

After a bulk load, call `refresh_index()` (or `manage.py refresh_search_index`): it merges
PostgreSQL's GIN pending list and runs VACUUM ANALYZE, or optimizes the FTS5 table and
runs ANALYZE on SQLite; `refresh_index(rebuild=True)` re-indexes every turn.

The modules, in the order a search uses them: params (SearchParams: what is asked, no
request in sight), service (search(), the one entry point), candidates (the SQL that
selects and ranks candidates), facets (their counts) and facet_cache (those kept
between searches), paging (the order and the page),
hits (the page's turns, rescored and highlighted), people (a name leads to the person),
results (what comes back); below them query, analysis, ranking, highlight, subjects,
budget and the two backends. Nothing here imports the web layer (views, forms, filters,
api): the web turns a request into SearchParams and calls search().
"""

from django.db import connections

from .backends import get_backend
from .params import NEWEST, OLDEST, RELEVANCE, SORTS, SearchParams, page_number
from .query import Query, parse_query
from .results import FacetValue, Hit, SearchPage
from .service import filter_queryset, search

__all__ = [
    "NEWEST",
    "OLDEST",
    "RELEVANCE",
    "SORTS",
    "FacetValue",
    "Hit",
    "Query",
    "SearchPage",
    "SearchParams",
    "filter_queryset",
    "get_backend",
    "index_problems",
    "page_number",
    "parse_query",
    "refresh_index",
    "search",
]


def refresh_index(*, using: str = "default", rebuild: bool = False) -> list[str]:
    """Tidy the index after a bulk load; returns what was done."""
    connection = connections[using]
    return get_backend(connection).refresh(connection, rebuild=rebuild)


def index_problems(*, using: str = "default") -> list[str]:
    """What is wrong with the search index on this database (nothing, normally)."""
    connection = connections[using]
    return get_backend(connection).problems(connection)


def repair_after_migrate(sender=None, using: str = "default", **kwargs) -> None:
    """Restore SQLite triggers that a table rebuild during `migrate` dropped."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        get_backend(connection).repair(connection)
