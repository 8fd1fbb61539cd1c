"""Correcting an interview after import: its details, topics and participants."""

from __future__ import annotations

from django.db import transaction

from .. import revision
from ..consistency import sync_interview
from ..models import EditRecord, Interview, Participant, Speaker, Topic
from ..subjects.choices import set_interview_topics
from ..subjects.store import declared_topic_ids
from . import history

METADATA_FIELDS = (
    "title",
    "date",
    "published",
    "source",
    "publisher",
    "url",
    "language",
    "location",
    "intro",
)


def edit_metadata(interview: Interview, data: dict, user) -> dict:
    """Correct title, dates, outlet, republisher, address, language, place or intro.

    A new title gives a new address; the old one keeps redirecting, turn permalinks too.
    """
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        changes = history.apply(interview, METADATA_FIELDS, data)
        if not changes:
            return {}
        sync_interview(interview)
        history.record(
            EditRecord.INTERVIEW,
            user,
            interview=interview,
            target=interview.title,
            changes=changes,
        )
    return changes


def set_topics(interview: Interview, names: list[str], user) -> dict:
    """The interview's topics become exactly these: each name is the vocabulary's topic
    with that label (in any language) or a topic of the archive's own; the editor's
    choices are kept through re-imports and re-tagging (subjects/choices.py)."""
    with transaction.atomic():
        names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        topics = list(Topic.objects.filter(pk__in=declared_topic_ids(names)))
        order = {pk: i for i, pk in enumerate(declared_topic_ids(names))}
        topics.sort(key=lambda t: order[t.pk])
        before, after = set_interview_topics(interview, topics, user)
        changes = {"topics": [before, after]} if before != after else {}
        history.record(
            EditRecord.TOPICS, user, interview=interview, target=interview.title, changes=changes
        )
    return changes


def edit_participant(participant: Participant, *, part: str, role: str, user) -> dict:
    """Who asked and who answered, and the role someone had at the time."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .select_related("speaker", "interview")
            .get(pk=participant.pk)
        )
        changes = history.diff(
            {"part": participant.part, "role": participant.role}, {"part": part, "role": role}
        )
        if not changes:
            return {}
        participant.part, participant.role = part, role
        participant.save(update_fields=["part", "role"])
        sync_interview(participant.interview)
        history.record(
            EditRecord.PARTICIPANT,
            user,
            interview=participant.interview,
            speaker=participant.speaker,
            target=participant.speaker.name,
            changes=changes,
        )
    return changes


def delete_interviews(interviews, user) -> int:
    """Remove interviews with their turns; their speakers' counts follow.

    Their addresses stop answering; the imports that made them stay in the history.
    """
    with transaction.atomic():
        interviews = list(interviews)
        speaker_ids = set(
            Participant.objects.filter(interview__in=interviews).values_list(
                "speaker_id", flat=True
            )
        )
        for interview in interviews:
            history.record(
                EditRecord.DELETE,
                user,
                target=interview.title,
                changes={"interview": [f"{interview.title} ({interview.slug})", ""]},
            )
            interview.delete()
        Speaker.objects.refresh_counts(speaker_ids)
        Speaker.objects.refresh_roles(speaker_ids)
        revision.changed()
    return len(interviews)
