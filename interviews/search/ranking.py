"""Relevance: one scoring model for both databases. Pure Python.

A search ranks in two steps. The database reads a bounded set of candidates and orders
them by a first, cheap score (PostgreSQL's cover density, SQLite's bm25, each shaped by the
same length and question priors, see `first_pass`); the best `rescored()` of them then
come back with their text, and this module scores each one again, the same way whatever
the database, so that the same archive answers a query with (nearly) the same page:

- term frequency saturates and long turns are normalised as in BM25, so that a word said
  ten times does not count ten times and a speech does not win by its bulk;
- a length prior (`words / (words + SHORT_WORDS)`) keeps two-word fragments such as
  "On Ukraine —" below real answers without a hard cut-off: a short turn can still win
  when it is the only one with every word;
- words of a query close together count more (the shortest stretch holding each of them),
  and the words in the order typed, side by side, more still: a phrase beats scattered
  words;
- without a part filter, a question weighs less than an answer (`QUESTION_PRIOR`): a
  reporter's question rarely is the quote sought, but it still ranks when it is the best
  match, and a search of interviewers' words ranks questions as equals;
- near-identical turns ("On inflation —", "— on inflation —") are folded into the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from . import analysis
from .highlight import Matcher
from .query import Query

K1 = 1.2  # term frequency saturation
B = 0.6  # length normalisation: less than BM25's 0.75, since a quote is often long
AVERAGE_WORDS = 80  # words of a typical turn in the bench corpus
SHORT_WORDS = 18  # the length prior is one half at this many words
QUESTION_PRIOR = 0.45
PROXIMITY_WEIGHT = 0.6
PHRASE_WEIGHT = 1.0
# Function words weigh less in a query of several words: they are in almost every turn.
LIGHT_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "de",
        "del",
        "el",
        "en",
        "es",
        "for",
        "from",
        "has",
        "have",
        "he",
        "i",
        "in",
        "is",
        "it",
        "la",
        "las",
        "los",
        "of",
        "on",
        "or",
        "que",
        "se",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "un",
        "una",
        "was",
        "we",
        "were",
        "what",
        "with",
        "y",
        "you",
    ]
)
LIGHT_WEIGHT = 0.15
FOLD_SIMILARITY = 0.8  # share of words two fragments must have in common to be folded
FRAGMENT = 60  # words: longer turns are folded only when they are word for word the same
BYTES_PER_WORD = 6  # how the first pass estimates words from a turn's size
READ_CHARS = 12_000  # of a turn, read to score it (about 2,000 words)
# Words read per search to score candidates again, the first pass's best first: long
# speeches make fewer candidates scored again, so that a search costs about the same.
# Reading words is most of the cost of ranking; with 30,000 rather than 50,000 the 40
# judged queries keep the same top 10 on both databases (bench/relevance).
READ_WORDS = 30_000


def rescored() -> int:
    """How many candidates are scored again in Python (the first pages of a search)."""
    return int(getattr(settings, "ARCHIVE_SEARCH_RESCORED", 200))


def first_pass(raw: str, length: str, kind: str, *, questions_weigh_less: bool) -> str:
    """SQL for the first-pass score: a backend's `raw` score shaped by the same priors.

    `raw` must already saturate with term frequency (bm25 does; see postgres.py);
    `length` is the turn's size in bytes.
    """
    words = f"({length} / {float(BYTES_PER_WORD)})"
    score = f"(({raw}) * {words} / ({words} + {float(SHORT_WORDS)}))"
    if questions_weigh_less:
        score = f"({score} * CASE WHEN {kind} = 'question' THEN {QUESTION_PRIOR} ELSE 1.0 END)"
    return score


def saturated(frequency: str, length: str) -> str:
    """SQL for BM25's saturation of a term frequency, for a backend with only counts."""
    words = f"({length} / {float(BYTES_PER_WORD)})"
    norm = f"({K1} * ({1 - B} + {B} * {words} / {float(AVERAGE_WORDS)}))"
    # tf / (tf + norm) written as 1 - norm / (tf + norm): the frequency (with its
    # parameters) appears once.
    return f"({K1 + 1} * (1 - {norm} / (({frequency}) + {norm})))"


@dataclass(frozen=True)
class Scored:
    score: float
    keys: tuple[str, ...]  # the turn's word keys, for folding


