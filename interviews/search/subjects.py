"""Topics, places and organisations in a search: the filter and the facets.

A quote (turn) is on a topic when the topic, or a narrower one, is tagged on the turn
itself (by the tagger or an editor), or when a person set it on the whole interview (an
editor, or the document's own header). The interview's automatic topics summarise its
turns and do not extend to every one of them. Places and organisations likewise.

Kept apart from the candidates and facets so that the search's own layout can change
around it: they ask here for a condition per filter and a facet branch per kind.
"""

from __future__ import annotations

from .. import revision
from ..models import Entity, InterviewEntity, InterviewTopic, Topic, TurnEntity, TurnTopic

# facet name -> (SearchParams field, link table kind)
FACETS = {"topic": "topics", "place": "places", "organisation": "organisations"}


def _table(model, connection) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def narrower(topic_ids, using: str = "default") -> tuple[int, ...]:
    """These topics and every topic below them (read once per revision of the archive)."""
    if not topic_ids:
        return ()

    def read():
        children = {}
        for pk, parent in (
            Topic.objects.using(using).exclude(parent=None).values_list("id", "parent_id")
        ):
            children.setdefault(parent, []).append(pk)
        return children

    children = revision.cached("search:topic-tree", using, read)
    found, stack = set(), list(topic_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return tuple(sorted(found))


def condition(facet: str, ids, connection) -> tuple[str, list]:
    """SQL on the turn `t` for "on any of these topics / places / organisations"."""
    if facet == "topic":
        ids = narrower(ids, connection.alias)
        turns, interviews, column = TurnTopic, InterviewTopic, "topic_id"
    else:
        turns, interviews, column = TurnEntity, InterviewEntity, "entity_id"
    marks = ", ".join(["%s"] * len(ids))
    # `NOT auto`, written as the partial indexes of the links a person set are (models.py),
    # so that both databases read those indexes.
    sql = (
        f"(t.id IN (SELECT x.turn_id FROM {_table(turns, connection)} x "
        f"WHERE x.{column} IN ({marks})) OR t.interview_id IN (SELECT y.interview_id "
        f"FROM {_table(interviews, connection)} y WHERE y.{column} IN ({marks}) "
        f"AND NOT y.auto))"
    )
    return sql, [*ids, *ids]


def facet_sql(sources: dict[str, str], selections, limit: int, connection):
    """The subject facets' SQL: (CTEs, branches, branch args), for the page's statement.

    `sources` names, per facet asked for, the candidates it counts (`id`, `interview_id`). The tags
    of a set of candidates are read and counted once per kind of link: places and
    organisations are both entities, and counting their links once halves what the two
    facets cost (two thousand index reads for each table).
    """
    ctes, counted = [], {}
    branches, args = [], []
    for facet in (facet for facet in FACETS if facet in sources):
        links = "topic" if facet == "topic" else "entity"
        source = sources[facet]
        name = counted.get((links, source))
        if name is None:
            name = counted[(links, source)] = f"tags_{links}_{source}"
            ctes.append(f"{name} AS MATERIALIZED ({_counts(links, source, connection)})")
        sql, sql_args = _branch(facet, name, selections[facet], limit, connection)
        branches.append(sql)
        args += sql_args
    return ctes, branches, args


def _counts(links: str, source: str, connection) -> str:
    """Each tag of the candidates with the number of them it is on (`k`, `n`)."""
    if links == "topic":
        turns, interviews, column = TurnTopic, InterviewTopic, "topic_id"
    else:
        turns, interviews, column = TurnEntity, InterviewEntity, "entity_id"
    return (
        f"SELECT u.k AS k, CAST(COUNT(*) AS BIGINT) AS n FROM ("
        f" SELECT a.{column} AS k, c.id AS id FROM {source} c "
        f" JOIN {_table(turns, connection)} a ON a.turn_id = c.id"
        f" UNION SELECT b.{column} AS k, c.id AS id FROM {source} c "
        f" JOIN {_table(interviews, connection)} b ON b.interview_id = c.interview_id "
        f" AND NOT b.auto"
        f") u GROUP BY u.k"
    )


def _branch(facet: str, counts: str, keep, limit: int, connection) -> tuple[str, list]:
    """A UNION branch of the facet rows (facet, key, label, slug, count, score, rank):
    the most frequent tags of `counts` (a CTE of `_counts`) of this facet's kind."""
    if facet == "topic":
        labels, kind = Topic, ""
    else:
        labels = Entity
        kinds = Entity.PLACE_KINDS if facet == "place" else (Entity.ORGANISATION,)
        kind = " AND l.kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"
    keep_sql = f" OR x.k IN ({', '.join(['%s'] * len(keep))})" if keep else ""
    tail = "CAST(NULL AS REAL) AS score, CAST(NULL AS BIGINT) AS r"
    sql = (
        f"SELECT '{facet}' AS facet, CAST(g.k AS TEXT) AS k, l.name AS label, l.slug AS slug, "
        f"g.n AS n, {tail} FROM ("
        f" SELECT k, n FROM ("
        f"  SELECT k, n, ROW_NUMBER() OVER (ORDER BY n DESC, k) AS r FROM ("
        f"   SELECT u.k AS k, u.n AS n FROM {counts} u"
        f"   JOIN {_table(labels, connection)} l ON l.id = u.k{kind}) y"
        f"  ) x WHERE x.r <= %s{keep_sql}"
        f") g JOIN {_table(labels, connection)} l ON l.id = g.k"
    )
    return sql, [limit, *keep]
