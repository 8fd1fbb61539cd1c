"""Searching turns: the one entry point for the search page, the ORM and benchmarks.

How a search runs, whatever the database:

1. One statement: the first `ARCHIVE_SEARCH_CANDIDATES` (2,000) turns that match the
   words and filters are read once, ranked, counted ("2,000+" beyond that) and sorted;
   only the ids of the shown page come back, with every facet counted from the same
   candidates (a facet with a selection reads its own candidates without it). A date
   sort over more matches than candidates then walks the date order instead, checking
   the words turn by turn, so that a common word stays cheap.
2. The turns of the page, with speaker, interview and outlet; snippets are cut and
   marked in Python for these turns only.
3. The questions the page's answers answer.
4. When the words are exactly a person's name: that person.

On both databases the filters also narrow the full-text match itself: the index holds
keys for each turn's speaker, outlet, part and year (see sqlite.py and postgres.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import OuterRef, Q, Subquery
from django.utils.safestring import SafeString

from .. import revision
from ..models import (
    ANSWER,
    PART_CHOICES,
    QUESTION,
    Interview,
    Participant,
    Source,
    Speaker,
    Topic,
    Turn,
)
from . import analysis, budget, ranking, subjects
from .backends import Match, get_backend
from .highlight import Matcher, excerpt, snippet
from .query import Query, parse_query

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
PER_PAGE = 20
FACET_SIZE = 10
WALK_ROWS = 500  # date order over more matches than candidates: this many at most
QUESTION_LOOKBACK = 6  # how far back an answer's question may be, in turns
FACETS = ("speaker", "source", "topic", "place", "organisation", "year", "part")
PART_LABELS = dict(PART_CHOICES)
TOO_BROAD = (
    "This search is too broad to answer in time. Narrow it: add another word or a "
    "“phrase in quotes”, or choose a speaker, an outlet, a language or a range of years."
)
# What a result shows: the turn, its speaker, interview and outlet.
PAGE_FIELDS = [
    *("id", "key", "text", "kind", "part", "date", "language", "position", "label"),
    *("interview", "speaker", "source", "speaker__name", "speaker__slug"),
    *("speaker__kind", "interview__slug", "interview__title", "interview__date"),
    *("source__name", "source__slug", "source__short_name"),
    # What the API's and the exports' rows (api/serializers.py) and the search feed show
    # of every hit: without them each hit read its speaker and interview once more.
    *("speaker__role", "speaker__person_id", "interview__created_at", "interview__updated_at"),
]


# The speaker's role at the interview of the turn, not their latest.
_ROLE_THEN = Subquery(
    Participant.objects.filter(interview=OuterRef("interview_id"), speaker=OuterRef("speaker_id"))
    .order_by()
    .values("role")[:1]
)


def candidate_limit() -> int:
    return int(getattr(settings, "ARCHIVE_SEARCH_CANDIDATES", 2_000))


def archive_languages(using: str = "default") -> frozenset[str]:
    """The stemmer keys of the languages the archive's interviews are in.

    Read once per revision of the archive (an import or an edit may add a language).
    """
    key = f"search:languages:{using}:{revision.current(using)}"
    held = cache.get(key)
    if held is None:
        codes = Interview.objects.using(using).values_list("language", flat=True).distinct()
        held = frozenset(analysis.language_key(code) for code in codes)
        cache.set(key, held, None)
    return held


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


# --- SQL ----------------------------------------------------------------------------


class _Tables:
    def __init__(self, connection):
        quote = connection.ops.quote_name
        self.turn = quote(Turn._meta.db_table)
        self.speaker = quote(Speaker._meta.db_table)
        self.source = quote(Source._meta.db_table)
        self.topic = quote(Topic._meta.db_table)
        self.interview_topics = quote(Interview.topics.through._meta.db_table)


CANDIDATE_COLUMNS = (
    "t.id AS id, {score} AS score, t.date AS date, t.speaker_id AS speaker_id, "
    "t.source_id AS source_id, t.part AS part, t.interview_id AS interview_id"
)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


class _Builder:
    """The SQL of one search: a candidate set per combination of filters."""

    def __init__(
        self,
        connection,
        backend,
        params: SearchParams,
        query: Query | None,
        languages,
    ):
        self.connection = connection
        self.backend = backend
        self.params = params
        self.query = query
        self.languages = languages
        self.tables = _Tables(connection)
        self.limit = candidate_limit()
        self.match = self.match_for()

    def match_for(self, skip: str = "") -> Match | None:
        """The backend's match; a backend that filters inside it leaves out `skip`."""
        if not self.query:
            return None
        if getattr(self.backend, "narrows_by_filters", False):
            return self.backend.match(self.query, self.languages, self.params, skip)
        if not hasattr(self, "_match"):
            self._match = self.backend.match(self.query, self.languages)
        return self._match

    def conditions(self, skip: str = "", match: Match | None = None) -> tuple[str, list]:
        params = self.params
        match = match or self.match
        where, args = [], []
        if match is not None:
            where.append(match.where)
            args += match.params

        def among(column, values):
            where.append(f"{column} IN ({_placeholders(values)})")
            args.extend(values)

        if params.speakers and skip != "speaker":
            among("t.speaker_id", params.speakers)
        if params.parts and skip != "part":
            among("t.part", params.parts)
        if params.sources and skip != "source":
            among("t.source_id", params.sources)
        if params.languages:
            among("t.language", params.languages)
        if params.interview is not None:
            where.append("t.interview_id = %s")
            args.append(params.interview)
        for facet, field_name in subjects.FACETS.items():
            ids = getattr(params, field_name)
            if ids and skip != facet:
                sql, sql_args = subjects.condition(facet, ids, self.connection)
                where.append(sql)
                args.extend(sql_args)
        if skip != "year":
            adapt = self.connection.ops.adapt_datefield_value
            column = "t.date"
            keyed = getattr(self.backend, "date_after_keys", None)
            if keyed and match is not None and analysis.year_keys(params):
                column = keyed
            if params.date_from:
                where.append(f"{column} >= %s")
                args.append(adapt(params.date_from))
            if params.date_to:
                where.append(f"{column} <= %s")
                args.append(adapt(params.date_to))
        return " AND ".join(where) or "1 = 1", args

    def candidates(
        self, columns: str, skip: str = "", scored: bool = False, limit: int | None = None
    ) -> tuple[str, list]:
        match = self.match_for(skip) if skip else self.match
        source = match.source if match else f"{self.tables.turn} t"
        score, args = ("0", [])
        if scored and match is not None:
            score = ranking.first_pass(
                match.score,
                self.backend.length("t.text"),
                "t.kind",
                questions_weigh_less=not self.params.parts,
            )
            args = list(match.score_params)
        where, where_args = self.conditions(skip, match=match)
        columns = columns.replace("{score}", score)
        limit = self.limit + 1 if limit is None else limit  # one more tells "2,000+"
        return f"SELECT {columns} FROM {source} WHERE {where} LIMIT {int(limit)}", (
            args + where_args
        )

    def statement(
        self, order: str, first: int, last: int, *, facets: bool = True
    ) -> tuple[str, list]:
        """One statement for the page and the facets, over candidates read once.

        Rows are (facet, key, label, slug, count, score, rank): the page's rows have the
        facet "page", a turn id as key, the number of candidates as count and ranks
        first..last (and 1, to carry the count past the end). The candidates are
        materialized before they are ranked: SQLite would otherwise compute bm25() again
        for every row the window functions read.
        """
        inner, args = self.candidates(CANDIDATE_COLUMNS, scored=True)
        ctes = [f"c AS MATERIALIZED ({inner})"]
        branches = [
            "SELECT 'page' AS facet, CAST(id AS TEXT) AS k, CAST(NULL AS TEXT) AS label, "
            "CAST(NULL AS TEXT) AS slug, n, score, r FROM ("
            " SELECT c.id AS id, CAST(c.score AS REAL) AS score, COUNT(*) OVER () AS n,"
            f" ROW_NUMBER() OVER (ORDER BY {order}) AS r FROM c"
            ") x WHERE r = 1 OR (r >= %s AND r <= %s)"
        ]
        branch_args = [first, last]
        if facets:
            ctes.append(f"base AS (SELECT * FROM c LIMIT {self.limit})")
            facet_ctes, facet_args, facet_branches, facet_branch_args = self.facets()
            ctes += facet_ctes
            args += facet_args
            branches += facet_branches
            branch_args += facet_branch_args
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
        return sql, args + branch_args

    def walk(self, order: str, offset: int, size: int) -> tuple[str, list]:
        """A page of all matches in date (or reading) order, for more matches than candidates."""
        walk = self.backend.walk_in_date_order(self.match) if self.match else None
        where, args = self.conditions(match=walk)
        source = walk.source if walk else f"{self.tables.turn} t"
        if "t.date" in order:
            where += " AND t.date IS NOT NULL"
        sql = f"SELECT t.id FROM {source} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        return sql, [*args, size, offset]

    def facets(self) -> tuple[list[str], list, list[str], list]:
        """Every facet, each over candidates that leave out its own selection.

        Facets without a selection count the page's own candidates (`base`); each
        selected facet reads its candidates again without that selection.
        """
        params = self.params
        selections = {
            "speaker": params.speakers,
            "source": params.sources,
            "topic": params.topics,
            "place": params.places,
            "organisation": params.organisations,
            "part": params.parts,
            "year": params.date_from or params.date_to,
        }
        columns = "t.id AS id, t.speaker_id, t.source_id, t.part, t.date, t.interview_id"
        year = self.backend.year("date")
        ctes, args, sets = [], [], {}
        for facet in ("", *FACETS):
            if facet and not selections[facet]:
                sets[facet] = "agg"
                continue
            source = "base"
            if facet:
                sql, cte_args = self.candidates(columns, skip=facet, limit=self.limit)
                ctes.append(f"c_{facet} AS MATERIALIZED ({sql})")
                args += cte_args
                source = f"c_{facet}"
            # Counted once by every facet's key: the facets then add up a few hundred rows.
            name = f"agg_{facet}" if facet else "agg"
            ctes.append(
                f"{name} AS MATERIALIZED (SELECT speaker_id, source_id, part, interview_id, "
                f"{year} AS year, COUNT(*) AS n FROM {source} "
                f"GROUP BY speaker_id, source_id, part, interview_id, {year})"
            )
            sets[facet or "base"] = name
        tables = self.tables
        branches, branch_args = [], []
        tail = "CAST(NULL AS REAL) AS score, CAST(NULL AS BIGINT) AS r"

        def top(facet, column, join, label_table, extra_where=""):
            keep = selections[facet]
            keep_sql = f" OR x.k IN ({_placeholders(keep)})" if keep else ""
            branches.append(
                f"SELECT '{facet}' AS facet, CAST(g.k AS TEXT) AS k, l.name AS label, "
                f"l.slug AS slug, g.n AS n, {tail} FROM ("
                f" SELECT k, n FROM ("
                f"  SELECT k, n, ROW_NUMBER() OVER (ORDER BY n DESC, k) AS r FROM ("
                f"   SELECT {column} AS k, CAST(SUM(c.n) AS BIGINT) AS n FROM {sets[facet]} c"
                f"   {join} {extra_where} GROUP BY {column}) y"
                f"  ) x WHERE x.r <= %s{keep_sql}"
                f") g JOIN {label_table} l ON l.id = g.k"
            )
            branch_args.extend([FACET_SIZE, *keep])

        top("speaker", "c.speaker_id", "", tables.speaker)
        top("source", "c.source_id", "", tables.source, "WHERE c.source_id IS NOT NULL")
        for facet in subjects.FACETS:  # tags are per turn: counted over the candidates
            source = f"c_{facet}" if selections[facet] else "base"
            sql, sql_args = subjects.facet_branch(
                facet, source, selections[facet], FACET_SIZE, self.connection
            )
            branches.append(sql)
            branch_args.extend(sql_args)
        branches.append(
            "SELECT 'year' AS facet, CAST(c.year AS TEXT) AS k, CAST(NULL AS TEXT) AS label, "
            f"CAST(NULL AS TEXT) AS slug, CAST(SUM(c.n) AS BIGINT) AS n, {tail} "
            f"FROM {sets['year']} c WHERE c.year IS NOT NULL GROUP BY c.year"
        )
        branches.append(
            "SELECT 'part' AS facet, c.part AS k, CAST(NULL AS TEXT) AS label, "
            f"CAST(NULL AS TEXT) AS slug, CAST(SUM(c.n) AS BIGINT) AS n, {tail} "
            f"FROM {sets['part']} c GROUP BY c.part"
        )
        return ctes, args, branches, branch_args


