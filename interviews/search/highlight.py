"""Snippets of the shown page's turns, with the matched words in `<mark>`.

Highlighting is done here, in Python, for both databases: the words marked are exactly the
words whose index key the query matched (see `analysis`), so PostgreSQL and SQLite mark the
same words, and only the twenty turns of a page are ever read. The text is cut into plain
and marked pieces first and every piece is HTML-escaped before any tag is added, so a turn
containing `<script>` shows as text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import Located, located, phrase_keys, word_keys
from .query import Query

SNIPPET_WORDS = 70
PASSAGE_SENTENCES = 3  # a snippet of a long turn: this many sentences at most
LEAD_WORDS = 12  # words kept before the first match of a cut snippet
PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")
SPACES = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[.!?…]")
BOUNDARY = re.compile(r"[.!?…\n]")
PILCROW = '<span class="pilcrow" aria-hidden="true"> ¶ </span>'


@dataclass(frozen=True)
class Matcher:
    words: dict[str, int]  # index key -> term number
    phrases: list[tuple[frozenset[tuple[str, ...]], int, int]]  # variants, length, term number

    @classmethod
    def for_query(cls, query: Query, languages) -> Matcher:
        words: dict[str, int] = {}
        phrases = []
        for number, term in enumerate(query.terms):
            if term.is_phrase:
                phrases.append((phrase_keys(term.words, languages), len(term.words), number))
            else:
                for key in word_keys(term.words[0], languages):
                    words.setdefault(key, number)
        return cls(words, phrases)

    def spans(self, text: str, language: str) -> tuple[Located, list[tuple[int, int, int]]]:
        """The text's tokens and the (first token, last token, term) of every match."""
        found = located(text, language)
        return found, self.matches(found.keys)

    def matches(self, keys: list[str]) -> list[tuple[int, int, int]]:
        """The (first key, last key, term) of every match in a sequence of index keys."""
        words = self.words
        spans = [(i, i, words[key]) for i, key in enumerate(keys) if key in words]
        for variants, length, number in self.phrases:
            starts = {variant[0] for variant in variants}
            for i, key in enumerate(keys):
                if key in starts and tuple(keys[i : i + length]) in variants:
                    spans.append((i, i + length - 1, number))
        spans.sort()
        return spans


def _sentences(text: str, found: Located) -> list[tuple[int, int]]:
    """The (first token, last token) of each sentence (or paragraph) of the text."""
    # A sentence ends between two tokens where a full stop or a line break stands: each
    # such place is found once in the text, then given to the token after it.
    starts = found.starts
    sentences, first = [], 0
    for place in BOUNDARY.finditer(text):
        after = bisect_right(starts, place.start())
        if first < after < len(starts):
            sentences.append((first, after - 1))
            first = after
    sentences.append((first, len(starts) - 1))
    return sentences


def _token_window(text: str, found: Located, spans, size: int, low: int, high: int):
    """Within tokens [low, high], the `size` tokens with the most different terms."""
    if high - low + 1 <= size:
        return low, high
    inside_all = [s for s in spans if s[0] >= low and s[1] <= high]
    if not inside_all:
        return low, low + size - 1
    best, best_first, best_score = low, low, (-1, 0)
    for first, _, _ in inside_all:
        start = max(low, min(first - LEAD_WORDS, high - size + 1))
        inside = [s for s in inside_all if s[0] >= start and s[1] < start + size]
        score = (len({s[2] for s in inside}), len(inside))
        if score > best_score:
            best, best_first, best_score = start, inside[0][0], score
    # Start at the beginning of the sentence of the first match, if it is not far back.
    for i in range(best_first, max(low, best - LEAD_WORDS // 2) - 1, -1):
        if i == low or SENTENCE_END.search(text, found.ends[i - 1], found.starts[i]):
            best = i
            break
    return best, min(high, best + size - 1)


def _window(text: str, found: Located, spans, size: int) -> tuple[int, int]:
    """The tokens [first, last] to show: the passage of up to PASSAGE_SENTENCES whole
    sentences, at most `size` words, where the query's words are densest (the most
    different terms, then the most matches); a part of one sentence when it is longer."""
    count = len(found)
    if count <= size:
        return 0, count - 1
    if not spans:
        return _token_window(text, found, spans, size, 0, count - 1)
    sentences = _sentences(text, found)
    best, best_score = None, None
    for index, (first, end) in enumerate(sentences):
        if not any(s[0] >= first and s[0] <= end for s in spans):
            continue  # a passage starts at a sentence with a match
        last = None
        for _, end in sentences[index : index + PASSAGE_SENTENCES]:
            if end - first + 1 > size and last is not None:
                break
            last = end
        inside = [s for s in spans if s[0] >= first and s[1] <= last]
        if not inside:
            continue
        score = (len({s[2] for s in inside}), len(inside) / (last - first + 1 + LEAD_WORDS))
        if best_score is None or score > best_score:
            best, best_score = (first, last), score
    if best is None:
        return _token_window(text, found, spans, size, 0, count - 1)
    first, last = best
    if last - first + 1 > size:  # one sentence longer than a snippet
        return _token_window(text, found, spans, size, first, last)
    return first, last


def _plain(text: str) -> str:
    """Escaped text with paragraph breaks shown as pilcrows and spaces collapsed."""
    return PILCROW.join(escape(SPACES.sub(" ", part)) for part in PARAGRAPH_BREAK.split(text))


def snippet(
    text: str, language: str, matcher: Matcher | None, *, size: int = SNIPPET_WORDS
) -> SafeString:
    """The best part of a turn, at most `size` words, with matches marked."""
    found, spans = matcher.spans(text, language) if matcher else (located(text, language), [])
    if not found:
        return mark_safe(_plain(text))
    first, last = _window(text, found, spans, size)
    start = found.starts[first] if first > 0 else 0
    end = found.ends[last] if last < len(found) - 1 else len(text)
    # Merge overlapping and touching matches into marked character ranges.
    ranges: list[list[int]] = []
    for a, b, _ in spans:
        if a < first or b > last:
            continue
        lo, hi = found.starts[a], found.ends[b]
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], hi)
        else:
            ranges.append([lo, hi])
    pieces = ["… "] if start > 0 else []
    position = start
    for lo, hi in ranges:
        pieces.append(_plain(text[position:lo]))
        pieces.append("<mark>" + escape(" ".join(text[lo:hi].split())) + "</mark>")
        position = hi
    pieces.append(_plain(text[position:end]))
    if end < len(text):
        pieces.append(" …")
    return mark_safe("".join(pieces).strip())


def excerpt(text: str, language: str, *, size: int = 40) -> SafeString:
    """The opening words of a turn (for the question an answer answers)."""
    return snippet(text, language, None, size=size)
