"""Words as the search index sees them: tokens, folding and stemming. Pure Python.

The same rules serve three purposes so that they can never disagree:

- the SQLite index stores, for each turn, the keys of its words (`index_text`);
- a query word is expanded into the keys it may match (`word_keys`);
- the highlighter marks the words of a turn whose key is among them (`tokens`).

A word's key is its folded form (case, accents and ligatures removed, Turkish dotted and
dotless i made plain `i`) stemmed in the language of the interview. PostgreSQL applies the
same steps with `unaccent` followed by the Snowball stemmer of the language, so both
databases find the same turns.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex
import Stemmer

# Interview language (ISO 639-1) -> Snowball algorithm. PostgreSQL has a text search
# configuration for each (see postgres.CONFIGS); any other language is matched unstemmed.
STEMMED_LANGUAGES = {
    "en": "english",
    "es": "spanish",
    "tr": "turkish",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
}
SIMPLE = ""

# A word starts with a letter or digit and goes on through letters, digits and marks.
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*")
# After folding, only letters and digits remain in a key; anything else separates keys.
KEY = regex.compile(r"[\p{L}\p{N}]+")
# The same words found by the standard library's engine, two to three times faster: in a
# text without combining marks whose every character both engines class alike (as letter
# or digit, or not), WORD's words are exactly the runs of `[^\W_]`. Ranking and snippets
# read tens of thousands of words per search, so the difference is most of their time.
FAST_WORD = re.compile(r"[^\W_]+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")
_MARK = regex.compile(r"\p{M}")
_ALIKE: dict[str, bool] = {}
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
# Letters that do not decompose but that `unaccent` spells out in plain Latin letters.
SPELLED = str.maketrans(
    {"ı": "i", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def language_key(language: str | None) -> str:
    """The stemmer key for an interview language: `en`, `es`, ... or SIMPLE."""
    base = (language or "").split("-")[0].strip().lower()
    return base if base in STEMMED_LANGUAGES else SIMPLE


@functools.lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Case, accents and ligatures removed: `İNCELEMELERİ` -> `incelemeleri`."""
    if word.isascii():
        return word.lower()
    # casefold() turns `İ` into `i` + combining dot and `ß` into `ss`; NFKD splits accents
    # and ligatures (`ﬁ` -> `fi`) from their letters and may reveal capitals (`𝒩` -> `N`);
    # marks are then dropped.
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(SPELLED))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).casefold()


_local = threading.local()


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = Stemmer.Stemmer(STEMMED_LANGUAGES[language])
    return stemmer


@functools.lru_cache(maxsize=200_000)
def stem(key: str, language: str) -> str:
    """The stem of a folded key in a language (SIMPLE leaves it as it is)."""
    if language == SIMPLE or key.isdigit():
        return key
    return _stemmer(language).stemWord(key) or key


def keys_of(word: str) -> list[str]:
    """The folded keys of one word as typed or printed (usually exactly one)."""
    folded = fold(word)
    if folded.isascii() and folded.isalnum():
        return [folded]
    return KEY.findall(folded)


def _alike(char: str) -> bool:
    alike = _ALIKE.get(char)
    if alike is None:
        alike = not _MARK.match(char) and bool(FAST_WORD.match(char)) == bool(
            _WORD_CHAR.match(char)
        )
        if len(_ALIKE) < 100_000:
            _ALIKE[char] = alike
    return alike


def word_pattern(text: str):
    """The compiled pattern that finds WORD's words in this text the fastest."""
    if text.isascii() or all(map(_alike, set(_ASCII_RUNS.sub("", text)))):
        return FAST_WORD
    return WORD


_KEYS: dict[str, dict[str, tuple[str, ...]]] = {}
KEYS_HELD = 200_000  # words per language whose keys are remembered


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    key: str  # folded and stemmed


def tokens(text: str, language: str | None) -> Iterator[Token]:
    """The indexed words of a text with their places in it."""
    found = located(text, language)
    for key, start, end in zip(found.keys, found.starts, found.ends, strict=True):
        yield Token(start, end, key)


@dataclass(frozen=True, slots=True)
class Located:
    """A text's index keys in order, each with the place of its word (as `tokens`, in
    three lists: a snippet reads a few thousand of them, and objects cost time)."""

    keys: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.keys)


def located(text: str, language: str | None) -> Located:
    """The index keys of a text's words with their places, for highlighting."""
    lang = language_key(language)
    held = _held(lang)
    spans = [match.span() for match in word_pattern(text).finditer(text)]
    keys, starts, ends = [], [], []
    for start, end in spans:
        word = text[start:end]
        word_keys = held.get(word)
        if word_keys is None:
            word_keys = held[word] = _keys_of(word, lang)
        if len(word_keys) == 1:
            keys.append(word_keys[0])
            starts.append(start)
            ends.append(end)
        else:
            for key in word_keys:
                keys.append(key)
                starts.append(start)
                ends.append(end)
    return Located(keys, starts, ends)


