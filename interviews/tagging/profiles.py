"""Per-topic term lists: the vocabulary's labels plus `data/topic_terms.yaml`, weighted.

A term's weight is its topic's `weight` times how rare the term is among the turns of a
reference archive (an inverse document frequency, as BM25 computes it, from
`data/term_stats.json`): "terrorism" says more than "security". `build_term_stats()`
counts them afresh from any documents (`manage.py tagging_stats`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .matching import Matcher, padded, pattern
from .vocabulary import Concept

DATA = Path(__file__).resolve().parent / "data"
TERMS = DATA / "topic_terms.yaml"
STATS = DATA / "term_stats.json"
LANGUAGES = ("en", "es", "tr")
MAX_IDF = 8.0
# Words of a label that say nothing about a subject on their own.
LABEL_NOISE = re.compile(r"\s*\([^)]*\)|\band\b|\by\b|\bve\b|,")


@dataclass(frozen=True)
class TermRef:
    qcode: str
    weight: float  # the topic's curated weight; the rarity is applied per key


@dataclass(frozen=True)
class Profile:
    qcode: str
    weight: float
    terms: dict[str, tuple[str, ...]]  # language -> phrases


def read_profiles(concepts: dict[str, Concept], path: Path = TERMS) -> dict[str, Profile]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw.pop("not_topics", None)
    profiles = {}
    for qcode, spec in raw.items():
        if qcode not in concepts or concepts[qcode].retired:
            raise ValueError(f"{path.name}: {qcode} is not an active Media Topic")
        terms: dict[str, list[str]] = {}
        for language in LANGUAGES:
            phrases = [str(p) for p in spec.get(language, [])]
            label = concepts[qcode].labels.get(language)
            if label and spec.get("labels", True):
                phrases.append(LABEL_NOISE.sub(" ", label).strip())
            terms[language] = phrases
        profiles[qcode] = Profile(
            qcode=qcode,
            weight=float(spec.get("weight", 1.0)),
            terms={k: tuple(dict.fromkeys(v)) for k, v in terms.items()},
        )
    return profiles


def read_masks(path: Path = TERMS) -> tuple[str, ...]:
    """Phrases inside which topic terms do not count (titles, greetings)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(str(p) for p in raw.get("not_topics", []))


def read_stats(path: Path = STATS) -> tuple[int, dict[str, int]]:
    if not path.exists():
        return 0, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return int(data["turns"]), {k: int(v) for k, v in data["df"].items()}


def idf(df: int, total: int) -> float:
    if total <= 0:
        return 3.0
    return min(MAX_IDF, math.log(1 + (total - df + 0.5) / (df + 0.5)))


def build_matchers(profiles: dict[str, Profile]) -> dict[str, Matcher]:
    """One matcher per language (and "" for a language without terms: all of them)."""
    matchers = {}
    for language in LANGUAGES:
        matchers[language] = Matcher(
            (phrase, TermRef(p.qcode, p.weight))
            for p in profiles.values()
            for phrase in p.terms.get(language, ())
        )
    matchers[""] = Matcher(
        (phrase, TermRef(p.qcode, p.weight))
        for p in profiles.values()
        for language in LANGUAGES
        for phrase in p.terms.get(language, ())
    )
    return matchers


def build_term_stats(texts: Iterable[tuple[str, str]], profiles: dict[str, Profile]) -> dict:
    """Document frequencies of every term key over (text, language) turns."""
    matchers = build_matchers(profiles)
    df: dict[str, int] = dict.fromkeys(sorted(matchers[""].keys), 0)
    total = 0
    for text, language in texts:
        total += 1
        matcher = matchers.get(language) or matchers[""]
        for key in {hit[2] for hit in matcher.find(padded(text))}:
            df[key] = df.get(key, 0) + 1
    return {"turns": total, "df": df}


__all__ = ["Profile", "TermRef", "build_matchers", "build_term_stats", "idf", "pattern"]
