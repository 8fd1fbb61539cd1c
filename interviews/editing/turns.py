"""Correcting turns after import: text, speaker and kind; merging and splitting.

Permalinks survive every correction: an edited turn keeps its key; merged turns keep the
first key and the second's key leads to it; a split turn keeps its key on the first part
and the new part gets a fresh one.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ..consistency import speakers_without_turns_in, sync_interview
from ..models import (
    OTHER,
    EditRecord,
    Interview,
    Participant,
    RetiredTurn,
    Speaker,
    SpeakerChoice,
    Turn,
)
from ..turnrows import new_turn_key
from . import history

# Positions are moved out of the way first, so that no two turns ever share one.
POSITION_OFFSET = 1_000_000


class TurnError(ValueError):
    pass


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, each on one line, as the importer writes them."""
    blocks = text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return "\n\n".join(p for p in (" ".join(block.split()) for block in blocks) if p)


def edit_turn(turn: Turn, *, text: str, speaker: Speaker | str, kind: str, user) -> dict:
    """Correct a turn's words, who said them, or what kind of turn it is. The key stays.

    `speaker` is an archive speaker, or the name of a new person to create.
    """
    text = clean_text(text)
    if not text:
        raise TurnError("a turn needs some text: to join it to another turn, merge them")
    with transaction.atomic():
        if isinstance(speaker, str):
            speaker = Speaker(name=" ".join(speaker.split())[:200])
            speaker.save()
        turn = Turn.objects.select_for_update().select_related("speaker").get(pk=turn.pk)
        interview = turn.interview
        before = {"text": turn.text, "speaker": turn.speaker.name, "kind": turn.kind}
        old_speaker_id = turn.speaker_id
        turn.text, turn.kind = text, kind
        if speaker.pk != old_speaker_id:
            _join(interview, speaker, turn.label, turn.part)
            turn.speaker = speaker
            # Re-imports and resolving again keep what an editor decided for this turn.
            SpeakerChoice.objects.update_or_create(
                interview=interview, key=turn.key, defaults={"speaker": speaker, "chosen_by": user}
            )
        turn.save(update_fields=["text", "kind", "speaker"])
        changes = history.diff(before, {"text": text, "speaker": speaker.name, "kind": kind})
        if speaker.pk != old_speaker_id:
            _leave_if_silent(interview, old_speaker_id)
        sync_interview(interview, {old_speaker_id, speaker.pk})
        history.record(
            EditRecord.TURN, user, interview=interview, target=f"turn {turn.key}", changes=changes
        )
    return changes


def merge_with_next(turn: Turn, user) -> Turn:
    """One turn that the document printed as two: the next turn's text joins this one."""
    with transaction.atomic():
        turn = Turn.objects.select_for_update().get(pk=turn.pk)
        interview = turn.interview
        second = (
            Turn.objects.select_for_update()
            .filter(interview=interview, position=turn.position + 1)
            .first()
        )
        if second is None:
            raise TurnError("the last turn has no next turn to merge with")
        turn.text = f"{turn.text}\n\n{second.text}"
        turn.save(update_fields=["text"])
        RetiredTurn.objects.filter(interview=interview, replaced_by=second.key).update(
            replaced_by=turn.key
        )
        RetiredTurn.objects.update_or_create(
            interview=interview, key=second.key, defaults={"replaced_by": turn.key}
        )
        second_speaker, position = second.speaker_id, second.position
        second.delete()
        _shift(interview, after=position, by=-1)
        _leave_if_silent(interview, second_speaker)
        sync_interview(interview, {second_speaker})
        history.record(
            EditRecord.MERGE_TURNS,
            user,
            interview=interview,
            target=f"turn {turn.key}",
            changes={"turns": [[turn.key, second.key], [turn.key]]},
        )
    return turn


def split_turn(turn: Turn, at: int, user) -> Turn:
    """Two turns that the document printed as one: a new turn starts at paragraph `at`."""
    with transaction.atomic():
        turn = Turn.objects.select_for_update().get(pk=turn.pk)
        interview = turn.interview
        paragraphs = turn.paragraphs
        if not 0 < at < len(paragraphs):
            raise TurnError("a turn splits between two of its paragraphs")
        _shift(interview, after=turn.position, by=1)
        turn.text = "\n\n".join(paragraphs[:at])
        turn.save(update_fields=["text"])
        rest = "\n\n".join(paragraphs[at:])
        used = set(interview.turns.values_list("key", flat=True))
        used.update(interview.retired_turns.values_list("key", flat=True))
        new = Turn.objects.create(
            interview=interview,
            position=turn.position + 1,
            key=new_turn_key(
                interview.checksum or str(interview.pk), turn.position + 1, rest, used
            ),
            speaker_id=turn.speaker_id,
            label=turn.label,
            kind=turn.kind,
            text=rest,
            part=turn.part,
            date=turn.date,
            language=turn.language,
            source_id=turn.source_id,
        )
        sync_interview(interview)
        history.record(
            EditRecord.SPLIT_TURN,
            user,
            interview=interview,
            target=f"turn {turn.key}",
            changes={"turns": [[turn.key], [turn.key, new.key]]},
        )
    return new


def _shift(interview: Interview, *, after: int, by: int) -> None:
    """Move the turns after `after` by `by` places, in two steps so positions never collide."""
    turns = Turn.objects.filter(interview=interview)
    turns.filter(position__gt=after).update(position=F("position") + POSITION_OFFSET)
    turns.filter(position__gte=POSITION_OFFSET).update(
        position=F("position") - POSITION_OFFSET + by
    )


def _join(interview: Interview, speaker: Speaker, label: str, part: str) -> None:
    """Make sure the speaker takes part in the interview, printed with this label."""
    participant = Participant.objects.filter(interview=interview, speaker=speaker).first()
    if participant is None:
        last = interview.participants.order_by("-position").values_list("position", flat=True)
        Participant.objects.create(
            interview=interview,
            speaker=speaker,
            part=part or OTHER,
            labels=[label] if label else [],
            position=(last.first() or 0) + 1,
        )
    elif label and label not in participant.labels:
        participant.labels = [*participant.labels, label]
        participant.save(update_fields=["labels"])


def _leave_if_silent(interview: Interview, speaker_id: int) -> None:
    """A speaker whose last turn moved away no longer takes part in the interview."""
    if speaker_id in speakers_without_turns_in(interview):
        Participant.objects.filter(interview=interview, speaker_id=speaker_id).delete()
