"""Keeping copied fields in step after an edit.

Turns carry copies of their interview's date, language and outlet and of their speaker's
part, so that search filters need no joins; speakers carry their counts. Anything that
edits interviews, participants or turns outside the importer calls these afterwards.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F

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


def speaker_tally(interview: Interview) -> Counter:
    """(speaker id, "turns"/"interviews") -> count, for this interview."""
    tally: Counter = Counter()
    for speaker_id, n in (
        Turn.objects.filter(interview=interview)
        .values_list("speaker_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        tally[(speaker_id, "turns")] = n
    for speaker_id in interview.participants.values_list("speaker_id", flat=True):
        tally[(speaker_id, "interviews")] = 1
    return tally


def update_speaker_counts(before: Counter, after: Counter) -> None:
    """Apply the change in each speaker's turn and interview counts as one update per speaker."""
    deltas: dict[int, dict[str, int]] = {}
    for speaker_id, what in set(before) | set(after):
        change = after[(speaker_id, what)] - before[(speaker_id, what)]
        if change:
            deltas.setdefault(speaker_id, {})[what] = change
    for speaker_id, change in deltas.items():
        Speaker.objects.filter(pk=speaker_id).update(
            turn_count=F("turn_count") + change.get("turns", 0),
            interview_count=F("interview_count") + change.get("interviews", 0),
        )
