"""Judged relevance of the search page, per database: nDCG@10 and the share of real answers.

    python -m bench.relevance run --db both --label after     # rank the 40 queries, keep the runs
    python -m bench.relevance pool --label before --label after  # unjudged turns, to read
    python -m bench.relevance report --label before --label after

`run` searches each query of `queries.tsv` as the search page does (its query string goes
through the page's own validation) on each database and writes the top 20 turns to
`runs/<label>-<vendor>.tsv`; a turn is named by its interview's slug and its permalink
key, which the same import gives on both databases. `pool` prints the pooled top 20 of the
runs that no judgment covers yet, with the whole text to read; judgments go into
`judgments.tsv` (see GUIDE.md). `report` computes, per run, nDCG@10 against the judgments
(an unjudged turn counts as useless and is reported), the share of the top 10 that are
substantive (answers of 20 words or more), over one-word queries the share of the top 10
that has 20 words or more and the share that is a question, and the search time (the median
and slowest of the runs).

The databases are `--sqlite-url` and `--postgres-url` (or BENCH_SQLITE_URL and
BENCH_POSTGRES_URL), holding the bench corpus imported with `manage.py bulk_import`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
QUERIES = HERE / "queries.tsv"
JUDGMENTS = HERE / "judgments.tsv"
RUNS = HERE / "runs"
DEPTH = 20  # turns kept per query and pooled for judging
CUTOFF = 10  # nDCG@10
SUBSTANTIVE_WORDS = 20
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def queries() -> list[tuple[str, str, str]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, querystring, kind = line.split("\t")
            rows.append((qid, querystring, kind))
    return rows


def judgments() -> dict[tuple[str, str], int]:
    graded = {}
    if JUDGMENTS.exists():
        for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                qid, ref, grade = line.split("\t")[:3]
                graded[(qid, ref)] = int(grade)
    return graded


def urls(args) -> dict[str, str]:
    chosen = {}
    if args.db in ("both", "sqlite"):
        chosen["sqlite"] = args.sqlite_url
    if args.db in ("both", "postgresql", "postgres", "pg"):
        chosen["postgresql"] = args.postgres_url
    if not chosen:
        raise SystemExit(f"unknown --db {args.db!r}: use both, postgresql or sqlite")
    return chosen


# --- run: one process per database, as Django reads DATABASE_URL once --------------------


def run(args) -> None:
    RUNS.mkdir(exist_ok=True)
    for vendor, url in urls(args).items():
        out = RUNS / f"{args.label[0]}-{vendor}.tsv"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "archive.settings"}
        subprocess.run(
            [sys.executable, "-m", "bench.relevance", "_search", str(out)],
            check=True,
            env=env,
            cwd=args.code or ROOT,
        )
        print(f"{VENDORS[vendor]}: {out.relative_to(ROOT)}")


def _search(out: str) -> None:
    """Inside one database's process: search every query, write the run."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict

    from interviews.filters import search_params
    from interviews.search import search

    lines = ["# query\trank\tturn\tkind\twords\tms"]
    for qid, querystring, _ in queries():
        data = QueryDict(querystring)
        search(
            search_params(data), facets=True
        )  # warm the caches and the page cache of the database
        started = time.perf_counter()
        page = search(search_params(data), facets=True)
        elapsed = (time.perf_counter() - started) * 1000
        for rank, hit in enumerate(page.hits, 1):
            turn = hit.turn
            words = len(turn.text.split())
            ref = f"{turn.interview.slug}#{turn.key}"
            lines.append(f"{qid}\t{rank}\t{ref}\t{turn.kind}\t{words}\t{elapsed:.0f}")
        if not page.hits:
            lines.append(f"{qid}\t0\t-\t-\t0\t{elapsed:.0f}")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"  {connection.vendor}: {len(queries())} queries", file=sys.stderr)


def read_run(path: Path) -> dict[str, list[dict]]:
    ranked: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        qid, _rank, ref, kind, words, ms = line.split("\t")
        ranked.setdefault(qid, [])
        if ref != "-":
            ranked[qid].append({"ref": ref, "kind": kind, "words": int(words), "ms": float(ms)})
        else:
            ranked[qid].append({"ref": None, "ms": float(ms)})
    for qid in ranked:
        ranked[qid] = [hit for hit in ranked[qid] if hit.get("ref")] or [
            {"ref": None, "ms": ranked[qid][0]["ms"]}
        ]
    return ranked


def run_files(labels) -> list[tuple[str, str, Path]]:
    found = []
    for label in labels:
        for vendor in VENDORS:
            path = RUNS / f"{label}-{vendor}.tsv"
            if path.exists():
                found.append((label, vendor, path))
    return found


# --- pool: what is left to read --------------------------------------------------------


def pool(args) -> None:
    graded = judgments()
    wanted: dict[str, list[str]] = {}
    for _, _, path in run_files(args.label):
        for qid, hits in read_run(path).items():
            for hit in hits[: args.depth]:
                ref = hit.get("ref")
                if ref and (qid, ref) not in graded and ref not in wanted.setdefault(qid, []):
                    wanted[qid].append(ref)
    todo = [{"query": qid, "ref": ref} for qid, refs in wanted.items() for ref in refs]
    out = Path(args.out)
    env = {
        **os.environ,
        "DATABASE_URL": args.sqlite_url,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    Path(f"{out}.todo.json").write_text(json.dumps(todo), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "bench.relevance", "_texts", f"{out}.todo.json", str(out)],
        check=True,
        env=env,
        cwd=ROOT,
    )
    print(f"{len(todo)} turns to judge: {out}")


