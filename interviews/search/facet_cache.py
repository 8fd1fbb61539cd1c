"""Facets kept between searches, by the archive's revision and the candidates they count.

A facet counts the candidates of a search without its own selection, so the rows of one
facet depend on the words, the languages and every *other* filter, nothing else: not the
page, not the order, not the facet's own selection (beyond the selected values it always
shows). That is what keys them here, which gives two reuses that readers make all the time:

- the pages and the orders of one search share its facets: page 2 reads the page only;
- a reader who picks a value in a facet (a speaker, a year) asks for a search whose
  facet of that kind is exactly the one the search before it showed: only the other
  facets are counted again.

Each entry is one candidate set (words, languages, filters) holding the rows of the
facets without a selection in it; the revision in the key makes any import or edit start
afresh, as the page cache does (interviews/caching.py). `ARCHIVE_SEARCH_FACET_CACHE=0`
turns it off, so that the benchmark measures searches computed afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.conf import settings
from django.core.cache import cache

from .facets import FACET_SIZE, FACETS, SELECTED_BY, selections
from .params import SearchParams

Rows = list[tuple]  # (facet, key, label, slug, count), as the statement returns them
# Facets counted whole rather than as their first FACET_SIZE values.
WHOLE = ("year", "part")


def enabled() -> bool:
    return bool(getattr(settings, "ARCHIVE_SEARCH_FACET_CACHE", True))


# What a search asks beyond its words and its page: the filters.
FILTERS = tuple(
    f.name
    for f in dataclasses.fields(SearchParams)
    if f.name not in ("q", "sort", "page", "per_page")
)


def _filters_without(params: SearchParams, facet: str) -> tuple:
    """The filters of the candidates `facet` counts: all but its own selection."""
    cleared = SELECTED_BY[facet]
    return tuple(None if name in cleared else getattr(params, name) for name in FILTERS)


def _key(params: SearchParams, facet: str, using: str, stamp: str) -> str:
    # Spacing is the one difference in the words that can never change their match.
    words = " ".join(params.q.split())
    address = repr((using, words, _filters_without(params, facet)))
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"search:facets:{stamp}:{digest}"


def _shown(rows: Rows, facet: str, keep) -> Rows | None:
    """The rows to show from stored rows, for a facet whose selection is `keep`.

    Stored rows are the first FACET_SIZE values and the values selected by the search
    that stored them. They answer another selection only when they hold every value of
    it: a selected value outside them may have any smaller count. A facet counted whole
    holds every value whatever is selected.
    """
    if facet in WHOLE:
        return rows
    present = {str(row[1]) for row in rows}
    keep = {str(value) for value in keep}
    if not keep <= present:
        return None
    ordered = sorted(rows, key=lambda row: (-row[4], int(row[1])))
    first = {str(row[1]) for row in ordered[:FACET_SIZE]}
    return [row for row in rows if str(row[1]) in first or str(row[1]) in keep]


def held(params: SearchParams, using: str, stamp: str) -> tuple[Rows, set[str]]:
    """Stored rows for this search's facets, and the facets that must be counted."""
    if not enabled():
        return [], set(FACETS)
    chosen = selections(params)
    keys = {facet: _key(params, facet, using, stamp) for facet in FACETS}
    entries = cache.get_many(set(keys.values()))
    rows: Rows = []
    missing = set()
    for facet in FACETS:
        stored = entries.get(keys[facet], {}).get(facet)
        shown = None if stored is None else _shown(stored, facet, chosen[facet])
        if shown is None:
            missing.add(facet)
        else:
            rows += shown
    return rows, missing


def keep(params: SearchParams, using: str, stamp: str, rows: Rows, counted: set[str]) -> None:
    """Store the rows of the facets this search counted, each under its candidate set."""
    if not enabled() or not counted:
        return
    by_facet: dict[str, Rows] = {facet: [] for facet in counted}
    for row in rows:
        if row[0] in by_facet:
            by_facet[row[0]].append(tuple(row))
    keys = {facet: _key(params, facet, using, stamp) for facet in counted}
    # Read again rather than kept from `held`: another search may have stored facets in
    # these entries while this one's statement ran.
    entries = cache.get_many(set(keys.values()))
    for facet, rows_of in by_facet.items():
        entries.setdefault(keys[facet], {})[facet] = rows_of
    cache.set_many(entries, settings.ARCHIVE_PAGE_CACHE_SECONDS)