class Ranker:
    """Scores turns for one query; built once per search."""

    def __init__(self, query: Query, languages, *, questions_weigh_less: bool):
        self.query = query
        self.matcher = Matcher.for_query(query, languages)
        self.questions_weigh_less = questions_weigh_less
        # The term numbers of each required group (any alternative will do).
        self.groups: list[frozenset[int]] = []
        number = 0
        for group in query.required:
            self.groups.append(frozenset(range(number, number + len(group.terms))))
            number += len(group.terms)
        self.weights = [
            LIGHT_WEIGHT
            if len(query.terms) > 1 and not term.is_phrase and term.words[0] in LIGHT_WORDS
            else 1.0
            for term in query.terms
        ]
        # The query's words in the order typed, as a phrase, when it has several plain words.
        words = [term.words[0] for term in query.terms if not term.is_phrase]
        self.sequence = None
        if len(query.required) > 1 and len(words) == len(query.terms) == len(query.required):
            self.sequence = Matcher.for_query(
                Query(required=(_phrase_group(words),)), languages
            ).phrases

    def score(self, text: str, language: str, kind: str, *, length: int | None = None) -> Scored:
        """`text` may be the first READ_CHARS of a turn whose whole `length` is given."""
        read = text[:READ_CHARS]
        size = len(text) if length is None else length
        keys = tuple(analysis.keys(read, language))
        spans = self.matcher.matches(keys)
        # A very long turn is read in part: its length is then estimated from its size.
        length = max(1, len(keys) if len(read) == size else len(keys) * size // len(read))
        norm = K1 * (1 - B + B * length / AVERAGE_WORDS)
        frequencies = [0] * len(self.weights)
        for _, _, number in spans:
            frequencies[number] += 1
        relevance = sum(
            weight * frequency * (K1 + 1) / (frequency + norm)
            for weight, frequency in zip(self.weights, frequencies, strict=True)
            if frequency
        )
        if len(self.groups) > 1:
            relevance += PROXIMITY_WEIGHT * self._closeness(spans) * len(self.groups)
        if self.sequence:
            together = len(Matcher({}, self.sequence).matches(keys))
            if together:
                relevance += PHRASE_WEIGHT * together * (K1 + 1) / (together + norm) * 2
        relevance *= length / (length + SHORT_WORDS)
        if self.questions_weigh_less and kind == "question":
            relevance *= QUESTION_PRIOR
        return Scored(relevance, keys)

    def _closeness(self, spans) -> float:
        """1 when the query's groups stand side by side, towards 0 as they spread apart."""
        need = len(self.groups)
        group_of = {}
        for index, group in enumerate(self.groups):
            for number in group:
                group_of[number] = index
        best = None
        window: dict[int, int] = {}
        items = [(first, last, group_of[number]) for first, last, number in spans]
        left = 0
        for right in range(len(items)):
            window[items[right][2]] = window.get(items[right][2], 0) + 1
            while len(window) == need:
                width = items[right][1] - items[left][0] + 1
                best = width if best is None else min(best, width)
                group = items[left][2]
                window[group] -= 1
                if not window[group]:
                    del window[group]
                left += 1
        if best is None:
            return 0.0
        return min(1.0, need / best)


def _phrase_group(words):
    from .query import AnyOf, Term

    return AnyOf((Term(text=" ".join(words), words=tuple(words), quoted=True),))


def fold(ranked: list, keys_of) -> tuple[list, dict]:
    """The ranked items without near-copies of a better one; {kept: number folded into it}.

    Two turns are near-copies when they have the same words in the same order, or when
    both are fragments (FRAGMENT words at most) of close lengths sharing at least
    FOLD_SIMILARITY of their distinct words.
    """
    kept: list = []
    signatures: list[tuple[frozenset, int]] = []  # the kept fragments
    exact: dict[tuple, int] = {}  # every kept turn's words, for exact copies
    folded: dict = {}
    for item in ranked:
        keys = tuple(keys_of(item))
        twin = exact.get(keys)
        if twin is not None:
            folded[kept[twin]] = folded.get(kept[twin], 0) + 1
            continue
        words = frozenset(keys)
        length = len(keys)
        twin = None
        for index, (other, other_length) in enumerate(signatures if length <= FRAGMENT else ()):
            if min(length, other_length) < FOLD_SIMILARITY * max(length, other_length):
                continue
            smaller, larger = sorted((len(words), len(other)))
            if smaller < FOLD_SIMILARITY * larger:
                continue  # too few words in common, whatever they are
            common = len(words & other)
            if common >= FOLD_SIMILARITY * (len(words) + len(other) - common):
                twin = kept[index]
                break
        if twin is None:
            exact[keys] = len(kept)
            kept.append(item)
            signatures.append((words, length) if length <= FRAGMENT else (frozenset(), -1))
        else:
            folded[twin] = folded.get(twin, 0) + 1
    return kept, folded
