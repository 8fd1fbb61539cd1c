"""What a search answers: the page of hits, the count, the facets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from ..models import Speaker, Turn
from .params import SearchParams
from .query import Query


@dataclass
class Hit:
    """One quote on the page."""

    turn: Turn
    score: float
    snippet: SafeString
    question: Turn | None = None
    question_excerpt: SafeString | None = None
    role: str = ""  # the speaker's role at that interview
    similar: int = 0  # near-identical turns folded into this one
    cut: bool = False  # the snippet is a passage of a longer turn


@dataclass
class FacetValue:
    key: int | str
    label: str
    value: str  # what goes into the query string
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    params: SearchParams
    query: Query
    hits: list[Hit] = field(default_factory=list)
    count: int = 0  # matches, or the candidate limit when `capped`
    capped: bool = False  # there are more matches than `count`
    number: int = 1
    num_pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    years: list[tuple[int, int]] = field(default_factory=list)
    people: list[Speaker] = field(default_factory=list)  # the query is their name
    notices: list[str] = field(default_factory=list)
    too_broad: bool = False  # stopped by the time budget (see budget.py)

    @property
    def object_list(self) -> list[Hit]:
        return self.hits

    @property
    def searched(self) -> bool:
        return bool(self.params.q.strip()) or self.params.has_filters

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.params.per_page + 1 if self.hits else 0
