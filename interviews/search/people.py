"""A query that is exactly a person's name leads to that person."""

from __future__ import annotations

from django.db.models import Q

from ..models import Speaker
from .query import Query
from .results import SearchPage


def named_by(query: Query, using: str) -> list[Speaker]:
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


def put_first(result: SearchPage) -> None:
    """A person the query names comes first among the speakers."""
    if not result.people or "speaker" not in result.facets:
        return
    named = {person.pk for person in result.people}
    result.facets["speaker"].sort(key=lambda v: v.key not in named)
