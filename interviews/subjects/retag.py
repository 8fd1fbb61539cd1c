"""Tagging stored interviews again, from their turns as stored (not their documents).

What a person set (the document's header topics, written `auto=False` at import, and
editors' choices) is kept; the automatic tags are computed afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from .. import revision
from ..models import Interview
from ..tagging import tag_document
from .store import write_tags


def retag_interview(interview: Interview) -> None:
    turns = list(interview.turns.order_by("position").values_list("text", flat=True))
    tags = tag_document(interview.title, interview.intro, turns, interview.language)
    with transaction.atomic():
        declared = list(
            interview.topic_links.filter(auto=False)
            .order_by("id")
            .values_list("topic_id", flat=True)
        )
        write_tags(interview, tags, declared)
        revision.changed()


def retag(ids: Iterable[int], on_interview: Callable[[int], None] | None = None) -> int:
    done = 0
    for interview in Interview.objects.filter(pk__in=list(ids)).order_by("id"):
        retag_interview(interview)
        done += 1
        if on_interview:
            on_interview(interview.pk)
    return done
