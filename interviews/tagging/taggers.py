"""Tagging a document: topics, places and organisations for every turn and for the whole.

    tags = tag_document(title, intro, turns, language)      # turns: a list of texts
    tags.topics, tags.places, tags.organisations            # the interview's codes
    tags.turns[i].topics, .places, .organisations            # each turn's

Pure functions over text, deterministic and offline: no database, no model download.

Topics. Every turn is scored per topic as BM25 scores a document for a query: each of
the topic's terms found counts its weight (the topic's weight times the term's rarity in
the archive), saturated with repetition and normalised by the turn's length. A turn gets
the (at most three) topics scoring `TURN_MIN` or more, the most specific first (a topic
is dropped when a narrower one of it is kept). The interview gets the topics that
dominate its turns: scores are summed over the turns (and rolled up, times `ROLLUP`, to
broader topics, so that many small mentions of diplomacy, summits and sanctions make
"international relations"; a turn shorter than `SHORT_TURN` words counts in proportion to
its length), plus what its title and intro name, counted `TITLE_BOOST` times; a topic is
kept when it reaches `DOC_SHARE` of the strongest one (or `DOC_CEILING` times `DOC_MIN`,
whichever is lower), was found in at least two turns or in the title or intro, and
reaches `DOC_MIN`.

Places and organisations are mentions found with the gazetteer (the longest name wins:
"Latin America" is not also "America"; "New Mexico" is no mention of Mexico). A weak name
("Georgia", "Jordan") counts only in a document that also names that place surely. The
interview gets those named in at least two turns or in its title or intro, and those
named at all in a short document.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from . import gazetteer as gaz
from .matching import Matcher, fold, padded
from .profiles import (
    DATA,
    LANGUAGES,
    STATS,
    TERMS,
    TermRef,
    idf,
    read_masks,
    read_profiles,
    read_stats,
)
from .vocabulary import Concept, ancestors, vocabulary

TURN_MAX = 3
TURN_MIN = 6.0
DOC_MIN = 24.0
DOC_SHARE = 0.3
# The floor grows with the strongest topic up to this many times DOC_MIN: a topic as
# dominant as vaccines in a COVID briefing does not push out a second one (the pandemic)
# that has strong evidence of its own.
DOC_CEILING = 3
DOC_MAX = 8
TITLE_BOOST = 3.0
HEADING_MIN = 4.0  # a title or intro naming a topic is evidence enough
STRONG = 2.0  # times the floor: a topic this strong in one long speech is in
ROLLUP = 0.3
BM25_K1, BM25_B, AVERAGE_WORDS = 1.2, 0.5, 90
SHORT_DOCUMENT = 8  # turns: in a document this short, one mention of a place is enough
# Words: a shorter turn counts in the interview's sum in proportion to its length. BM25
# normalises a turn by its length, so that one mention in a question of ten words ("And the
# amendments passed by the Parliament?") scores as much as a long answer on the subject: right
# for the turn, too much for the interview, of which such a turn is a small part.
SHORT_TURN = 20


@dataclass(frozen=True)
class EntityRef:
    code: str
    weak: bool


MASK = "mask"  # a phrase inside which topic terms do not count
NOT_A_PLACE = "not a place"  # a phrase that contains a place's name but is not that place


def _pack(payloads: list) -> tuple:
    """A key's payloads as (topic terms, is a mask, places and organisations)."""
    return (
        tuple(p for p in payloads if isinstance(p, TermRef)),
        MASK in payloads,
        tuple(p for p in payloads if isinstance(p, EntityRef) or p is NOT_A_PLACE),
    )


@dataclass(frozen=True)
class TurnTags:
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentTags:
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    turns: tuple[TurnTags, ...] = field(default_factory=tuple)


