"""What a search asks for, free of any request: the words, the filters, the order, the page.

The web layer (filters.py) validates a query string into these; everything else in the
package reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
PER_PAGE = 20
MAX_PAGE = 10_000


def candidate_limit() -> int:
    return int(getattr(settings, "ARCHIVE_SEARCH_CANDIDATES", 2_000))


def page_number(value) -> int:
    """A page number from a query string: 1 for anything that is not a number."""
    try:
        return min(MAX_PAGE, max(1, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


def _ints(values) -> tuple[int, ...]:
    if values is None or isinstance(values, int | str):
        values = [] if values is None else [values]
    return tuple(sorted({int(getattr(v, "pk", v)) for v in values}))


def _strs(values) -> tuple[str, ...]:
    if values is None or isinstance(values, str):
        values = [] if not values else [values]
    return tuple(sorted({str(v) for v in values if v}))


@dataclass(frozen=True)
class SearchParams:
    """What to search for. Ids (or model instances) for speakers, sources and topics."""

    q: str = ""
    speakers: tuple[int, ...] = ()
    parts: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    topics: tuple[int, ...] = ()
    places: tuple[int, ...] = ()  # countries and regions (Entity ids)
    organisations: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    interview: int | None = None
    sort: str = RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "q", self.q or "")
        set_(self, "speakers", _ints(self.speakers))
        set_(self, "sources", _ints(self.sources))
        set_(self, "topics", _ints(self.topics))
        set_(self, "places", _ints(self.places))
        set_(self, "organisations", _ints(self.organisations))
        set_(self, "parts", _strs(self.parts))
        set_(self, "languages", _strs(self.languages))
        if self.interview is not None:
            set_(self, "interview", int(getattr(self.interview, "pk", self.interview)))
        if self.sort not in dict(SORTS):
            set_(self, "sort", RELEVANCE)
        set_(self, "page", max(1, int(self.page or 1)))
        set_(self, "per_page", min(100, max(1, int(self.per_page or PER_PAGE))))

    @property
    def has_filters(self) -> bool:
        return bool(
            self.speakers
            or self.parts
            or self.sources
            or self.topics
            or self.places
            or self.organisations
            or self.languages
            or self.date_from
            or self.date_to
            or self.interview
        )

    @property
    def selected_year(self) -> int | None:
        if (
            self.date_from
            and self.date_to
            and self.date_from.year == self.date_to.year
            and (self.date_from.month, self.date_from.day) == (1, 1)
            and (self.date_to.month, self.date_to.day) == (12, 31)
        ):
            return self.date_from.year
        return None
