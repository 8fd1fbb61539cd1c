"""Topics, places and organisations for interviews and their turns: pure Python, no ORM.

    from interviews import tagging
    tags = tagging.tags_of(parsed)          # DocumentTags for a ParsedInterview (cached on it)
    tagging.contract(parsed, tags)          # the JSON the importer reports for a document
    tagging.topic_for_name("Terrorismo")    # the qcode a label names, in any language

vocabulary.py   IPTC Media Topics (qcode, broader topic, labels per language)
gazetteer.py    countries and regions (pycountry and data/places.yaml), organisations
profiles.py     per-topic term lists and their weights
matching.py     folding text and finding many phrases at once (Aho-Corasick)
taggers.py      the tagger itself; evaluation.py measures it against tests/gold/

Importing calls this package (and the bulk importer's parsing processes do, so that the
work is shared); nothing here imports the models, the importer or the web code.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from .matching import fold
from .taggers import DocumentTags, TurnTags, get_tagger, tag_document
from .vocabulary import CREDIT, LICENCE_URL, SCHEME_URL, vocabulary

__all__ = [
    "CREDIT",
    "LICENCE_URL",
    "SCHEME_URL",
    "DocumentTags",
    "TurnTags",
    "contract",
    "entity_name",
    "fingerprint",
    "get_tagger",
    "tag_document",
    "tags_of",
    "topic_for_name",
    "topic_label",
]


def fingerprint(parsed) -> str:
    """What the tags of a parse depend on: its title, intro, language and turns."""
    digest = hashlib.blake2b(digest_size=12)
    for part in (parsed.title, parsed.intro_text, parsed.language):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    for turn in parsed.turns:
        digest.update(turn.text.encode("utf-8", "replace") + b"\1")
    return digest.hexdigest()


def tags_of(parsed) -> DocumentTags:
    """The tags of a ParsedInterview, computed once per version of its text.

    The bulk importer computes them in its parsing processes; the one held on the parse is
    used again only while the text it was computed from is unchanged (an editor's
    correction of a preview changes it).
    """
    held = getattr(parsed, "_archive_tags", None)
    key = fingerprint(parsed)
    if held is not None and held[0] == key:
        return held[1]
    tags = tag_document(
        parsed.title, parsed.intro_text, [t.text for t in parsed.turns], parsed.language
    )
    parsed._archive_tags = (key, tags)
    return tags


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Folded label (any language) -> qcode, for names written in documents and forms."""
    found: dict[str, str] = {}
    for qcode, concept in vocabulary().items():
        if concept.retired:
            continue
        for label in concept.labels.values():
            found.setdefault(fold(label), qcode)
    return found


def topic_for_name(name: str) -> str | None:
    """The qcode of the active Media Topic with this label (in any language), if any."""
    return _labels().get(fold(name))


def topic_label(qcode: str, language: str = "en") -> str:
    concept = vocabulary().get(qcode)
    if concept is None:
        return qcode
    return concept.labels.get(language) or concept.labels.get("en") or qcode


def entity_name(code: str, language: str = "en") -> str:
    entry = get_tagger().gazetteer.entries.get(code)
    if entry is None:
        return code
    return entry.names.get(language) or entry.names["en"]


def contract(parsed, tags: DocumentTags | None = None, language: str = "en") -> dict:
    """The tags of a document as the importer's JSON reports them.

    {"topics": [{"qcode", "label", "auto"}], "places": [{"code", "name"}],
     "organisations": [{"code", "name"}], "turns": [{"topics", "places", "organisations"}]}
    Topics the document's own header names are `"auto": false`; a name the vocabulary
    does not have keeps `"qcode": null`.
    """
    tags = tags or tags_of(parsed)
    declared = []
    for name in parsed.topics:
        if name.strip():
            qcode = topic_for_name(name)
            declared.append((qcode, topic_label(qcode, language) if qcode else name.strip()))
    seen = {q for q, _ in declared if q}
    topics = [{"qcode": q, "label": label, "auto": False} for q, label in declared]
    topics += [
        {"qcode": q, "label": topic_label(q, language), "auto": True}
        for q in tags.topics
        if q not in seen
    ]

    def entities(codes):
        return [{"code": c, "name": entity_name(c, language)} for c in codes]

    def turn_topics(turn: TurnTags):
        return [{"qcode": q, "label": topic_label(q, language), "auto": True} for q in turn.topics]

    return {
        "topics": topics,
        "places": entities(tags.places),
        "organisations": entities(tags.organisations),
        "turns": [
            {
                "topics": turn_topics(turn),
                "places": entities(turn.places),
                "organisations": entities(turn.organisations),
            }
            for turn in tags.turns
        ],
    }