# --- the search -------------------------------------------------------------------------


def search(
    params: SearchParams | None = None, /, *, using: str = "default", facets: bool = True, **kwargs
) -> SearchPage:
    """Search turns; see the package docstring. Never raises on any `q`.

    `params` is a SearchParams, or the search page's GET parameters (a QueryDict or a
    dict), validated as the page validates them.
    """
    if params is not None and not isinstance(params, SearchParams):
        params = params_from_query(params)
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
    held = archive_languages(using)
    indexed = tuple(language for language in languages if language in held) or languages
    builder = _Builder(connection, backend, params, query if query else None, indexed)
    try:
        with budget.limited(connection), connection.cursor() as cursor:
            ids, scores, facet_rows, offset = _page(cursor, builder, result, facets)
    except budget.SearchTooBroad:
        result.too_broad = True
        result.count, result.capped, result.num_pages = 0, False, 0
        result.notices.append(TOO_BROAD)
        return result
    if ids:
        result.hits = _hits(ids, scores, query, languages, using, params, offset)
    if facets:
        _read_facets(facet_rows, result)
        if query and query.is_plain_words:
            result.people = _people(query, using)
            _people_first(result)
    return result


MAX_PAGE = 10_000


def page_number(value) -> int:
    """A page number from a query string: 1 for anything that is not a number."""
    try:
        return min(MAX_PAGE, max(1, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


def params_from_query(data) -> SearchParams:
    """SearchParams from the search page's GET parameters (a QueryDict or a dict)."""
    from django.http import QueryDict

    from ..filters import TurnSearchFilter

    if not isinstance(data, QueryDict):
        query = QueryDict(mutable=True)
        for key, value in dict(data).items():
            query.setlist(
                key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            )
        data = query
    filterset = TurnSearchFilter(data, queryset=Turn.objects.all())
    return filterset.search_params(page=page_number(data.get("page")))


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


def _page(cursor, builder: _Builder, result: SearchPage, facets: bool):
    """The page's candidates and the facet rows; sets the count and page number.

    Returns (ids, scores, facet rows, offset): with `offset` None, `ids` are the page's
    turns in order; otherwise they are the first candidates of the first pass, to be
    scored again, and the page is the `per_page` of them from `offset` on.
    """
    params = result.params
    size = params.per_page
    order, walk = _order(params, ranked=builder.match is not None)
    window = _rescoring_window(params, ranked=builder.match is not None)
    number = params.page

    def rows_for(number: int, facets: bool):
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
            rows = sorted(rows_for(number, False), key=lambda row: row[6])
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


def _hits(
    ids: list[int], scores, query: Query, languages, using: str, params: SearchParams, offset
) -> list[Hit]:
    turns = {
        turn.pk: turn
        for turn in Turn.objects.using(using)
        .filter(pk__in=ids)
        .select_related("speaker", "interview", "source")
        .annotate(role_then=_ROLE_THEN)
        .only(*PAGE_FIELDS)
    }
    ordered = [turns[pk] for pk in ids if pk in turns]
    folded: dict[int, int] = {}
    if offset is not None and query:
        ordered, folded, scores = _rescore(ordered, query, languages, params)
        ordered = ordered[offset : offset + params.per_page]
    questions = _questions([t for t in ordered if t.kind == ANSWER], using)
    matcher = Matcher.for_query(query, languages) if query else None
    hits = []
    for turn in ordered:
        question = questions.get(turn.pk)
        shown = snippet(turn.text, turn.language, matcher)
        hits.append(
            Hit(
                turn=turn,
                score=scores.get(turn.pk, 0.0),
                snippet=shown,
                question=question,
                question_excerpt=excerpt(question.text, question.language) if question else None,
                role=turn.role_then or "",
                similar=folded.get(turn.pk, 0),
                cut=shown.startswith("… ") or shown.endswith(" …"),
            )
        )
    return hits


def _rescore(turns: list[Turn], query: Query, languages, params: SearchParams):
    """The candidates in the order of the one scoring model, near-copies folded."""
    ranker = ranking.Ranker(query, languages, questions_weigh_less=not params.parts)
    scored, budget = {}, ranking.READ_WORDS
    for turn in turns:
        if budget <= 0:
            break
        scored[turn.pk] = ranker.score(turn.text, turn.language, turn.kind)
        budget -= len(scored[turn.pk].keys)
    # Ties keep the first pass's order (which breaks its own ties by date and id); turns
    # past the budget follow in that order.
    place = {turn.pk: index for index, turn in enumerate(turns)}
    ranked = sorted(
        (turn for turn in turns if turn.pk in scored),
        key=lambda turn: (-scored[turn.pk].score, place[turn.pk]),
    )
    kept, folded = ranking.fold(ranked, lambda turn: scored[turn.pk].keys)
    kept += [turn for turn in turns if turn.pk not in scored]
    return (
        kept,
        {turn.pk: count for turn, count in folded.items()},
        {pk: value.score for pk, value in scored.items()},
    )


def _questions(answers: list[Turn], using: str) -> dict[int, Turn]:
    """The question each answer answers: the nearest question shortly before it."""
    if not answers:
        return {}
    near = Q()
    for answer in answers:
        near |= Q(
            interview_id=answer.interview_id,
            position__lt=answer.position,
            position__gte=answer.position - QUESTION_LOOKBACK,
        )
    candidates = (
        Turn.objects.using(using)
        .filter(near, kind=QUESTION)
        .select_related("speaker")
        .only("id", "text", "language", "position", "interview_id", "key", "speaker__name")
    )
    by_interview: dict[int, list[Turn]] = {}
    for question in candidates:
        by_interview.setdefault(question.interview_id, []).append(question)
    found = {}
    for answer in answers:
        before = [
            q for q in by_interview.get(answer.interview_id, []) if q.position < answer.position
        ]
        if before:
            question = max(before, key=lambda q: q.position)
            # Its permalink names the interview the answer already carries.
            question.interview = answer.interview
            found[answer.pk] = question
    return found


def _read_facets(rows, result: SearchPage) -> None:
    params = result.params
    selected = {
        "speaker": set(params.speakers),
        "source": set(params.sources),
        "topic": set(params.topics),
        "place": set(params.places),
        "organisation": set(params.organisations),
        "part": set(params.parts),
    }
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    for facet, key, label, slug, count in rows:
        if facet == "year":
            year = int(key)
            facets["year"].append(
                FacetValue(year, str(year), str(year), count, params.selected_year == year)
            )
        elif facet == "part":
            facets["part"].append(
                FacetValue(key, PART_LABELS.get(key, key), key, count, key in selected["part"])
            )
        else:
            pk = int(key)
            facets[facet].append(FacetValue(pk, label, slug, count, pk in selected[facet]))
    for name, values in facets.items():
        if name == "year":
            values.sort(key=lambda v: v.key)
        else:
            values.sort(key=lambda v: (-v.count, v.label.casefold()))
    result.facets = facets
    result.years = [(v.key, v.count) for v in facets["year"]]


def _people(query: Query, using: str) -> list[Speaker]:
    """People whose name is exactly the query (or, for one word, whose surname it is)."""
    words = [word for term in query.terms for word in term.words]
    if not words or len(words) > 4:
        return []
    key = " ".join(words)
    named = Q(name_key=key)
    if len(words) == 1:
        named |= Q(name_key__endswith=" " + key)
    return list(
        Speaker.objects.using(using)
        .filter(named, kind=Speaker.PERSON)
        .order_by("-turn_count", "name")[:3]
    )


def _people_first(result: SearchPage) -> None:
    """A person the query names comes first among the speakers."""
    if not result.people or "speaker" not in result.facets:
        return
    named = {person.pk for person in result.people}
    result.facets["speaker"].sort(key=lambda v: v.key not in named)


def filter_queryset(queryset, q: str, *, languages: Iterable[str] = ()):
    """Turns of `queryset` matching `q`, unranked: the ORM side of the same search."""
    from django.db.models.expressions import RawSQL

    query = parse_query(q)
    if not query:
        return queryset.none() if query.excluded else queryset
    connection = connections[queryset.db]
    backend = get_backend(connection)
    match = backend.match(query, analysis.query_languages(languages))
    return queryset.filter(pk__in=RawSQL(match.ids, match.params))
