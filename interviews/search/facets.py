"""Facets: who, where, what, when and as what the matches speak, counted from candidates.

The SQL is a part of the page's one statement (candidates.Builder.statement); the rows it
returns are read back into FacetValues here.
"""

from __future__ import annotations

from ..models import PART_CHOICES
from . import subjects
from .results import FacetValue, SearchPage

FACET_SIZE = 10
FACETS = ("speaker", "source", "topic", "place", "organisation", "year", "part")
PART_LABELS = dict(PART_CHOICES)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


# Each facet's selection: the SearchParams fields a click in it sets.
SELECTED_BY = {
    "speaker": ("speakers",),
    "source": ("sources",),
    "topic": ("topics",),
    "place": ("places",),
    "organisation": ("organisations",),
    "part": ("parts",),
    "year": ("date_from", "date_to"),
}


def selections(params) -> dict:
    """Each facet's selection in the search (the year's is its date range: either end)."""
    chosen = {}
    for facet, fields in SELECTED_BY.items():
        values = [getattr(params, name) for name in fields]
        chosen[facet] = next((value for value in values if value), values[0])
    return chosen


def facet_sql(builder, wanted=FACETS) -> tuple[list[str], list, list[str], list]:
    """The `wanted` facets, each over candidates that leave out its own selection.

    Facets without a selection count the page's own candidates (`base`); each
    selected facet reads its candidates again without that selection.
    """
    params = builder.params
    chosen = selections(params)
    wanted = set(wanted)
    columns = "t.id AS id, t.speaker_id, t.source_id, t.part, t.date, t.interview_id"
    year = builder.backend.year("date")
    ctes, args, sets = [], [], {}
    grouped = {"speaker", "source", "year", "part"}
    base_wanted = any(not chosen[f] for f in wanted & grouped)
    for facet in ("", *FACETS):
        if facet and facet not in wanted:
            continue
        if facet and not chosen[facet]:
            sets[facet] = "agg"
            continue
        if not facet and not base_wanted:
            continue
        source = "base"
        if facet:
            sql, cte_args = builder.candidates(columns, skip=facet, limit=builder.limit)
            ctes.append(f"c_{facet} AS MATERIALIZED ({sql})")
            args += cte_args
            source = f"c_{facet}"
            if facet not in grouped:
                continue  # a subject facet counts its candidates' tags (subjects.py)
        # Counted once by every facet's key: the facets then add up a few hundred rows.
        name = f"agg_{facet}" if facet else "agg"
        ctes.append(
            f"{name} AS MATERIALIZED (SELECT speaker_id, source_id, part, interview_id, "
            f"{year} AS year, COUNT(*) AS n FROM {source} "
            f"GROUP BY speaker_id, source_id, part, interview_id, {year})"
        )
        sets[facet or "base"] = name
    tables = builder.tables
    branches, branch_args = [], []
    tail = "CAST(NULL AS REAL) AS score, CAST(NULL AS BIGINT) AS r"

    def top(facet, column, join, label_table, extra_where=""):
        if facet not in wanted:
            return
        keep = chosen[facet]
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
    # Tags are per turn: counted over the candidates.
    tag_ctes, tag_branches, tag_args = subjects.facet_sql(
        {
            facet: f"c_{facet}" if chosen[facet] else "base"
            for facet in subjects.FACETS
            if facet in wanted
        },
        chosen,
        FACET_SIZE,
        builder.connection,
    )
    ctes += tag_ctes
    branches += tag_branches
    branch_args += tag_args
    if "year" in wanted:
        branches.append(
            "SELECT 'year' AS facet, CAST(c.year AS TEXT) AS k, CAST(NULL AS TEXT) AS label, "
            f"CAST(NULL AS TEXT) AS slug, CAST(SUM(c.n) AS BIGINT) AS n, {tail} "
            f"FROM {sets['year']} c WHERE c.year IS NOT NULL GROUP BY c.year"
        )
    if "part" in wanted:
        branches.append(
            "SELECT 'part' AS facet, c.part AS k, CAST(NULL AS TEXT) AS label, "
            f"CAST(NULL AS TEXT) AS slug, CAST(SUM(c.n) AS BIGINT) AS n, {tail} "
            f"FROM {sets['part']} c GROUP BY c.part"
        )
    return ctes, args, branches, branch_args


def read_facets(rows, result: SearchPage) -> None:
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