def args_chars() -> int:
    return int(os.environ.get("RELEVANCE_CHARS", "1800"))


def _texts(todo: str, out: str) -> None:
    """Inside a database's process: the turns to read, with their question."""
    import django

    django.setup()
    from interviews.models import QUESTION, Turn

    by_query = dict((qid, querystring) for qid, querystring, _ in queries())
    lines = []
    for item in json.loads(Path(todo).read_text(encoding="utf-8")):
        slug, key = item["ref"].split("#")
        turn = Turn.objects.select_related("speaker").get(interview__slug=slug, key=key)
        asked = ""
        if turn.kind != QUESTION:
            before = (
                Turn.objects.filter(
                    interview_id=turn.interview_id, position__lt=turn.position, kind=QUESTION
                )
                .order_by("-position")
                .first()
            )
            if before and before.position >= turn.position - 6:
                asked = " ".join(before.text.split())[:200]
        text = " ".join(turn.text.split())
        if len(text) > args_chars():
            text = text[: args_chars()] + " [...]"
        lines.append(
            f"## {item['query']}\t{item['ref']}\t{by_query[item['query']]}\n"
            f"   {turn.kind}, {len(turn.text.split())} words, {turn.speaker.name}"
            + (f"\n   asked: {asked}" if asked else "")
            + f"\n   {text}\n"
        )
    Path(out).write_text("\n".join(lines), encoding="utf-8")


# --- report ------------------------------------------------------------------------------


def ndcg(grades: list[int], ideal: list[int], cutoff: int = CUTOFF) -> float:
    def dcg(values):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:cutoff]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(grades) / best if best else 0.0


def report(args) -> None:
    graded = judgments()
    kinds = {qid: kind for qid, _, kind in queries()}
    ideal: dict[str, list[int]] = {}
    for (qid, _), grade in graded.items():
        ideal.setdefault(qid, []).append(grade)
    print(
        f"{'run':<22} {'nDCG@10':>8} {'substantive':>12} {'20+ words*':>11} {'questions*':>11} "
        f"{'unjudged':>9} {'p50 ms':>7} {'max ms':>7}"
    )
    results = {}
    for label, vendor, path in run_files(args.label):
        ranked = read_run(path)
        scores, substantive, shown, questions, one_word, unjudged, times = [], 0, 0, 0, 0, 0, []
        long_enough = 0  # of the one-word queries' top 10: any turn of 20 words or more
        for qid in kinds:
            hits = [hit for hit in ranked.get(qid, []) if hit.get("ref")]
            times.append(ranked[qid][0]["ms"] if ranked.get(qid) else 0.0)
            top = hits[:CUTOFF]
            grades = []
            for hit in top:
                grade = graded.get((qid, hit["ref"]))
                if grade is None:
                    unjudged += 1
                grades.append(grade or 0)
                shown += 1
                substantive += hit["kind"] == "answer" and hit["words"] >= SUBSTANTIVE_WORDS
                if kinds[qid] == "one word":
                    one_word += 1
                    questions += hit["kind"] == "question"
                    long_enough += hit["words"] >= SUBSTANTIVE_WORDS
            scores.append(ndcg(grades, ideal.get(qid, [])))
        name = f"{label} {VENDORS[vendor]}"
        results[(label, vendor)] = statistics.mean(scores)
        print(
            f"{name:<22} {statistics.mean(scores):>8.3f} {substantive / max(shown, 1):>11.0%} "
            f"{long_enough / max(one_word, 1):>11.0%} {questions / max(one_word, 1):>10.0%} "
            f"{unjudged:>9} "
            f"{statistics.median(times):>7.0f} {max(times):>7.0f}"
        )
    for label in args.label:
        if (label, "sqlite") in results and (label, "postgresql") in results:
            gap = abs(results[(label, "sqlite")] - results[(label, "postgresql")])
            print(f"{label}: the two databases within {gap:.3f} nDCG@10")
    print(
        f"({len(kinds)} queries, {len(graded)} judgments; substantive: answers of "
        f"{SUBSTANTIVE_WORDS}+ words in the top {CUTOFF}; *: share of the top {CUTOFF} of "
        f"one-word queries that has {SUBSTANTIVE_WORDS} words or more (any part), that is a "
        "question)"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("command", choices=["run", "pool", "report", "_search", "_texts"])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--db", default="both")
    parser.add_argument("--label", action="append", help="run label (repeatable)")
    parser.add_argument(
        "--sqlite-url",
        default=os.environ.get(
            "BENCH_SQLITE_URL", f"sqlite:///{ROOT / 'bench/work/relevance.sqlite3'}"
        ),
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_relevance"
        ),
    )
    parser.add_argument("--depth", type=int, default=DEPTH, help="turns pooled per run")
    parser.add_argument("--code", help="run the searches with the code of this checkout")
    parser.add_argument("--out", default=str(ROOT / "bench/work/relevance-pool.txt"))
    args = parser.parse_args(argv)
    if args.command == "_search":
        return _search(*args.paths)
    if args.command == "_texts":
        return _texts(*args.paths)
    args.label = args.label or ["after"]
    {"run": run, "pool": pool, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
