"""The user's query, parsed once into a small tree that each backend translates.

Syntax, as in a web search engine:

    deterrence dialogue        both words (in any form: `deterrent`, `dialogues`)
    "combat role"              the words next to each other, in this order
    Russia OR Ukraine          either word; OR binds tighter than the implicit AND
    -Trump  -"cold war"        turns without the word or phrase

Case and accents never matter. `parse_query` accepts any string and never raises: unclosed
quotes close at the end, a lone `-` or `OR` is ignored, operators of SQL or FTS5 (`*`,
`NEAR`, `:`, `(`) are plain text, control characters are dropped, and a very long query
is cut with a notice. Only the words of the tree, never the raw string, reach a database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from . import analysis

MAX_QUERY_CHARS = 1000
MAX_GROUPS = 12  # words or phrases that must all match
MAX_ALTERNATIVES = 6  # per OR group
MAX_EXCLUDED = 6
MAX_PHRASE_WORDS = 12

QUOTES = str.maketrans({c: '"' for c in "“”„‟«»＂"})
OR_WORDS = {"OR", "|", "||"}
AND_WORDS = {"AND", "&", "&&", "+"}


@dataclass(frozen=True)
class Term:
    """A word, or words that must appear together in this order (a phrase)."""

    text: str  # as typed, control characters removed: PostgreSQL's parser reads this
    words: tuple[str, ...]  # folded words: SQLite and the highlighter use these
    quoted: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return f'"{self.text}"' if self.quoted else self.text


@dataclass(frozen=True)
class AnyOf:
    """One or more alternatives, at least one of which must match (`a OR b`)."""

    terms: tuple[Term, ...]

    def __str__(self) -> str:
        return " OR ".join(str(term) for term in self.terms)


@dataclass(frozen=True)
class Query:
    """All `required` groups must match and no `excluded` term may."""

    required: tuple[AnyOf, ...] = ()
    excluded: tuple[Term, ...] = ()
    notices: tuple[str, ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term to find (and highlight)."""
        return tuple(term for group in self.required for term in group.terms)

    @property
    def is_plain_words(self) -> bool:
        """Just words, no operators: such a query may also be a person's name."""
        return not self.excluded and all(len(group.terms) == 1 for group in self.required)

    def __str__(self) -> str:
        parts = [f"({g})" if len(g.terms) > 1 else str(g) for g in self.required]
        parts += [f"-{term}" for term in self.excluded]
        return " ".join(parts)


def clean(text: str) -> str:
    """Control, format and unpaired surrogate characters removed; one kind of quote."""
    text = unicodedata.normalize("NFC", text.translate(QUOTES))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Zl", "Zp"):
            kept.append(" ")
        elif category == "Cf":
            continue  # soft hyphens, zero-width joiners and marks: part of the word
        else:
            kept.append(char)
    return "".join(kept)


def _lex(text: str):
    """Yield ("word"|"phrase", text, negated) and ("or", ...) items."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        negated = False
        if char == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            char = text[i]
        if char == '"':
            end = text.find('"', i + 1)
            if end == -1:
                end = n
            yield "phrase", text[i + 1 : end], negated
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        chunk = text[start:i]
        if not negated and chunk in OR_WORDS:
            yield "or", chunk, False
        elif not negated and chunk in AND_WORDS:
            continue
        else:
            yield "word", chunk, negated


def parse_query(text: str | None) -> Query:
    """The query tree for any string (see the module docstring); never raises."""
    if not text:
        return Query()
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    text = clean(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    seen: set[tuple[bool, tuple[str, ...]]] = set()
    join_next = False  # the previous item was OR
    dropped = False
    for kind, chunk, negated in _lex(text):
        if kind == "or":
            join_next = bool(groups)
            continue
        words = analysis.words(chunk)
        if not words:
            continue  # punctuation only: `*`, `-`, `()`
        if len(words) > MAX_PHRASE_WORDS:
            words = words[:MAX_PHRASE_WORDS]
            chunk = " ".join(words)
            dropped = True
        term = Term(text=" ".join(chunk.split()), words=words, quoted=kind == "phrase")
        signature = (negated, words)
        if negated:
            join_next = False
            if signature not in seen and len(excluded) < MAX_EXCLUDED:
                excluded.append(term)
            elif signature not in seen:
                dropped = True
            seen.add(signature)
            continue
        if join_next and groups:
            join_next = False
            if signature not in seen:
                if len(groups[-1]) < MAX_ALTERNATIVES:
                    groups[-1].append(term)
                else:
                    dropped = True
            seen.add(signature)
            continue
        join_next = False
        if signature in seen:
            continue
        seen.add(signature)
        if len(groups) < MAX_GROUPS:
            groups.append([term])
        else:
            dropped = True
    if dropped:
        notices.append("The query was long, so some of its words were left out.")
    if excluded and not groups:
        notices.append("Add a word to search for: excluding words alone finds nothing.")
    return Query(
        required=tuple(AnyOf(tuple(group)) for group in groups),
        excluded=tuple(excluded),
        notices=tuple(notices),
    )
