"""Parse time per document over a folder of real documents: `python -m bench.parse_speed DIR...`.

Each document is parsed `--repeat` times and its best time kept (the least disturbed by
the other processes on the machine). The figures are written as JSON (`--out`) so that
two revisions can be compared document by document with `--compare OLD.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from pathlib import Path


def _documents(folders: list[str]) -> list[Path]:
    paths: list[Path] = []
    for folder in folders:
        root = Path(folder)
        paths.extend(sorted(p for p in root.rglob("*") if p.is_file()))
    return paths


def measure(paths: list[Path], repeat: int) -> dict[str, float]:
    from interviews.parsing import ParseError, parse_document

    times: dict[str, float] = {}
    for path in paths:
        data = path.read_bytes()
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            with contextlib.suppress(ParseError):  # a refusal takes time too
                parse_document(data, path.name)
            best = min(best, time.perf_counter() - start)
        times[str(path)] = best
    return times


def summary(times: dict[str, float]) -> dict[str, float]:
    values = sorted(times.values())
    return {
        "documents": len(values),
        "total_s": sum(values),
        "median_ms": 1000 * statistics.median(values),
        "p95_ms": 1000 * values[int(0.95 * (len(values) - 1))],
        "max_ms": 1000 * values[-1],
    }


def compare(old: dict[str, float], new: dict[str, float]) -> dict[str, float]:
    common = [k for k in new if k in old and old[k] > 0]
    ratios = sorted(new[k] / old[k] for k in common)
    return {
        "documents": len(common),
        "total_ratio": sum(new[k] for k in common) / sum(old[k] for k in common),
        "median_ratio": statistics.median(ratios),
        "p95_ratio": ratios[int(0.95 * (len(ratios) - 1))],
        "slower_than_10pct": sum(1 for r in ratios if r > 1.10),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="write per-document times (seconds) as JSON here")
    parser.add_argument("--compare", help="per-document times of an earlier run (JSON)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    django.setup()
    paths = _documents(args.folders)
    # Warm up imports and caches (dateparser, language model) outside the timings.
    measure(paths[:20], 1)
    times = measure(paths, args.repeat)
    report = {"summary": summary(times)}
    if args.compare:
        report["compared"] = compare(json.loads(Path(args.compare).read_text()), times)
    if args.out:
        Path(args.out).write_text(json.dumps(times, indent=0))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
