"""python -m bench.identity [--db sqlite|postgresql|both] [--corpus DIR] [--sample N]

Speaker identity on the real benchmark corpus, as a new user meets it: a fresh archive
(sources and the people registry loaded, as `make run` does), `bulk_import` of every
document, then the figures of `speakers_report`, the 100 most quoted people, and a seeded
random sample of turns to read against their documents. The 100 most quoted are compared
with the checked list in bench/identity/top100.tsv; a name that begins with a title, a
one-word name or an unresolved speaker among them fails the run.

Results go to bench/results/identity-<db>-<time>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import corpus, databases
from .config import BENCH, DEFAULT_CORPUS, PG_SERVER, RESULTS, ROOT, WORK

CHECKED = BENCH / "identity" / "top100.tsv"
SAMPLE_SEED = 20261202


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.identity", description=__doc__)
    parser.add_argument("--db", default="both", type=str.lower)
    parser.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("BENCH_CORPUS", DEFAULT_CORPUS))
    )
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_SERVER))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=200, help="random turns to read")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        spec = json.loads(Path(args.phase).read_text())
        print("PHASE " + json.dumps(_phase(spec)), flush=True)
        return 0
    files = corpus.find_documents(args.corpus)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    failed = False
    for target in databases.targets(args.db, "identity", args.pg_url):
        print(f"== {target.label}: {len(files)} documents", flush=True)
        databases.reset(target, args.pg_url)
        spec = {
            "files": [str(f) for f in files],
            "jobs": args.jobs,
            "sample": args.sample,
        }
        result = _run(target.url, spec)
        result["database"] = target.label
        result["documents"] = len(files)
        result["corpus"] = str(args.corpus)
        problems = _problems(result)
        result["problems"] = problems
        result["against_checked"] = _against_checked(result["top"])
        name = f"identity-{target.vendor}-{stamp}"
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
        (RESULTS / f"{name}.md").write_text(_markdown(result))
        print(_summary(result), flush=True)
        print(f"   results: bench/results/{name}.md", flush=True)
        failed |= bool(problems)
    return 1 if failed else 0


def _run(url: str, spec: dict) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "archive.settings"}
    WORK.mkdir(parents=True, exist_ok=True)
    spec_file = WORK / "identity-spec.json"
    spec_file.write_text(json.dumps(spec))
    command = [sys.executable, "-m", "bench.identity", "--phase", str(spec_file)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"the identity run failed (exit {done.returncode})")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("PHASE "))
    return json.loads(line[len("PHASE ") :])


def _phase(spec: dict) -> dict:
    """Inside the subprocess, with DATABASE_URL set: load, import, report."""
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from interviews.bulk import bulk_import
    from interviews.consistency import check_archive
    from interviews.models import Interview, Participant, Speaker, Turn
    from interviews.people.report import build_report

    call_command("migrate", verbosity=0)
    call_command("load_sources", str(ROOT / "fixtures" / "sources.json"), stdout=io.StringIO())
    call_command("load_people", str(ROOT / "fixtures" / "people.json"), stdout=io.StringIO())
    timers = _time_resolution()
    started = time.perf_counter()
    result = bulk_import([Path(f) for f in spec["files"]], jobs=spec["jobs"])
    seconds = time.perf_counter() - started
    report = build_report()
    suspects = {s.speaker.pk: s.reasons for s in report.suspects}
    top = []
    for speaker in (
        Speaker.objects.people().filter(turn_count__gt=0).order_by("-turn_count", "name_key")[:100]
    ):
        top.append(
            {
                "name": speaker.name,
                "turns": speaker.turn_count,
                "interviews": speaker.interview_count,
                "person": speaker.person_id or None,
                "unresolved": speaker.unresolved,
                "suspect": suspects.get(speaker.pk, []),
            }
        )
    clusters = [
        {"reasons": c.reasons, "speakers": [[s.name, s.turn_count] for s in c.speakers]}
        for c in report.clusters
    ]
    resolved_by = {}
    for how in Participant.objects.values_list("resolved_by", flat=True):
        resolved_by[how or ""] = resolved_by.get(how or "", 0) + 1
    return {
        "vendor": connection.vendor,
        "import": {
            "seconds": round(seconds, 1),
            "turns": result.turns,
            "turns_per_second": round(result.turns / seconds) if seconds else 0,
            "counts": result.counts,
            "interviews": Interview.objects.count(),
            # Wall time spent resolving speakers (inside the import's own process).
            "resolution_seconds": {name: round(t, 2) for name, t in timers.items()},
            # What bulk_import's own check_archive mended, and a check of every stored
            # count and copy afterwards (both empty when nothing drifted).
            "drift_mended": result.drift,
            "drift_after": [str(d) for d in check_archive()],
        },
        "figures": report.figures(),
        "resolved_by": resolved_by,
        "top": top,
        "clusters": clusters[:60],
        "sample": _sample(Turn, spec["sample"]),
    }


def _time_resolution() -> dict[str, float]:
    """Add up the time bulk_import spends in each part of speaker resolution."""
    import functools

    from interviews import bulk
    from interviews.models import SpeakerQuerySet
    from interviews.people.resolve import Resolver
    from interviews.people.roles import LatestRoles

    spent: dict[str, float] = {}

    def timed(owner, name, label):
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, wrapper)

    timed(Resolver, "resolve", "resolve")
    timed(Resolver, "speaker", "write speakers")
    timed(Resolver, "write_kept", "write speakers")
    timed(SpeakerQuerySet, "refresh_roles", "current roles")
    timed(LatestRoles, "add", "current roles")
    timed(bulk, "reconcile_new_people", "reconcile")
    timed(bulk, "merge_near_spellings", "spellings")
    timed(bulk, "check_archive", "check_archive")
    return spent


def _sample(Turn, size: int) -> list[dict]:
    """A seeded random sample of turns with what a reader needs to check the attribution."""
    import random

    from interviews.models import Participant

    ids = sorted(Turn.objects.values_list("id", flat=True))
    chosen = sorted(random.Random(SAMPLE_SEED).sample(ids, min(size, len(ids))))
    rows = []
    turns = Turn.objects.filter(id__in=chosen).select_related("speaker", "interview")
    how = {
        (p.interview_id, p.speaker_id): (p.resolved_by, p.printed_name)
        for p in Participant.objects.filter(interview__turns__id__in=chosen)
    }
    for turn in turns.order_by("id"):
        resolved_by, printed = how.get((turn.interview_id, turn.speaker_id), ("", ""))
        rows.append(
            {
                "file": turn.interview.file_name,
                "position": turn.position,
                "label": turn.label,
                "speaker": turn.speaker.name,
                "printed": printed,
                "resolved_by": resolved_by,
                "date": turn.interview.date.isoformat() if turn.interview.date else "",
                "title": turn.interview.title[:120],
                "text": " ".join(turn.text.split())[:160],
            }
        )
    return rows


def _problems(result: dict) -> list[str]:
    problems = []
    for rank, row in enumerate(result["top"], 1):
        if row["suspect"]:
            problems.append(f"#{rank} {row['name']}: {', '.join(row['suspect'])}")
    return problems


def _against_checked(top: list[dict]) -> dict:
    """The 100 most quoted now, against the list checked by reading (names, then turns)."""
    if not CHECKED.exists():
        return {"checked": False}
    checked = {}
    for line in CHECKED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, turns = line.partition("\t")
            checked[name] = int(turns or 0)
    now = {row["name"]: row["turns"] for row in top}
    return {
        "checked": True,
        "new_names": sorted(set(now) - set(checked)),
        "gone_names": sorted(set(checked) - set(now)),
        "changed_turns": {
            n: [checked[n], now[n]] for n in sorted(now) if n in checked and checked[n] != now[n]
        },
    }


def _summary(result: dict) -> str:
    imp, fig = result["import"], result["figures"]
    lines = [
        f"   bulk_import: {imp['turns']:,} turns in {imp['seconds']} s ({imp['turns_per_second']:,} turns/s)",
        f"   of which resolving speakers: {imp['resolution_seconds']}",
        f"   check_archive: {len(imp['drift_mended'])} kinds of drift mended by the import, "
        f"{len(imp['drift_after'])} afterwards",
        "   " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in fig.items()),
        f"   resolved by: {result['resolved_by']}",
    ]
    against = result["against_checked"]
    if against.get("checked"):
        lines.append(
            f"   against the checked top 100: {len(against['new_names'])} new, "
            f"{len(against['gone_names'])} gone, {len(against['changed_turns'])} with other counts"
        )
    for problem in result["problems"]:
        lines.append(f"   PROBLEM {problem}")
    return "\n".join(lines)


def _markdown(result: dict) -> str:
    imp = result["import"]
    out = [
        f"# Speaker identity on the benchmark corpus ({result['database']})",
        "",
        f"{result['documents']:,} documents from `{result['corpus']}`; a fresh archive with "
        "`fixtures/sources.json` and `fixtures/people.json`, then `bulk_import`.",
        "",
        f"- bulk_import: {imp['turns']:,} turns, {imp['interviews']:,} interviews, "
        f"{imp['seconds']} s ({imp['turns_per_second']:,} turns/s); in the import's process, "
        + ", ".join(f"{k} {v} s" for k, v in imp["resolution_seconds"].items()),
        "- check_archive: drift mended by the import "
        + ("; ".join(imp.get("drift_mended") or []) or "none")
        + ", afterwards "
        + ("; ".join(imp.get("drift_after") or []) or "none"),
    ]
    out += [f"- {k.replace('_', ' ')}: {v:,}" for k, v in result["figures"].items()]
    out += [
        f"- participations resolved by {k or '(none)'}: {v:,}"
        for k, v in sorted(result["resolved_by"].items())
    ]
    out += [
        "",
        "## The 100 most quoted people",
        "",
        "| # | name | turns | interviews | registry |",
        "|--:|---|--:|--:|---|",
    ]
    for rank, row in enumerate(result["top"], 1):
        flag = f" ⚠ {', '.join(row['suspect'])}" if row["suspect"] else ""
        out.append(
            f"| {rank} | {row['name']}{flag} | {row['turns']:,} | {row['interviews']:,} | {row['person'] or ''} |"
        )
    out += ["", "## Possible duplicates (first 60 clusters)", ""]
    for cluster in result["clusters"]:
        names = "; ".join(f"{n} ({t})" for n, t in cluster["speakers"])
        out.append(f"- {names} — {', '.join(cluster['reasons'])}")
    out += ["", f"## {len(result['sample'])} random turns (seed {SAMPLE_SEED})", ""]
    out += ["| file | label | speaker | resolved by | text |", "|---|---|---|---|---|"]
    for row in result["sample"]:
        text = row["text"].replace("|", "/")[:90]
        out.append(
            f"| {row['file'][:60]} | {row['label']} | {row['speaker']} | {row['resolved_by']} | {text} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
