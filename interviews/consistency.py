"""Keeping copied fields in step after an edit.

Turns carry copies of their interview's date, language and outlet and of their speaker's
part, so that search filters need no joins; speakers carry their counts. Anything that
edits interviews, participants or turns outside the importer calls these afterwards.
"""

from __future__ import annotations

from django.db.models import Count

from . import revision
from .models import Interview, Speaker, Turn


def sync_interview(interview: Interview, speaker_ids: set[int] | None = None) -> None:
    """Copy the interview's fields onto its turns and recount everything that may have moved."""
    Turn.objects.filter(interview=interview).update(
        date=interview.date, language=interview.language, source=interview.source
    )
    for participant in interview.participants.all():
        Turn.objects.filter(interview=interview, speaker_id=participant.speaker_id).exclude(
            part=participant.part
        ).update(part=participant.part)
    turn_count = Turn.objects.filter(interview=interview).count()
    if turn_count != interview.turn_count:
        Interview.objects.filter(pk=interview.pk).update(turn_count=turn_count)
        interview.turn_count = turn_count
    ids = set(speaker_ids or ())
    ids.update(interview.participants.values_list("speaker_id", flat=True))
    ids.update(
        Turn.objects.filter(interview=interview).values_list("speaker_id", flat=True).distinct()
    )
    Speaker.objects.refresh_counts(ids)
    revision.changed()


def speakers_without_turns_in(interview: Interview) -> list[int]:
    """Participants who no longer speak in the interview (after an edit moved their turns)."""
    speaking = dict(
        Turn.objects.filter(interview=interview)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [p.speaker_id for p in interview.participants.all() if p.speaker_id not in speaking]
