"""What the API's serialisers read: querysets with their relations, and the extras that
the serialisers expect as `api_*` attributes. Each answer runs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from ..models import QUESTION, Interview, Participant, Source, Speaker, Topic, Turn
from ..people.resolve import roles_over_time
from ..subjects.reads import interview_tags


def _participants():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("speaker").order_by("position", "id"),
        to_attr="api_participants",
    )


def interviews():
    """Interviews as the interview list orders them, with outlets and participants."""
    return Interview.objects.for_listing().prefetch_related(_participants())


def interview_detail(interview: Interview) -> Interview:
    interview.api_participants = list(
        interview.participants.select_related("speaker").order_by("position", "id")
    )
    interview.api_turns = list(interview.turns.select_related("speaker").order_by("position"))
    interview.api_topics = interview_tags(interview)[0]
    return interview


def turn_detail(turn: Turn) -> Turn:
    """The turn with the question it answers (the nearest question before it)."""
    turn.api_question = None
    if turn.kind != QUESTION:
        turn.api_question = (
            Turn.objects.select_related("speaker", "interview")
            .filter(interview_id=turn.interview_id, position__lt=turn.position, kind=QUESTION)
            .order_by("-position")
            .first()
        )
    return turn


def turns():
    return Turn.objects.select_related("speaker", "interview", "interview__source")


def speakers():
    """Everyone the archive has heard, most quoted first."""
    return Speaker.objects.filter(turn_count__gt=0).order_by("-turn_count", "name_key", "id")


def speaker_detail(speaker: Speaker) -> Speaker:
    speaker.api_other_names = list(speaker.other_names.order_by("name_key"))
    speaker.api_memberships = list(
        speaker.memberships.select_related("office").order_by("start_date", "id")
    )
    speaker.api_printed_roles = roles_over_time(speaker)
    return speaker


def sources():
    return Source.objects.annotate(interview_count=Count("interviews", distinct=True)).order_by(
        "name", "id"
    )


def topics():
    return Topic.objects.select_related("parent").order_by("level", "name", "id")