def _keys_of(word: str, lang: str) -> tuple[str, ...]:
    return tuple(stem(key, lang) for key in keys_of(word))


def _held(lang: str) -> dict[str, tuple[str, ...]]:
    held = _KEYS.get(lang)
    if held is None or len(held) > KEYS_HELD:
        held = _KEYS[lang] = {}
    return held


def keys(text: str, language: str | None) -> list[str]:
    """The index keys of a text's words in order (as `tokens`, without their places).

    Ranking reads a few hundred turns per search: a plain dict of each word's keys per
    language is several times faster than going through `fold` and `stem` each time.
    """
    lang = language_key(language)
    held = _held(lang)
    found: list[str] = []
    for word in word_pattern(text).findall(text):
        word_keys = held.get(word)
        if word_keys is None:
            word_keys = held[word] = _keys_of(word, lang)
        found += word_keys
    return found


def index_text(text: str | None, language: str | None) -> str:
    """What the SQLite index stores for a turn: its word keys separated by spaces."""
    if not text:
        return ""
    lang = language_key(language)
    return " ".join(
        stem(key, lang) for word in word_pattern(text).findall(text) for key in keys_of(word)
    )


# Filter keys stored beside a turn's words in the SQLite index, so that FTS5 narrows a
# search by speaker, outlet, part, language or year as it intersects words. They start
# with `0x`: no folded word of a text begins that way and is followed by these letters.
FILTER_PREFIX = "0x"


def language_code(language: str | None) -> str:
    """`en` from `en-GB`; `x` for none, so that every turn has a language key."""
    return (language or "").split("-")[0].strip().lower() or "x"


def filter_key(kind: str, value) -> str:
    """`0xs12` (speaker 12), `0xointerviewee`, `0xy2017` ... one FTS5 token each."""
    return f"{FILTER_PREFIX}{kind}{str(value).lower()}"


def filter_key_groups(params, skip: str = "", kinds: str = "sopyl") -> list[list[str]]:
    """The filter keys a turn must have, one group per filter (any key of a group will do).

    `skip` leaves out a facet's own filter; `kinds` the kinds of key the index holds.
    Whole years only narrow the search: the exact days are checked on the turn's date.
    """
    if params is None:
        return []
    groups = []

    def among(kind, values):
        if kind in kinds:
            groups.append([filter_key(kind, value) for value in values])

    if params.speakers and skip != "speaker":
        among("s", params.speakers)
    if params.sources and skip != "source":
        among("o", params.sources)
    if params.parts and skip != "part":
        among("p", params.parts)
    if params.languages:
        among("l", sorted({language_code(code) for code in params.languages}))
    if skip != "year" and (years := year_keys(params)):
        among("y", years)
    return groups


def year_keys(params) -> range | None:
    """The whole years a date range spans, when few enough to be worth a key each."""
    first = params.date_from.year if params.date_from else None
    last = params.date_to.year if params.date_to else None
    if first and last and 0 <= last - first <= 50:
        return range(first, last + 1)
    return None


def index_document(text, language, speaker_id, source_id, part, date) -> str:
    """What the SQLite index stores for a turn: its word keys, then its filter keys."""
    keys = [filter_key("s", speaker_id), filter_key("l", language_code(language))]
    if source_id is not None:
        keys.append(filter_key("o", source_id))
    if part:
        keys.append(filter_key("p", part))
    if date:
        keys.append(filter_key("y", str(date)[:4]))
    words = index_text(text, language)
    return f"{words} {' '.join(keys)}" if words else " ".join(keys)


def words(text: str) -> tuple[str, ...]:
    """The folded (unstemmed) words of a query term."""
    return tuple(key for match in WORD.finditer(text) for key in keys_of(match.group()))


def query_languages(languages: Iterable[str] = ()) -> tuple[str, ...]:
    """The stemmers a query is expanded with: the languages asked for, or every one.

    Without a language filter a query word may match in any language, so it is stemmed
    in each; the unstemmed form (SIMPLE) always comes along for unlisted languages.
    """
    chosen = {language_key(language) for language in languages}
    if not chosen:
        chosen = set(STEMMED_LANGUAGES)
    chosen.add(SIMPLE)
    return tuple(sorted(chosen))


def word_keys(word: str, languages: Iterable[str]) -> frozenset[str]:
    """Every index key a folded query word matches, over the given languages."""
    return frozenset(stem(word, language) for language in languages)


def phrase_keys(phrase: tuple[str, ...], languages: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Every sequence of index keys a folded phrase matches, one per language."""
    return frozenset(tuple(stem(word, language) for word in phrase) for language in languages)