class Tagger:
    def __init__(self, concepts: dict[str, Concept], data: Path = DATA):
        self.concepts = concepts
        self.profiles = read_profiles(concepts, data / TERMS.name)
        self.total, self.df = read_stats(data / STATS.name)
        self.data = data
        self.ancestors = {q: tuple(ancestors(q, concepts)) for q in self.profiles}
        self.gazetteer = gaz.read_gazetteer(data)
        self._build_matchers()
        self.version = _version(data)

    # --- places and organisations -------------------------------------------------

    def _entity_phrases(self) -> list[tuple[str, object]]:
        phrases: list[tuple[str, object]] = []
        for entry in self.gazetteer.entries.values():
            weak = {fold(w.replace("*", "")) for w in entry.weak}
            for phrase in entry.phrases:
                is_weak = fold(phrase.replace("*", "")) in weak
                phrases.append((phrase, EntityRef(entry.code, is_weak)))
        phrases += [(phrase, NOT_A_PLACE) for phrase in self.gazetteer.not_places]
        return phrases

    def _build_matchers(self) -> None:
        """One automaton per language for topic terms, masks, places and organisations,
        so that a turn is read once; acronyms are matched in the text as written."""
        entities = self._entity_phrases()
        masks = [(phrase, MASK) for phrase in read_masks(self.data / TERMS.name)]
        self.matchers = {}
        for language in (*LANGUAGES, ""):
            terms = [
                (phrase, TermRef(p.qcode, p.weight))
                for p in self.profiles.values()
                for lang in ((language,) if language else LANGUAGES)
                for phrase in p.terms.get(lang, ())
            ]
            self.matchers[language] = Matcher(terms + masks + entities, pack=_pack)
        self.acronym_codes = {
            acronym: entry.code
            for entry in self.gazetteer.entries.values()
            for acronym in entry.acronyms
        }
        self.language_acronyms = self.gazetteer.language_acronyms
        self.acronyms = ahocorasick.Automaton()
        acronyms = {*self.acronym_codes, *(a for m in self.language_acronyms.values() for a in m)}
        for acronym in acronyms:
            self.acronyms.add_word(acronym, acronym)
        self.acronyms.make_automaton()
        self.kinds = {code: entry.kind for code, entry in self.gazetteer.entries.items()}

    def read(self, text: str, language: str, folded: str | None = None):
        """One turn (or heading): (topic -> score, code -> sure mentions, weak-only codes)."""
        folded = folded or padded(text)
        matcher = self.matchers.get(language) or self.matchers[""]
        hits = list(matcher.find(folded))
        masked = [(h[0], h[1]) for h in hits if h[3][1]]
        counts: Counter = Counter()
        refs: dict[str, tuple[TermRef, ...]] = {}
        places = []
        for hit in hits:
            start, end, key, (terms, _mask, entities) = hit
            if terms and not (masked and any(s <= start and end <= e + 1 for s, e in masked)):
                counts[key] += 1
                refs[key] = terms
            if entities:
                places.append(hit)
        return self._score(counts, refs, folded), *self._mentions(places, text, language)

    def _mentions(self, hits, text: str, language: str) -> tuple[Counter, set[str]]:
        sure: Counter = Counter()
        weak: set[str] = set()
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        reach = -1
        for start, end, _key, (_terms, _mask, entities) in hits:
            # The longest of overlapping names wins; neighbours share a padding space.
            if start + 1 < reach:
                continue
            reach = end - 1
            for ref in entities:
                if ref is NOT_A_PLACE:
                    continue
                if ref.weak:
                    weak.add(ref.code)
                else:
                    sure[ref.code] += 1
        own = self.language_acronyms.get(language, {})
        for end, acronym in self.acronyms.iter(text):
            start = end - len(acronym) + 1
            if not _whole_word(text, start, end + 1) or _shouting(text, start, end + 1):
                continue  # inside a word, or "UN PUEBLO", "WHO WE ARE": no acronym
            code = own.get(acronym) or self.acronym_codes.get(acronym)
            if code:
                sure[code] += 1
        return sure, weak - set(sure)

    def mentions(self, text: str, language: str = "") -> tuple[Counter, set[str]]:
        """(code -> sure mentions, codes named only by a weak name) in a text."""
        _scores, sure, weak = self.read(text, language)
        return sure, weak

    def topic_scores(self, text: str, language: str) -> dict[str, float]:
        return self.read(text, language)[0]

    def _score(self, counts: Counter, refs, folded: str) -> dict[str, float]:
        if not counts:
            return {}
        words = folded.count(" ")
        norm = 1 - BM25_B + BM25_B * words / AVERAGE_WORDS
        scores: dict[str, float] = defaultdict(float)
        for key, tf in counts.items():
            rarity = idf(self.df.get(key, 0), self.total)
            saturated = tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
            for ref in refs[key]:
                scores[ref.qcode] += ref.weight * rarity * saturated
        return scores

    def _most_specific(self, ranked: list[str], limit: int) -> tuple[str, ...]:
        kept: list[str] = []
        for qcode in ranked:
            if any(qcode in self.ancestors.get(k, ()) for k in kept):
                continue  # a narrower topic of it is already kept
            kept = [k for k in kept if k not in self.ancestors.get(qcode, ())]
            kept.append(qcode)
            if len(kept) == limit:
                break
        return tuple(kept)

    def turn_topics(self, scores: dict[str, float]) -> tuple[str, ...]:
        ranked = sorted(
            (q for q, s in scores.items() if s >= TURN_MIN), key=lambda q: (-scores[q], q)
        )
        return self._most_specific(ranked, TURN_MAX)

    def document_topics(
        self,
        turn_scores: list[dict[str, float]],
        turn_topics,
        heading: dict[str, float],
        turn_words: Sequence[int] | None = None,
    ) -> tuple[str, ...]:
        """turn_words: each turn's length in words (a short turn counts less)."""
        total: dict[str, float] = defaultdict(float)
        found_in: Counter = Counter()
        if turn_words is None:
            turn_words = [SHORT_TURN] * len(turn_scores)
        for scores, kept, words in zip(turn_scores, turn_topics, turn_words, strict=True):
            share = min(1.0, words / SHORT_TURN)
            for qcode, score in scores.items():
                total[qcode] += share * score
            for qcode in kept:
                found_in[qcode] += 1
                for broader in self.ancestors.get(qcode, ()):
                    found_in[broader] += 1
        for qcode, score in heading.items():
            total[qcode] += TITLE_BOOST * score
        rolled = dict(total)
        for qcode, score in total.items():
            for broader in self.ancestors.get(qcode, ())[:-1]:  # never to the 17 top levels
                if broader in self.profiles:
                    rolled[broader] = rolled.get(broader, 0.0) + ROLLUP * score
        if not rolled:
            return ()
        strongest = max(rolled.values())
        floor = max(DOC_MIN, min(DOC_SHARE * strongest, DOC_CEILING * DOC_MIN))
        ranked = sorted(
            (
                q
                for q, s in rolled.items()
                if s >= floor
                and (
                    found_in[q] >= 2
                    or heading.get(q, 0) >= HEADING_MIN
                    or total.get(q, 0.0) >= STRONG * floor
                )
            ),
            key=lambda q: (-rolled[q], q),
        )
        # A broader topic stays beside a narrower one when its own terms reach the floor:
        # an interview on summits and on foreign relations at large has both.
        kept = list(self._most_specific(ranked, DOC_MAX))
        for qcode in ranked:
            if qcode not in kept and total.get(qcode, 0.0) >= floor and len(kept) < DOC_MAX:
                kept.append(qcode)
        return tuple(sorted(kept, key=lambda q: (-rolled[q], q)))

    # --- the document ---------------------------------------------------------------

    def tag(self, title: str, intro: str, turns: Sequence[str], language: str = "") -> DocumentTags:
        language = (language or "").split("-")[0].lower()
        read = [self.read(text, language) for text in turns]
        turn_scores = [scores for scores, _, _ in read]
        mentions = [(sure, weak) for _, sure, weak in read]
        turn_topics = [self.turn_topics(scores) for scores in turn_scores]
        heading, heading_sure, heading_weak = self.read(f"{title}\n{intro}", language)
        sure_anywhere = set(heading_sure)
        for sure, _ in mentions:
            sure_anywhere |= set(sure)
        turn_entities = []
        named_in: Counter = Counter()
        for sure, weak in mentions:
            codes = list(sure) + sorted(weak & sure_anywhere)
            turn_entities.append(codes)
            named_in.update(set(codes))
        heading_codes = set(heading_sure) | (heading_weak & sure_anywhere)
        short = len(turns) <= SHORT_DOCUMENT
        document_codes = sorted(
            (
                c
                for c in set(named_in) | heading_codes
                if c in heading_codes or named_in[c] >= 2 or short
            ),
            key=lambda c: (-(named_in[c] + 2 * (c in heading_codes)), c),
        )
        turn_tags = tuple(
            TurnTags(
                topics=topics,
                places=self._of_kind(codes, places=True),
                organisations=self._of_kind(codes, places=False),
            )
            for topics, codes in zip(turn_topics, turn_entities, strict=True)
        )
        return DocumentTags(
            topics=self.document_topics(
                turn_scores, turn_topics, heading, [text.count(" ") + 1 for text in turns]
            ),
            places=self._of_kind(document_codes, places=True),
            organisations=self._of_kind(document_codes, places=False),
            turns=turn_tags,
        )

    def _of_kind(self, codes, *, places: bool) -> tuple[str, ...]:
        wanted = (gaz.COUNTRY, gaz.REGION) if places else (gaz.ORGANISATION,)
        return tuple(dict.fromkeys(c for c in codes if self.kinds.get(c) in wanted))


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in ".-") and not (after.isalnum() or after == "-")


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the capitals at start:end stand beside another word in capitals."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    near = [w for w in (before[-1:] + after[:1])]
    return any(len(w) > 1 and w.isalpha() and w.isupper() for w in near)


def _version(data: Path) -> str:
    """A short fingerprint of the tagging data: `retag` can tell what is out of date."""
    digest = hashlib.sha1()
    for name in ("topic_terms.yaml", "term_stats.json", "places.yaml", "organisations.yaml"):
        path = data / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=2)
def get_tagger(vocabulary_path: str | None = None) -> Tagger:
    return Tagger(vocabulary(vocabulary_path))


def tag_document(title: str, intro: str, turns: Sequence[str], language: str = "") -> DocumentTags:
    return get_tagger().tag(title, intro, turns, language)


def tag_parsed(parsed) -> DocumentTags:
    """The tags of a ParsedInterview (or anything with title, intro_text, turns, language)."""
    return tag_document(
        parsed.title, parsed.intro_text, [t.text for t in parsed.turns], parsed.language
    )


__all__ = ["DocumentTags", "Tagger", "TurnTags", "get_tagger", "tag_document", "tag_parsed"]
