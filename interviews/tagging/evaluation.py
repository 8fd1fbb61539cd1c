"""Precision and recall of the tagger against a gold set built by reading.

    report = evaluate(read_gold(path), documents)   # documents: file name -> bytes

Topics are compared two ways: exactly (the same qcode) and on the same branch (the
predicted topic is the gold one, or a broader or narrower topic of it: "diplomacy" for
"international relations"). Places and organisations are compared by code. Figures are
micro-averaged: every (document, tag) or (turn, tag) pair counts once.
"""

from __future__ import annotations

import tarfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import parsing
from .taggers import DocumentTags, get_tagger
from .vocabulary import ancestors

LEVELS = ("interview", "turn")
KINDS = ("topics", "topics (same branch)", "places", "organisations")


@dataclass
class Count:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    counts: dict[tuple[str, str], Count] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)
    documents: int = 0
    turns: int = 0
    missing: list[str] = field(default_factory=list)

    def count(self, level: str, kind: str) -> Count:
        return self.counts.setdefault((level, kind), Count())

    def rows(self) -> list[tuple[str, str, Count]]:
        return [(lv, k, self.count(lv, k)) for lv in LEVELS for k in KINDS]

    def as_dict(self) -> dict:
        return {
            f"{level} {kind}": {
                "precision": round(c.precision, 3),
                "recall": round(c.recall, 3),
                "f1": round(c.f1, 3),
                "predicted": c.predicted,
                "gold": c.gold,
            }
            for level, kind, c in self.rows()
        }


def read_gold(path: Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["documents"]


def read_archive(path: Path) -> dict[str, bytes]:
    """The documents of a .tar.xz (or a folder), by their path inside it."""
    path = Path(path)
    if path.is_dir():
        return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    with tarfile.open(path) as archive:
        return {
            member.name: archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.isfile()
        }


def _same_branch(a: str, b: str, concepts) -> bool:
    return a == b or a in ancestors(b, concepts) or b in ancestors(a, concepts)


def _compare(report: Report, level: str, where: str, predicted: dict, gold: dict, concepts):
    for kind in ("places", "organisations"):
        got, want = set(predicted.get(kind, ())), set(gold.get(kind) or ())
        count = report.count(level, kind)
        count.predicted += len(got)
        count.gold += len(want)
        count.true_positive += len(got & want)
        if got != want:
            report.mistakes.append(
                f"{where} {kind}: extra {sorted(got - want)} missing {sorted(want - got)}"
            )
    got, want = set(predicted.get("topics", ())), set(gold.get("topics") or ())
    exact = report.count(level, "topics")
    exact.predicted += len(got)
    exact.gold += len(want)
    exact.true_positive += len(got & want)
    branch = report.count(level, "topics (same branch)")
    branch.predicted += len(got)
    branch.gold += len(want)
    right = {p for p in got if any(_same_branch(p, g, concepts) for g in want)}
    found = {g for g in want if any(_same_branch(p, g, concepts) for p in got)}
    # One matched pair counts once on each side.
    branch.true_positive += min(len(right), len(found))
    if got != want:
        names = {q: concepts[q].label if q in concepts else q for q in got | want}
        report.mistakes.append(
            f"{where} topics: extra {[names[q] for q in sorted(got - want)]} "
            f"missing {[names[q] for q in sorted(want - got)]}"
        )


def evaluate(
    gold: list[dict],
    documents: Mapping[str, bytes],
    tag: Callable[[parsing.ParsedInterview], DocumentTags] | None = None,
) -> Report:
    tagger = get_tagger()
    concepts = tagger.concepts

    def default(parsed):
        return tagger.tag(
            parsed.title, parsed.intro_text, [t.text for t in parsed.turns], parsed.language
        )

    tag = tag or default
    report = Report()
    for item in gold:
        raw = documents.get(item["file"])
        if raw is None:
            report.missing.append(item["file"])
            continue
        parsed = parsing.parse_document(raw, Path(item["file"]).name)
        tags = tag(parsed)
        report.documents += 1
        name = Path(item["file"]).name[:60]
        _compare(report, "interview", name, tags.__dict__, item, concepts)
        for position, gold_turn in (item.get("turns") or {}).items():
            position = int(position)
            if position >= len(tags.turns):
                report.missing.append(f"{item['file']} turn {position}")
                continue
            report.turns += 1
            _compare(
                report,
                "turn",
                f"{name} turn {position}",
                tags.turns[position].__dict__,
                gold_turn or {},
                concepts,
            )
    return report


def gold_archive(root: Path) -> tuple[Path, Path]:
    """The gold file and the documents' archive under a tests/gold folder."""
    return root / "tagging.yaml", root / "documents.tar.xz"


__all__ = ["Count", "Report", "evaluate", "gold_archive", "read_archive", "read_gold"]
