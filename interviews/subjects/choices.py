"""Editors' decisions on tags: confirm, remove or add a topic, place or organisation, on
an interview or on one of its turns.

A decision is stored (TagChoice) and applied at once; every later import or `retag`
applies it again on top of the tagger's output (store.py), so the editor's word wins.
"""

from __future__ import annotations

from django.db import transaction

from .. import revision
from ..models import (
    Entity,
    InterviewEntity,
    InterviewTopic,
    TagChoice,
    Topic,
    Turn,
    TurnEntity,
    TurnTopic,
)


def _links(interview, turn: Turn | None, target):
    """The link model and its filter for a tag on the interview or on a turn."""
    if isinstance(target, Topic):
        if turn is None:
            return InterviewTopic, {"interview": interview, "topic": target}
        return TurnTopic, {"turn": turn, "topic": target}
    if turn is None:
        return InterviewEntity, {"interview": interview, "entity": target}
    return TurnEntity, {"turn": turn, "entity": target}


def choose(interview, target: Topic | Entity, *, keep: bool, turn: Turn | None = None, user=None):
    """Confirm or add (`keep=True`) or remove (`keep=False`) a tag; returns the choice."""
    field = "topic" if isinstance(target, Topic) else "entity"
    key = turn.key if turn is not None else ""
    with transaction.atomic():
        choice, _ = TagChoice.objects.update_or_create(
            interview=interview,
            turn_key=key,
            **{field: target},
            defaults={"keep": keep, "made_by": user},
        )
        model, where = _links(interview, turn, target)
        if keep:
            model.objects.update_or_create(**where, defaults={"auto": False})
        else:
            model.objects.filter(**where).delete()
        revision.changed()
    return choice


def set_interview_topics(interview, topics: list[Topic], user=None) -> tuple[list, list]:
    """The interview's topics become exactly these (names before and after)."""
    with transaction.atomic():
        current = list(interview.topics.all())
        before = sorted((t.name for t in current), key=str.casefold)
        wanted = {t.pk for t in topics}
        for topic in current:
            if topic.pk not in wanted:
                choose(interview, topic, keep=False, user=user)
        confirmed = set(interview.topic_links.filter(auto=False).values_list("topic_id", flat=True))
        for topic in topics:
            if topic.pk not in confirmed:
                choose(interview, topic, keep=True, user=user)
        after = sorted((t.name for t in topics), key=str.casefold)
    return before, after
