"""A person's current role during a bulk import: the role printed in their latest interview.

`SpeakerQuerySet.refresh_roles` reads it afresh from every participation of a person; after
each batch of a bulk import that meant reading the most quoted people's hundreds of
participations again and again. Here each person's latest printed role is read once, the
first time a batch names them, and later batches only compare their new participations with
it: new interviews come last in id order, so only a later date (or the same date) can take
its place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from ..models import Participant, Speaker

# Latest first as refresh_roles orders them: by date, undated last, then by interview id.
Key = tuple[bool, dt.date, int]


def _key(date: dt.date | None, interview_id: int) -> Key:
    return (date is not None, date or dt.date.min, interview_id)


class LatestRoles:
    def __init__(self):
        self._latest: dict[int, tuple[Key, str]] = {}  # person id -> (key, role)
        self._stored: dict[int, str] = {}  # the role on the person's row

    def add(self, participants: Iterable[Participant]) -> None:
        """Take new participations (saved, with their interview) into people's roles."""
        new = [p for p in participants if p.role]
        unknown = {p.speaker_id for p in new} - self._latest.keys()
        if unknown:
            self._read(unknown)
        changed: dict[str, list[int]] = defaultdict(list)
        for participant in new:
            pk = participant.speaker_id
            if pk not in self._stored:
                continue  # not a person
            key = _key(participant.interview.date, participant.interview_id)
            latest = self._latest.get(pk)
            if latest is None or key > latest[0]:
                self._latest[pk] = (key, participant.role)
        for pk in {p.speaker_id for p in new}:
            latest = self._latest.get(pk)
            if pk in self._stored and latest and latest[1] != self._stored[pk]:
                self._stored[pk] = latest[1]
                changed[latest[1]].append(pk)
        for role, pks in changed.items():
            Speaker.objects.filter(pk__in=pks).update(role=role)

    def forget(self, speaker_ids: Iterable[int]) -> None:
        """These people's roles changed elsewhere (a document imported one by one)."""
        for pk in speaker_ids:
            self._latest.pop(pk, None)
            self._stored.pop(pk, None)

    def forget_all(self) -> None:
        """A batch rolled back: what it taught may not be in the database."""
        self._latest.clear()
        self._stored.clear()

    def _read(self, speaker_ids: set[int]) -> None:
        for pk, role in Speaker.objects.filter(
            pk__in=list(speaker_ids), kind=Speaker.PERSON
        ).values_list("pk", "role"):
            self._stored[pk] = role
        rows = (
            Participant.objects.filter(speaker_id__in=list(self._stored.keys() & speaker_ids))
            .exclude(role="")
            .values_list("speaker_id", "interview_id", "interview__date", "role")
        )
        for pk, interview_id, date, role in rows:
            key = _key(date, interview_id)
            latest = self._latest.get(pk)
            if latest is None or key > latest[0]:
                self._latest[pk] = (key, role)
        for pk in speaker_ids:
            # Known from now on, even a speaker that is not a person: never read again.
            self._latest.setdefault(pk, ((False, dt.date.min, 0), self._stored.get(pk, "")))
