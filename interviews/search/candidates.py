"""The SQL of one search: which turns are candidates, and the page's one statement.

On both databases the filters also narrow the full-text match itself: the index holds
keys for each turn's speaker, outlet, part, year and language (see sqlite.py and
postgres.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Interview, Source, Speaker, Topic, Turn
from . import analysis, ranking, subjects
from .backends import Match
from .facets import FACETS, facet_sql
from .params import SearchParams, candidate_limit
from .query import Query

# A speaker or an outlet with this many turns is read one way or the other by choice
# (Builder.filter_way).
LARGE_FILTER = 50_000
# The filters whose column has a btree index of its own beside its key in the words' index.
WAYS = {"speaker": "t.speaker_id", "source": "t.source_id"}
# Checking one turn's vector costs about as much as this many postings of the index
# (measured at 100k: 4.8 against 0.8 microseconds).
FILTER_ROW_COST = 6


class Tables:
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


@dataclass(frozen=True)
class Way:
    """How a search reads the turns of its large filters (Builder.filter_way): `walk` names
    the filter whose turns are walked, each checked for the words ("" for the words'
    index); the filters of `plain` are checked on the rows found, without their btree."""

    walk: str = ""
    plain: frozenset[str] = frozenset()


PLANNERS_CHOICE = Way()


class Builder:
    """The SQL of one search: a candidate set per combination of filters."""

    def __init__(
        self,
        connection,
        backend,
        params: SearchParams,
        query: Query | None,
        languages,
        filter_turns: dict[str, int] | None = None,
    ):
        """`filter_turns`: the turns of the selected speakers ("speaker") and outlets
        ("source"), counting only those with LARGE_FILTER turns or more
        (service.large_filters)."""
        self.connection = connection
        self.backend = backend
        self.params = params
        self.query = query
        self.languages = languages
        self.tables = Tables(connection)
        self.limit = candidate_limit()
        self._filter_turns = dict(filter_turns or {})
        self._ways: dict[str, Way] = {}
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

    def filter_way(self, skip: str, match: Match | None) -> Way:
        """How to read the turns of a speaker or an outlet that fills a great part of the
        archive: the words' index only, or the filter's turns, each checked for the words.

        The index holds the filter's key, so its posting lists give the filter's matches
        directly; the planner then often also reads the filter's btree index to AND with
        them, a bitmap of a million turns for Reporter (127 of 215 ms at 100k). Walking the
        filter's turns instead costs `limit / density` turns checked, where the density is
        the share of them that match: cheap for a word said in one turn in three, dear for
        one in twenty. The planner's estimate of the matches gives the density; with a
        large speaker and a large outlet, the smaller of the two is the one walked.
        """
        large = {
            kind: self._filter_turns.get(kind, 0)
            for kind in WAYS
            if self._filter_turns.get(kind, 0) >= LARGE_FILTER and kind != skip
        }
        if (
            not large
            or match is None
            or not getattr(self.backend, "narrows_by_filters", False)
            or not hasattr(self.backend, "estimate")
        ):
            return PLANNERS_CHOICE
        if skip not in self._ways:
            walked = min(large, key=large.get)  # on a tie, the first of WAYS
            turns = large[walked]
            density = self.backend.estimate(self.connection, match) / turns
            # Walking costs limit / density checks of a vector, the index density * turns
            # postings: the walk wins when density² > FILTER_ROW_COST * limit / turns.
            if density * density * turns > FILTER_ROW_COST * self.limit:
                self._ways[skip] = Way(walked, frozenset(large) - {walked})
            else:
                self._ways[skip] = Way("", frozenset(large))
        return self._ways[skip]

    def conditions(
        self, skip: str = "", match: Match | None = None, *, walking: bool = False
    ) -> tuple[str, list]:
        params = self.params
        match = match or self.match
        where, args = [], []
        way = PLANNERS_CHOICE if walking else self.filter_way(skip, match)
        if match is not None:
            if way.walk and match.unindexed:
                where.append(match.unindexed)
                args += match.unindexed_params
            else:
                where.append(match.where)
                args += match.params

        def among(column, values):
            where.append(f"{column} IN ({_placeholders(values)})")
            args.extend(values)

        def among_large(kind, values):
            # `+ 0`: checked on the rows found, without the filter's btree.
            column = WAYS[kind]
            among(f"({column} + 0)" if kind in way.plain else column, values)

        if params.speakers and skip != "speaker":
            among_large("speaker", params.speakers)
        if params.parts and skip != "part":
            among("t.part", params.parts)
        if params.sources and skip != "source":
            among_large("source", params.sources)
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
            # A walk in date order reads the date index, whose range is where it starts.
            if keyed and match is not None and analysis.year_keys(params) and not walking:
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

    def statement(self, order: str, first: int, last: int, *, facets=FACETS) -> tuple[str, list]:
        """One statement for the page and the `facets` asked for, over candidates read once.

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
            facet_ctes, facet_args, facet_branches, facet_branch_args = facet_sql(self, facets)
            ctes += facet_ctes
            args += facet_args
            branches += facet_branches
            branch_args += facet_branch_args
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
        return sql, args + branch_args

    def walk(self, order: str, offset: int, size: int) -> tuple[str, list]:
        """A page of all matches in date (or reading) order, for more matches than candidates."""
        walk = self.backend.walk_in_date_order(self.match, self.connection) if self.match else None
        where, args = self.conditions(match=walk, walking=True)
        source = walk.source if walk else f"{self.tables.turn} t"
        if "t.date" in order:
            where += " AND t.date IS NOT NULL"
        sql = f"SELECT t.id FROM {source} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        return sql, [*args, size, offset]
