"""Tagging stored interviews again, from their turns as stored (not their documents).

The header's topics are those of the interview's current document; editors' choices
are applied on top, as at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from .. import parsing, revision
from ..models import Interview
from ..tagging import tag_document
from .store import declared_topic_ids, write_tags


def declared_topics(interview: Interview) -> list[str]:
    """The topics the interview's current document names in its header, if it has one."""
    record = interview.document
    if record is None or not record.original:
        return []
    try:
        return parsing.parse_document(bytes(record.original), record.file_name).topics
    except parsing.ParseError:
        return []


def retag_interview(interview: Interview) -> None:
    turns = list(interview.turns.order_by("position").values_list("text", flat=True))
    tags = tag_document(interview.title, interview.intro, turns, interview.language)
    with transaction.atomic():
        write_tags(interview, tags, declared_topic_ids(declared_topics(interview)))
        revision.changed()


def retag(ids: Iterable[int], on_interview: Callable[[int], None] | None = None) -> int:
    done = 0
    for interview in Interview.objects.filter(pk__in=list(ids)).select_related("document"):
        retag_interview(interview)
        done += 1
        if on_interview:
            on_interview(interview.pk)
    return done
