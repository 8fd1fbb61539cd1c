"""Finding many phrases in a text at once: an Aho-Corasick automaton over folded text.

Texts and phrases are compared folded (`fold`: no case, no accents, punctuation as
spaces), with a space at each end, so that a phrase matches whole words: ` war ` never
matches inside "software". A phrase written with a trailing `*` leaves its last word
open: `terroris*` matches "terrorism", "terrorists", "terroristas".

Folding decomposes letters (NFKD), keeps the ASCII and maps it through a byte table
(lower case, a space for anything that is not a letter or a digit): tagging reads every
turn of every import, and the general `parsing.text.fold` (a regular expression and a
translation per character) cost more there than the matching itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

import ahocorasick

# Characters that separate words but that dropping the non-ASCII would glue together.
SEPARATORS = "\u2019\u2018\u201c\u201d\u2014\u2013\u00ab\u00bb\u00bf\u00a1\u00a0\u2026\u00b7"
ASCII_TABLE = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() else 32 for c in range(256)
)


def fold(text: str) -> str:
    """Lower case, no accents, single spaces between words and digits (Latin letters only:
    the vocabulary and the gazetteer are written in English, Spanish and Turkish)."""
    if not text.isascii():
        for char in SEPARATORS:
            if char in text:
                text = text.replace(char, " ")
        if "ı" in text:
            text = text.replace("ı", "i")
        text = unicodedata.normalize("NFKD", text)
    raw = text.encode("ascii", "ignore").translate(ASCII_TABLE)
    return " ".join(raw.decode("ascii").split())


def padded(text: str) -> str:
    return f" {fold(text)} "


def pattern(phrase: str) -> str | None:
    """The automaton key of a phrase: ` key ` for whole words, ` key` for an open end."""
    open_end = phrase.strip().endswith("*")
    key = fold(phrase.replace("*", " "))
    if not key:
        return None
    return f" {key}" if open_end else f" {key} "


class Matcher:
    """Phrases -> payloads. `find()` yields (start, end, key, payloads) for every phrase
    found; `longest()` keeps the longest of overlapping ones (so that "Latin America" is
    not also "America")."""

    def __init__(self, phrases: Iterable[tuple[str, object]], pack=tuple):
        """`pack` turns the list of a key's payloads into what `find()` reports."""
        collected: dict[str, list] = {}
        for phrase, payload in phrases:
            key = pattern(phrase)
            if key is not None and payload not in collected.setdefault(key, []):
                collected[key].append(payload)
        self.keys = frozenset(collected)
        self.automaton = ahocorasick.Automaton()
        for key, payloads in collected.items():
            self.automaton.add_word(key, (key, pack(payloads)))
        self.empty = not collected
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, str, tuple]]:
        """Every match in an already padded text (see `padded`)."""
        if self.empty:
            return iter(())
        return (
            (end - len(key) + 1, end + 1, key, payloads)
            for end, (key, payloads) in self.automaton.iter(text)
        )

    def longest(self, text: str) -> list[tuple[int, int, str, tuple]]:
        """Matches that no longer match overlaps, in text order."""
        hits = sorted(self.find(text), key=lambda h: (h[0], h[0] - h[1]))
        chosen = []
        reach = -1
        for hit in hits:
            # Neighbours share a padding space, so a match may begin on the last one's end.
            if hit[0] + 1 >= reach:
                chosen.append(hit)
                reach = hit[1] - 1
        return chosen
