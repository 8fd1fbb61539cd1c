"""The order of the candidates and which of them make the asked page.

Relevance ranks the candidates (the first of them scored again in Python, see hits.py); a
date sort over more matches than candidates walks the date order of all matches instead.
"""

from __future__ import annotations

import math

from . import ranking
from .candidates import Builder
from .params import NEWEST, OLDEST, RELEVANCE, SearchParams
from .results import SearchPage

WALK_ROWS = 500  # date order over more matches than candidates: this many at most


def _order(params: SearchParams, ranked: bool) -> tuple[str, str | None]:
    """How to sort the candidates, and how to walk all matches when there are more."""
    newest = ("c.date DESC NULLS LAST, c.id DESC", "t.date DESC, t.id DESC")
    if params.sort == NEWEST:
        return newest
    if params.sort == OLDEST:
        return "c.date ASC NULLS LAST, c.id ASC", "t.date ASC, t.id ASC"
    if ranked:
        return "c.score DESC, c.date DESC NULLS LAST, c.id ASC", None
    if params.interview is not None:
        return "c.id ASC", "t.id ASC"  # within one interview, in the order spoken
    return newest


def _rescoring_window(params: SearchParams, ranked: bool) -> int:
    """How many of the first candidates are scored again in Python (whole pages), or 0."""
    if not ranked or params.sort != RELEVANCE:
        return 0
    size = params.per_page
    return max(1, math.ceil(ranking.rescored() / size)) * size


def read_page(cursor, builder: Builder, result: SearchPage, facets):
    """The page's candidates and the rows of the `facets` asked for (names); sets the
    count and page number.

    Returns (ids, scores, facet rows, offset): with `offset` None, `ids` are the page's
    turns in order; otherwise they are the first candidates of the first pass, to be
    scored again, and the page is the `per_page` of them from `offset` on.
    """
    params = result.params
    size = params.per_page
    order, walk = _order(params, ranked=builder.match is not None)
    window = _rescoring_window(params, ranked=builder.match is not None)
    number = params.page

    def rows_for(number: int, facets):
        first, last = (number - 1) * size + 1, number * size
        if last <= window:
            first, last = 1, window
        cursor.execute(*builder.statement(order, first, last, facets=facets))
        return cursor.fetchall()

    rows = rows_for(number, facets)
    facet_rows = [row[:5] for row in rows if row[0] != "page"]
    rows = sorted((row for row in rows if row[0] == "page"), key=lambda row: row[6])
    total = rows[0][4] if rows else 0
    result.capped = total > builder.limit
    result.count = min(total, builder.limit)
    result.num_pages = math.ceil(result.count / size)
    walking = result.capped and walk is not None
    if walking:
        # Walking all matches in date order costs more with every page: the first pages
        # of the newest (or oldest) are what a reader of "2,000+" needs.
        result.num_pages = min(result.num_pages, max(1, WALK_ROWS // size))
    if total and number > result.num_pages:
        number = result.num_pages  # past the end: the last page, as Paginator does
        if not walking:
            rows = sorted(rows_for(number, ()), key=lambda row: row[6])
    result.number = number if total else 1
    offset = None
    if number * size <= window:
        offset = (number - 1) * size
    else:
        rows = [row for row in rows if row[6] >= (number - 1) * size + 1]
    ids = [int(row[1]) for row in rows]
    scores = {int(row[1]): float(row[5] or 0) for row in rows}
    if walking:
        # More matches than candidates: the newest (or oldest) of all of them, not of the
        # first candidates, by walking turns in that order.
        cursor.execute(*builder.walk(walk, (number - 1) * size, size))
        ids = [row[0] for row in cursor.fetchall()]
        offset = None
    return ids, scores, facet_rows, offset
