"""The shape of the real archive: how unevenly its turns fall over speakers, outlets, parts
and years, measured on the real bench corpus and kept in bench/shape.json.

    python -m bench.shape [--corpus DIR] [--jobs N]    # measure again and rewrite the file

A real archive is skewed: in the bench corpus one press secretary speaks 24,610 of 195,000
turns and unnamed reporters ask 75,000, while most people speak a handful of times. Ranked
by turns, each of these follows a power law closely enough (count ∝ rank^-s) that one
exponent per dimension, fitted by least squares on log count against log rank, carries the
shape to a generated archive of any size (bench/generate.py). The file keeps the fitted
exponents beside the figures they come from, so that a reader can judge the fit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .config import BENCH, DEFAULT_CORPUS, ROOT

SHAPE_FILE = BENCH / "shape.json"
FIT_RANKS = 100  # the head and body of the curve; the long tail of ones is flat noise
REPORTER = "Reporter"  # the parser's name for every unnamed questioner (Q:, PREGUNTA:)


def zipf_exponent(counts: list[int], ranks: int = FIT_RANKS) -> float:
    """s of count ∝ rank^-s, fitted on the `ranks` largest counts."""
    ordered = sorted((c for c in counts if c > 0), reverse=True)[:ranks]
    if len(ordered) < 2:
        return 0.0
    xs = [math.log(rank) for rank in range(1, len(ordered) + 1)]
    ys = [math.log(count) for count in ordered]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return round(-slope, 3)


def zipf_weights(count: int, exponent: float) -> list[float]:
    """Relative weights of ranks 1..count under count ∝ rank^-exponent."""
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def load(path: Path = SHAPE_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _document(path: str) -> dict | None:
    sys.path.insert(0, str(ROOT))
    from interviews.parsing import ParseError, parse_document

    try:
        parsed = parse_document(Path(path).read_bytes(), Path(path).name)
    except ParseError:
        return None
    parts = {speaker.name: speaker.part for speaker in parsed.speakers}
    voices = {speaker.name for speaker in parsed.speakers if speaker.kind != "person"}
    return {
        "source": parsed.source or "",
        "year": parsed.date.year if parsed.date else None,
        "language": parsed.language or "",
        "speakers": Counter(turn.speaker for turn in parsed.turns),
        "voices": sorted(voices),
        "parts": Counter(parts.get(turn.speaker, "other") for turn in parsed.turns),
    }


def _dimension(counter: Counter, top: int = 10) -> dict:
    total = sum(counter.values())
    ranked = counter.most_common()
    return {
        "values": len(counter),
        "turns": total,
        "zipf_exponent": zipf_exponent(list(counter.values())),
        "top": [[str(key), count, round(count / total, 4)] for key, count in ranked[:top]],
    }


def measure(files: list[Path], jobs: int | None = None) -> dict:
    with ProcessPoolExecutor(jobs or os.cpu_count() or 1) as executor:
        documents = [d for d in executor.map(_document, map(str, files), chunksize=8) if d]
    speakers, people, sources, years, parts, languages = (Counter() for _ in range(6))
    for document in documents:
        turns = sum(document["speakers"].values())
        speakers.update(document["speakers"])
        voices = set(document["voices"])
        people.update({k: v for k, v in document["speakers"].items() if k not in voices})
        sources[document["source"] or "(none)"] += turns
        if document["year"]:
            years[document["year"]] += turns
        parts.update(document["parts"])
        languages[document["language"]] += turns
    total = sum(speakers.values())
    reporter = speakers.get(REPORTER, 0)
    interviewer = parts.get("interviewer", 0)
    return {
        "measured_on": f"{len(documents):,} documents, {total:,} turns of the bench corpus",
        "turns": total,
        "speakers": _dimension(speakers),
        "people": _dimension(people),  # without collective voices (Reporter, Moderator...)
        "reporter_share": round(reporter / total, 4),
        "reporter_share_of_interviewer_turns": round(min(1.0, reporter / interviewer), 4)
        if interviewer
        else 0.0,
        "sources": _dimension(sources),
        "years": {**_dimension(years, top=30), "span": [min(years), max(years)]},
        "parts": {part: round(count / total, 4) for part, count in sorted(parts.items())},
        "languages": {code: round(count / total, 4) for code, count in sorted(languages.items())},
    }


def main(argv=None) -> int:
    from . import corpus

    parser = argparse.ArgumentParser(prog="python -m bench.shape", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    files = corpus.find_documents(args.corpus.resolve())
    shape = measure(files, args.jobs)
    SHAPE_FILE.write_text(json.dumps(shape, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(shape, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
