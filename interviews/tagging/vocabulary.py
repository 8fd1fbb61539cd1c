"""IPTC Media Topics: the concepts of a SKOS JSON-LD release, with labels per language.

    concepts = read_vocabulary()            # the shipped release, with our Turkish labels
    concepts = read_vocabulary(path)        # another release (the same JSON-LD shape)

The shipped file (`data/iptc-mediatopics.json`) is IPTC's release trimmed to what the
archive uses: active and retired concepts, qcode, broader topic, English and Spanish
labels and definitions. IPTC has no Turkish labels; `data/mediatopics-labels.json` holds
ours (the top two levels and every topic the tagger assigns, with their broader topics),
and Spanish ones where the release has none.
Copyright IPTC (iptc.org), Creative Commons Attribution 4.0: see `CREDIT`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = DATA / "iptc-mediatopics.json"
EXTRA_LABELS = DATA / "mediatopics-labels.json"
CREDIT = (
    "Topics: IPTC Media Topics, © IPTC, International Press Telecommunications Council "
    "(iptc.org), licensed under Creative Commons Attribution 4.0."
)
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SCHEME_URL = "https://iptc.org/standards/media-topics/"
# The release's language tags, as the archive's language codes.
LANGUAGES = {"en-GB": "en", "en": "en", "es": "es", "tr": "tr"}


@dataclass(frozen=True)
class Concept:
    qcode: str
    labels: dict[str, str]
    definitions: dict[str, str] = field(default_factory=dict)
    broader: str | None = None
    retired: bool = False

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.qcode


def _qcode(uri_or_qcode: str) -> str:
    if uri_or_qcode.startswith("medtop:"):
        return uri_or_qcode
    return "medtop:" + uri_or_qcode.rstrip("/").rsplit("/", 1)[-1]


def _by_language(values: dict | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag, text in (values or {}).items():
        code = LANGUAGES.get(tag)
        if code and text and code not in out:
            out[code] = " ".join(str(text).split())
    return out


def parse_release(data: dict) -> list[Concept]:
    """The concepts of a Media Topics release (SKOS as JSON-LD), in the file's order."""
    concepts = []
    for item in data.get("conceptSet", []):
        if "qcode" not in item and "uri" not in item:
            continue
        broader = [_qcode(b) for b in item.get("broader") or []]
        concepts.append(
            Concept(
                qcode=_qcode(item.get("qcode") or item["uri"]),
                labels=_by_language(item.get("prefLabel")),
                definitions=_by_language(item.get("definition")),
                broader=broader[0] if broader else None,
                retired=bool(item.get("retired")),
            )
        )
    return concepts


def read_extra_labels(path: Path = EXTRA_LABELS) -> dict[str, dict[str, str]]:
    """language -> {qcode: label}: the labels the archive adds to IPTC's."""
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def read_vocabulary(path: Path | str | None = None) -> list[Concept]:
    """The concepts of a release, with our labels added where the release has none."""
    path = Path(path) if path else SHIPPED
    concepts = parse_release(json.loads(path.read_text(encoding="utf-8")))
    extra = read_extra_labels()
    out = []
    for concept in concepts:
        added = {lang: extra[lang][concept.qcode] for lang in extra if concept.qcode in extra[lang]}
        if added:
            labels = {**added, **concept.labels}
            concept = Concept(
                concept.qcode, labels, concept.definitions, concept.broader, concept.retired
            )
        out.append(concept)
    return out


@lru_cache(maxsize=4)
def vocabulary(path: str | None = None) -> dict[str, Concept]:
    """qcode -> Concept, read once per process."""
    return {c.qcode: c for c in read_vocabulary(path)}


def ancestors(qcode: str, concepts: dict[str, Concept]) -> list[str]:
    """The broader topics of a qcode, nearest first."""
    out = []
    seen = {qcode}
    current = concepts.get(qcode)
    while current is not None and current.broader and current.broader not in seen:
        out.append(current.broader)
        seen.add(current.broader)
        current = concepts.get(current.broader)
    return out


def trim_release(source: Path, target: Path) -> int:
    """Write the parts of a full release the archive uses; returns the number of concepts."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    keep = ("en-GB", "es")
    concepts = []
    for item in data["conceptSet"]:
        trimmed = {"qcode": item["qcode"]}
        for key in ("prefLabel", "definition"):
            values = {k: v for k, v in (item.get(key) or {}).items() if k in keep}
            if values:
                trimmed[key] = values
        if item.get("broader"):
            trimmed["broader"] = [_qcode(b) for b in item["broader"]]
        if item.get("retired"):
            trimmed["retired"] = item["retired"]
        concepts.append(trimmed)
    header = {
        k: data[k]
        for k in ("uri", "prefSchemeAlias", "copyrightHolder", "licenceLink", "dateReleased")
        if k in data
    }
    header["note"] = "Trimmed to qcodes, broader topics, English and Spanish labels. " + CREDIT
    header["conceptSet"] = concepts
    Path(target).write_text(
        json.dumps(header, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8"
    )
    return len(concepts)


if __name__ == "__main__":  # python -m interviews.tagging.vocabulary FULL.json OUT.json
    import sys

    print(trim_release(Path(sys.argv[1]), Path(sys.argv[2])), "concepts")
