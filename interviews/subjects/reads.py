"""Reading tags for pages: an interview's, and its turns' (a fixed number of queries)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import InterviewEntity, InterviewTopic, TurnEntity, TurnTopic


def _manager(model, using: str | None):
    # Without an alias the router chooses, so a reader's page reads its tags from the
    # same replica as the rest of the page.
    return model.objects.db_manager(using) if using else model.objects


def interview_tags(interview, using: str | None = None) -> tuple[list, list]:
    """(topics, places and organisations) of an interview, each with `.tag_auto`."""
    topics, places = [], []
    for link in (
        _manager(InterviewTopic, using)
        .filter(interview=interview)
        .select_related("topic")
        .order_by("id")
    ):
        link.topic.tag_auto = link.auto
        topics.append(link.topic)
    for link in (
        _manager(InterviewEntity, using)
        .filter(interview=interview)
        .select_related("entity")
        .order_by("id")
    ):
        link.entity.tag_auto = link.auto
        places.append(link.entity)
    return topics, places


def attach_turn_tags(turns: Iterable, using: str | None = None) -> None:
    """Give each turn `.tag_topics` and `.tag_places` (places and organisations), each
    tag with `.tag_auto`: two queries, however many turns."""
    by_id = {turn.pk: turn for turn in turns}
    for turn in by_id.values():
        turn.tag_topics, turn.tag_places = [], []
    if not by_id:
        return
    for link in (
        _manager(TurnTopic, using)
        .filter(turn_id__in=list(by_id))
        .select_related("topic")
        .order_by("id")
    ):
        topic = link.topic
        topic.tag_auto = link.auto
        by_id[link.turn_id].tag_topics.append(topic)
    for link in (
        _manager(TurnEntity, using)
        .filter(turn_id__in=list(by_id))
        .select_related("entity")
        .order_by("id")
    ):
        entity = link.entity
        entity.tag_auto = link.auto
        by_id[link.turn_id].tag_places.append(entity)
