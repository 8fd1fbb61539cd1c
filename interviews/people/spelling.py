"""One person printed two ways: a slip of the typist or another transliteration.

Transcripts misspell names now and then (`Arianda Montiel Reyes` in twelve turns of a
woman printed `Ariadna` in eighty-six) and Russian names come in several romanisations
(`Sergei` and `Sergey Donskoy`); others are printed more or less fully (`Icela` and
`Rosa Icela Rodríguez Velázquez`, `Donald J. Trump`) or by a familiar form of the given
name (`Ali` and `Alejandro Mayorkas`). Each printing is first a person of its own, since the
document prints it in full; once the archive holds both, the rarer spelling is merged
into the usual one and kept as another name of that person, so later documents that
print it resolve to them (interviews/people/resolve.py, the alias step).

Only where nothing says they are two people: never two registry persons, never two
names printed in one interview, never two people whose printed roles disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ..editing.speakers import merge_speakers
from ..models import Participant, Speaker
from ..parsing.names import (
    familiar_printing,
    name_words,
    printed_more_fully,
    role_heads,
    roles_fit,
    spelt_alike,
)
from ..parsing.text import fold
from .resolve import ALIAS

SPELT_ALIKE = "names spelt almost alike"
MORE_FULLY = "one name printed more or less fully"
FAMILIAR = "a given name and its familiar form"


@dataclass(frozen=True)
class Merged:
    kept: str
    gone: str
    turns: int
    reason: str = SPELT_ALIKE

    def __str__(self) -> str:
        return f"{self.gone} -> {self.kept} ({self.turns} turns): {self.reason}"


def _alike(a: str, b: str) -> str:
    """Why two names are one person's printings, or ""."""
    if spelt_alike(a, b):
        return SPELT_ALIKE
    if fold(a) != fold(b) and printed_more_fully(a, b):
        return MORE_FULLY
    if familiar_printing(a, b):
        return FAMILIAR
    return ""


def merge_near_spellings(speakers: Iterable[Speaker] | None = None, *, user=None) -> list[Merged]:
    """Merge the rarer spelling of each near-spelled pair into the usual one.

    `speakers`: the people to look at (those an import just made); None looks at every
    person in the archive. Each is compared with the people of its surname and of its
    first given name, so that a slip in either is found.
    """
    people = Speaker.objects.filter(kind=Speaker.PERSON, unresolved=False).only(
        "id", "name", "person_id", "turn_count", "interview_count", "surname_key"
    )
    if speakers is not None:
        given = [s for s in speakers if s is not None and s.pk]
        if not given:
            return []
        if len(given) <= FEW:
            # One document's people: only their namesakes, not every person, are read.
            people = people.filter(_namesakes(given))
    people = list(people)
    wanted = {s.pk for s in people} if speakers is None else {s.pk for s in given}
    buckets: dict[tuple[str, str], list[Speaker]] = defaultdict(list)
    for person in people:
        words = name_words(person.name)
        if len(words) >= 2:
            buckets[("last", words[-1])].append(person)
            buckets[("first", words[0])].append(person)
    pairs: dict[tuple[int, int], str] = {}
    for group in buckets.values():
        if not any(p.pk in wanted for p in group):
            continue
        for index, a in enumerate(group):
            for b in group[index + 1 :]:
                if a.pk in wanted or b.pk in wanted:
                    reason = _alike(a.name, b.name)
                    if reason:
                        pairs[(min(a.pk, b.pk), max(a.pk, b.pk))] = reason
    by_id = {p.pk: p for p in people}
    pairs = _unambiguous(pairs, by_id)
    if not pairs:
        return []
    merged: list[Merged] = []
    gone_into: dict[int, int] = {}
    # The most quoted spelling of a group is kept; the others join it, one by one.
    for a_id, b_id in sorted(pairs, key=lambda pair: _order(by_id, pair)):
        a, b = _current(gone_into, a_id), _current(gone_into, b_id)
        if a == b:
            continue
        keep, gone = sorted((by_id[a], by_id[b]), key=_weight)
        if not _may_be_one(keep, gone):
            continue
        reason = pairs[(a_id, b_id)]
        kept = merge_speakers(keep, gone, user, resolved_by=ALIAS, reason=reason)
        merged.append(Merged(kept.name, gone.name, gone.turn_count, reason))
        by_id[kept.pk] = kept
        gone_into[gone.pk] = kept.pk
    return merged


FEW = 50


def _namesakes(speakers: list[Speaker]) -> Q:
    """The people who share a first or last name word with one of these (and themselves)."""
    near = Q(pk__in=[s.pk for s in speakers])
    for speaker in speakers:
        words = name_words(speaker.name)
        if len(words) >= 2:
            near |= Q(surname_key=words[-1]) | Q(name_key__startswith=f"{words[0]} ")
    return near


def _unambiguous(pairs: dict[tuple[int, int], str], by_id: dict[int, Speaker]) -> dict:
    """Leave out a shorter or familiar printing that more than one person's name fits:
    `Juan Pérez` beside both `Juan Carlos` and `Juan Manuel Pérez` is neither of them,
    `Chris Smith` beside `Christopher` and `Christine Smith` neither."""
    partners: dict[int, set[int]] = defaultdict(set)
    for (a, b), reason in pairs.items():
        if reason == MORE_FULLY:
            short, full = sorted((a, b), key=lambda pk: len(name_words(by_id[pk].name)))
            partners[short].add(full)
        elif reason == FAMILIAR:
            partners[a].add(b)
            partners[b].add(a)
    return {
        (a, b): reason
        for (a, b), reason in pairs.items()
        if reason == SPELT_ALIKE or (len(partners[a]) <= 1 and len(partners[b]) <= 1)
    }


def _weight(speaker: Speaker) -> tuple:
    return (-speaker.turn_count, -speaker.interview_count, speaker.pk)


def _order(by_id: dict[int, Speaker], pair: tuple[int, int]) -> tuple:
    return min(_weight(by_id[pair[0]]), _weight(by_id[pair[1]])), pair


def _current(gone_into: dict[int, int], pk: int) -> int:
    while pk in gone_into:
        pk = gone_into[pk]
    return pk


def _may_be_one(a: Speaker, b: Speaker) -> bool:
    if a.person_id and b.person_id and a.person_id != b.person_id:
        return False
    rows = list(
        Participant.objects.filter(speaker_id__in=[a.pk, b.pk]).values_list(
            "speaker_id", "interview_id", "role"
        )
    )
    interviews = defaultdict(set)
    roles = defaultdict(set)
    for speaker_id, interview_id, role in rows:
        interviews[speaker_id].add(interview_id)
        heads = role_heads(role)
        if heads:
            roles[speaker_id].add(heads)
    if interviews[a.pk] & interviews[b.pk]:
        return False  # two spellings in one interview: two people, as printed
    if roles[a.pk] and roles[b.pk]:
        return any(roles_fit(x, y) for x in roles[a.pk] for y in roles[b.pk])
    return True
