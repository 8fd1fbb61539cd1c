"""The search page's search, read as a window of `limit` quotes from `offset`.

The search service pages by page number (at most 100 quotes a page); a window is the
pages that cover it, the facets read with the first of them only. Ranking, counting and
the "2,000+" cap are the service's, so the API and the page list the same quotes in the
same order.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import router

from ..models import Turn
from ..search import SearchPage, SearchParams, search

PAGE_MAX = 100


def search_window(params: SearchParams, offset: int, limit: int) -> tuple[SearchPage, int]:
    """The first page's SearchPage with the window's hits, and how many quotes can be read."""
    size = min(PAGE_MAX, limit)
    first = offset // size + 1
    last = (offset + limit - 1) // size + 1
    using = router.db_for_read(Turn)
    result = search(replace(params, page=first, per_page=size), using=using)
    reachable = min(result.count, result.num_pages * size)
    if result.number != first:
        result.hits = []  # past the end: the service answers its last page instead
        return result, reachable
    hits = list(result.hits)
    for number in range(first + 1, last + 1):
        if len(hits) < (number - first) * size:
            break
        more = search(replace(params, page=number, per_page=size), using=using, facets=False)
        if more.number != number:
            break
        hits += more.hits
    skip = offset - (first - 1) * size
    result.hits = hits[skip : skip + limit]
    return result, reachable
