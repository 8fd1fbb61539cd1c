"""Finding many phrases in a text at once: an Aho-Corasick automaton over folded text.

Texts and phrases are compared as `parsing.text.fold` makes them (no case, no accents,
punctuation as spaces), with a space at each end, so that a phrase matches whole words:
` war ` never matches inside "software". A phrase written with a trailing `*` leaves its
last word open: `terroris*` matches "terrorism", "terrorists", "terroristas".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from ..parsing.text import fold


def padded(text: str) -> str:
    return f" {fold(text)} "


def pattern(phrase: str) -> str | None:
    """The automaton key of a phrase: ` key ` for whole words, ` key` for an open end."""
    open_end = phrase.strip().endswith("*")
    key = fold(phrase.replace("*", " "))
    if not key:
        return None
    return f" {key}" if open_end else f" {key} "


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    key: str
    payloads: tuple


class Matcher:
    """Phrases -> payloads; `find()` reports every phrase found, `longest()` the longest
    of overlapping ones (so that "Latin America" is not also "America")."""

    def __init__(self, phrases: Iterable[tuple[str, object]]):
        collected: dict[str, list] = {}
        for phrase, payload in phrases:
            key = pattern(phrase)
            if key is not None and payload not in collected.setdefault(key, []):
                collected[key].append(payload)
        self.keys = frozenset(collected)
        self.automaton = ahocorasick.Automaton()
        for key, payloads in collected.items():
            self.automaton.add_word(key, (key, tuple(payloads)))
        if collected:
            self.automaton.make_automaton()
        self.empty = not collected

    def find(self, text: str) -> Iterator[Hit]:
        """Every match in an already padded text (see `padded`)."""
        if self.empty:
            return
        for end, (key, payloads) in self.automaton.iter(text):
            start = end - len(key) + 1
            yield Hit(start, end + 1, key, payloads)

    def longest(self, text: str) -> list[Hit]:
        """Matches that no longer match overlaps, in text order."""
        hits = sorted(self.find(text), key=lambda h: (h.start, -(h.end - h.start)))
        chosen: list[Hit] = []
        reach = -1
        for hit in hits:
            # Neighbours share a padding space, so a match may begin on the last one's end.
            if hit.start + 1 >= reach:
                chosen.append(hit)
                reach = hit.end - 1
        return chosen
