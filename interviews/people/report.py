"""Speakers that look wrong, for editors to mend: the figures `speakers_report` prints.

- one-word names (`Biden`), which a fuller name elsewhere may explain;
- names that begin with a title, an office word, an honorific or a contraction
  (`Communications John Kirby`, `I’m Jeff Zients`);
- speakers the importer could not resolve;
- clusters of speakers that may be one person: the same name but for accents and case,
  the same surname with compatible given names or initials (`Jen Psaki`, `J. Psaki`,
  `Psaki`), or the same surname and a name spelt almost alike (`Nunez-Smith`, `Nuñez Smith`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..models import Speaker
from ..parsing.names import (
    GIVEN_HONORIFICS,
    TITLE_WORDS,
    given_compatible,
    given_key,
    name_words,
)
from ..parsing.text import fold
from ..parsing.vocabulary import HONORIFICS, OFFICE_WORDS

NEAR_SPELLING = 90  # rapidfuzz ratio of two folded names of one surname


@dataclass
class Suspect:
    speaker: Speaker
    reasons: list[str]


@dataclass
class Cluster:
    speakers: list[Speaker]  # most quoted first: the one to keep, unless an editor says otherwise
    reasons: list[str]

    @property
    def turns(self) -> int:
        return sum(s.turn_count for s in self.speakers)


@dataclass
class Report:
    speakers: int = 0
    people: int = 0
    one_word: int = 0
    titled: int = 0
    unresolved: int = 0
    suspects: list[Suspect] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)

    def figures(self) -> dict:
        return {
            "speakers": self.speakers,
            "people": self.people,
            "one_word_people": self.one_word,
            "titled_names": self.titled,
            "unresolved": self.unresolved,
            "duplicate_clusters": len(self.clusters),
            "speakers_in_clusters": sum(len(c.speakers) for c in self.clusters),
        }


def title_word(name: str) -> str:
    """The title, office word, honorific or sentence opening a name begins with, or ""."""
    words = name.split()
    if not words:
        return ""
    first = words[0]
    if "’" in first or "'" in first:
        head = first.replace("’", "'").split("'")[1:]
        if head and head[0][:1].islower():
            return first  # `I’m`, `It’s`
    key = fold(first).rstrip(".")
    if len(words) > 1 and (
        key in TITLE_WORDS or (key in HONORIFICS and key not in GIVEN_HONORIFICS)
    ):
        return first
    if len(words) > 2 and key in OFFICE_WORDS:
        return first  # `Communications John Kirby`
    return ""


def build_report(speakers=None) -> Report:
    """Suspects and clusters among people who have said something."""
    if speakers is None:
        speakers = Speaker.objects.all()
    speakers = list(speakers.order_by("-turn_count", "name_key", "id"))
    report = Report(speakers=len(speakers))
    people = [s for s in speakers if s.kind == Speaker.PERSON and s.turn_count > 0]
    report.people = len(people)
    for speaker in people:
        reasons = []
        if len(speaker.name.split()) == 1:
            reasons.append("one-word name")
            report.one_word += 1
        word = title_word(speaker.name)
        if word:
            reasons.append(f"begins with “{word}”")
            report.titled += 1
        if speaker.unresolved:
            reasons.append("not resolved")
            report.unresolved += 1
        if reasons:
            report.suspects.append(Suspect(speaker, reasons))
    report.clusters = clusters_of(people)
    return report


def clusters_of(people: list[Speaker]) -> list[Cluster]:
    """Groups of speakers that may be one person, most quoted group first."""
    parent = {s.pk: s.pk for s in people}
    why: dict[int, set[str]] = defaultdict(set)

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    def join(a: Speaker, b: Speaker, reason: str) -> None:
        root_a, root_b = find(a.pk), find(b.pk)
        if root_a != root_b:
            parent[root_b] = root_a
        why[a.pk].add(reason)

    by_key: dict[str, list[Speaker]] = defaultdict(list)
    by_surname: dict[str, list[Speaker]] = defaultdict(list)
    for speaker in people:
        by_key[speaker.name_key].append(speaker)
        if speaker.surname_key:
            by_surname[speaker.surname_key].append(speaker)
    for same in by_key.values():
        for other in same[1:]:
            join(same[0], other, "the same name but for accents or case")
    for group in by_surname.values():
        for index, a in enumerate(group):
            for b in group[index + 1 :]:
                reason = _alike(a, b)
                if reason:
                    join(a, b, reason)
    members: dict[int, list[Speaker]] = defaultdict(list)
    for speaker in people:
        members[find(speaker.pk)].append(speaker)
    clusters = []
    for group in members.values():
        if len(group) < 2:
            continue
        reasons = sorted({r for s in group for r in why[s.pk]})
        group.sort(key=lambda s: (-s.turn_count, s.name_key, s.pk))
        clusters.append(Cluster(group, reasons))
    clusters.sort(key=lambda c: (-c.turns, c.speakers[0].name_key))
    return clusters


def _alike(a: Speaker, b: Speaker) -> str:
    """Why two people of one surname may be one person, or ""."""
    words_a, words_b = name_words(a.name), name_words(b.name)
    if len(words_a) == 1 or len(words_b) == 1:
        return "a surname alone beside a full name"
    given_a, given_b = given_key(a.name), given_key(b.name)
    if given_a and given_b and given_compatible(given_a, given_b):
        if len(given_a) == 1 or len(given_b) == 1:
            return "an initial and a given name of one surname"
        return "compatible given names of one surname"
    if fuzz.ratio(a.name_key, b.name_key) >= NEAR_SPELLING:
        return "names spelt almost alike"
    return ""
