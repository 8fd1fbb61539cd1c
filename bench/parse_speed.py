"""Parse time per document over folders of real documents: `python -m bench.parse_speed DIR...`.

Each document is parsed `--repeat` times and its best time kept (the least disturbed by
the other processes on the machine), with the parser's caches emptied before every
parse, as for a document seen for the first time. With `--baseline DIR` (a folder
holding `interviews/parsing` of another revision, e.g. from `git archive REV
interviews/parsing | tar -x -C DIR`), both parsers are loaded in this one process and
timed turn about on each document, so that the machine's load falls on both alike.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _documents(folders: list[str]) -> list[Path]:
    paths: list[Path] = []
    for folder in folders:
        paths.extend(sorted(p for p in Path(folder).rglob("*") if p.is_file()))
    return paths


def load_parsing(root: Path, name: str):
    """The `interviews/parsing` package under `root`, imported as `name`."""
    folder = root / "interviews" / "parsing"
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _clear_caches(prefix: str) -> None:
    for name, module in list(sys.modules.items()):
        if name == prefix or name.startswith(prefix + "."):
            for value in vars(module).values():
                # Bounded caches remember lines and dates; the language model (an
                # unbounded cache, loaded once per process) stays.
                if (
                    isinstance(value, functools._lru_cache_wrapper)
                    and value.cache_info().maxsize is not None
                ):
                    value.cache_clear()


def _time(parser, prefix: str, data: bytes, name: str) -> float:
    _clear_caches(prefix)
    start = time.perf_counter()
    with contextlib.suppress(parser.ParseError):  # a refusal takes time too
        parser.parse_document(data, name)
    return time.perf_counter() - start


def measure(paths, parsers, repeat: int) -> dict[str, dict[str, float]]:
    """{parser name: {document: best seconds}}, the parsers taking turns on each document."""
    times: dict[str, dict[str, float]] = {name: {} for name in parsers}
    gc.disable()
    try:
        for path in paths:
            data = path.read_bytes()
            for _ in range(repeat):
                for name, parser in parsers.items():
                    took = _time(parser, name, data, path.name)
                    best = times[name].get(str(path), float("inf"))
                    times[name][str(path)] = min(best, took)
            gc.collect()
    finally:
        gc.enable()
    return times


def summary(times: dict[str, float]) -> dict[str, float]:
    values = sorted(times.values())
    return {
        "documents": len(values),
        "total_s": round(sum(values), 2),
        "median_ms": round(1000 * statistics.median(values), 2),
        "p95_ms": round(1000 * values[int(0.95 * (len(values) - 1))], 2),
        "max_ms": round(1000 * values[-1], 2),
    }


def compare(old: dict[str, float], new: dict[str, float]) -> dict[str, float]:
    common = [k for k in new if k in old and old[k] > 0]
    ratios = sorted(new[k] / old[k] for k in common)
    return {
        "documents": len(common),
        "total_ratio": round(sum(new[k] for k in common) / sum(old[k] for k in common), 3),
        "median_ratio": round(statistics.median(ratios), 3),
        "p90_ratio": round(ratios[int(0.90 * (len(ratios) - 1))], 3),
        "p95_ratio": round(ratios[int(0.95 * (len(ratios) - 1))], 3),
        "documents_over_1.10": sum(1 for r in ratios if r > 1.10),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help="a folder holding interviews/parsing to compare with")
    parser.add_argument("--out", help="write the per-document times (seconds) as JSON here")
    args = parser.parse_args(argv)
    parsers = {"current": load_parsing(ROOT, "current")}
    if args.baseline:
        parsers = {"baseline": load_parsing(Path(args.baseline), "baseline"), **parsers}
    paths = _documents(args.folders)
    measure(paths[:20], parsers, 1)  # imports and language models, outside the timings
    times = measure(paths, parsers, args.repeat)
    report = {name: summary(values) for name, values in times.items()}
    if args.baseline:
        report["current / baseline"] = compare(times["baseline"], times["current"])
    if args.out:
        Path(args.out).write_text(json.dumps(times))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
