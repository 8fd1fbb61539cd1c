"""The steps that run inside Django, in a child process per database.

    DATABASE_URL=... python -m bench.phase SPEC.json OUT.json

SPEC names the generated corpus, how to load it, the sample to import one by one and the
searches to time; OUT receives the measurements. A child per database keeps each run's
settings (DATABASE_URL is read when Django starts) and memory apart.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from .stats import summary, tail_summary


def main(spec_path: str, out_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    spec = json.loads(Path(spec_path).read_text())
    out: dict = {}
    steps = spec["steps"]

    def save():
        Path(out_path).write_text(json.dumps(out, indent=2, ensure_ascii=False))

    if "import" in steps:
        out["migrate_s"] = _migrate()
        out["load"] = _load(spec)
        save()
        out["refresh"] = _refresh()
        out["sample"] = _sample(spec)
        out["sizes"] = _sizes()
        save()
    out["settle"] = _settle()
    from .queries import facts

    out["facts"] = facts()
    save()
    if "search" in steps:
        out["search"] = _search(spec, out["facts"])
        save()
        out["random"] = _random(spec, out["facts"])
        save()
        out["kept_facets"] = _kept_facets(spec, out["facts"])
        save()
    save()


class TimeLimit:
    """Cancel the database's work after `seconds` (PostgreSQL statement_timeout, SQLite
    progress handler); `hit` tells whether it did."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.hit = False

    def __enter__(self):
        from django.db import connection

        connection.ensure_connection()
        self.deadline = time.monotonic() + self.seconds
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = %s", [int(self.seconds * 1000)])
        else:
            connection.connection.set_progress_handler(self._check, 100_000)
        return self

    def _check(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0

    def __exit__(self, kind, error, traceback):
        from django.db import OperationalError, connection
        from django.db.utils import DatabaseError

        if connection.vendor == "postgresql":
            if error is not None:
                connection.close()  # an aborted statement: start on a fresh connection
            else:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")
        elif connection.connection is not None:
            connection.connection.set_progress_handler(None, 0)
        if isinstance(error, (OperationalError, DatabaseError)) and (
            "timeout" in str(error) or "interrupted" in str(error)
        ):
            self.hit = True
            return True
        return False


def _log(message: str) -> None:
    print(f"    {message}", flush=True)


def _migrate() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return round(time.perf_counter() - started, 2)


def _files(folder: str, count: int) -> list[Path]:
    files = sorted(Path(folder).glob("*.txt"))
    if len(files) < count:
        raise SystemExit(f"{folder} holds {len(files)} documents, {count} expected")
    return files[:count] if count else files


def _load(spec: dict) -> dict:
    from django.db import connection

    files = _files(spec["corpus"], spec["documents"])
    mode = spec["mode"]
    _log(f"importing {len(files)} documents ({mode} path)")
    started = time.perf_counter()
    if mode == "bulk":
        from interviews.bulk import bulk_import

        result = bulk_import(files, jobs=spec.get("jobs"), batch=spec.get("batch", 200))
        counts, turns = result.counts, result.turns
    else:
        from interviews.importing import import_document
        from interviews.people.resolve import Resolver

        resolver = Resolver()
        counts, turns = {}, 0
        for path in files:
            outcome = import_document(path.read_bytes(), path.name, resolver=resolver)
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            if outcome.parsed is not None and outcome.ok:
                turns += len(outcome.parsed.turns)
    seconds = time.perf_counter() - started
    connection.close()
    return {
        "mode": mode,
        "jobs": spec.get("jobs") if mode == "bulk" else 1,
        "documents": len(files),
        "counts": counts,
        "turns": turns,
        "seconds": round(seconds, 2),
        "documents_per_s": round(len(files) / seconds, 1),
        "turns_per_s": round(turns / seconds, 1),
    }


def _refresh() -> dict:
    """After a load: fresh planner statistics (and, with a search index, its upkeep)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
            what = "VACUUM (ANALYZE)"
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
            what = "ANALYZE; PRAGMA optimize"
    return {"what": what, "seconds": round(time.perf_counter() - started, 2)}


def _sizes() -> dict:
    """Bytes on disk for the whole database, the turns (table and search index), per turn."""
    from django.db import connection

    from interviews.models import Turn

    turns = Turn.objects.count()
    out: dict = {"turns": turns}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            out["database_bytes"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT pg_table_size('interviews_turn'), pg_indexes_size('interviews_turn')"
            )
            out["turn_table_bytes"], out["turn_indexes_bytes"] = cursor.fetchone()
            cursor.execute(
                "SELECT coalesce(sum(pg_relation_size(indexrelid)), 0)::bigint FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE i.indrelid = 'interviews_turn'::regclass AND a.amname = 'gin'"
            )
            out["search_index_bytes"] = cursor.fetchone()[0]
        else:
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            out["database_bytes"] = pages * cursor.fetchone()[0]
            try:
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '%search%'"
                )
                out["search_index_bytes"] = cursor.fetchone()[0]
            except Exception:  # dbstat is an optional part of SQLite
                out["search_index_bytes"] = None
    if turns:
        out["database_bytes_per_turn"] = round(out["database_bytes"] / turns, 1)
        if out.get("search_index_bytes"):
            out["search_index_bytes_per_turn"] = round(out["search_index_bytes"] / turns, 1)
    return out


def _settle() -> dict:
    """Write the load's dirty pages out before anything is timed.

    Left alone, PostgreSQL's next checkpoint writes them (650 MB after the 10k load) while
    pages are being measured, and the disk's write-back shows as seconds-long tails.
    """
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            try:
                cursor.execute("CHECKPOINT")
                what = "CHECKPOINT"
            except Exception as error:  # not a superuser: measure as it is
                what = f"no CHECKPOINT ({error.__class__.__name__})"
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            what = "PRAGMA wal_checkpoint(TRUNCATE)"
    return {"what": what, "seconds": round(time.perf_counter() - started, 2)}


def _marker(number: int) -> str:
    letters = ""
    number += 26 * 26
    while number:
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
    return f"zqprobe{letters}"


def _sample(spec: dict) -> dict:
    """Documents imported one by one through import_document into the loaded archive."""
    from interviews.importing import import_document
    from interviews.people.resolve import Resolver

    from .adapter import searchable_probe

    files = _files(spec["sample"], spec["sample_documents"])
    method, probe = searchable_probe()
    resolver = Resolver()
    per_document, turns = [], 0
    searchable = []
    started = time.perf_counter()
    for number, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        probing = number < spec.get("probes", 5)
        if probing:
            word = _marker(number)
            header, _, body = text.partition("\n\n")
            first, colon, rest = body.partition(": ")
            text = f"{header}\n\n{first}{colon}{word} {rest}"
        t0 = time.perf_counter()
        outcome = import_document(text.encode("utf-8"), path.name, resolver=resolver)
        t1 = time.perf_counter()
        per_document.append((t1 - t0) * 1000)
        if outcome.parsed is not None:
            turns += len(outcome.parsed.turns)
        if probing:
            found = False
            deadline = t1 + spec.get("probe_timeout", 60)
            while time.perf_counter() < deadline:
                if probe(word):
                    found = True
                    break
                time.sleep(0.01)
            t2 = time.perf_counter()
            searchable.append(
                {
                    "found": found,
                    "after_import_ms": round((t2 - t0) * 1000, 1),
                    "after_commit_ms": round((t2 - t1) * 1000, 1),
                }
            )
    seconds = time.perf_counter() - started - sum(s["after_commit_ms"] for s in searchable) / 1000
    return {
        "documents": len(files),
        "turns": turns,
        "seconds": round(seconds, 2),
        "documents_per_s": round(len(files) / seconds, 1) if seconds else None,
        "turns_per_s": round(turns / seconds, 1) if seconds else None,
        "per_document": summary(per_document),
        "searchable": {
            "method": method,
            "probes": searchable,
            **summary([s["after_import_ms"] for s in searchable]),
        },
    }


def _search(spec: dict, facts: dict) -> dict:
    from django.db import connection, reset_queries

    from .adapter import UNAVAILABLE, database_search
    from .queries import fill, kinds, naive_search

    run = database_search()
    results = {}
    for kind, params in kinds():
        params = fill(params, facts)
        entry: dict = {"params": params}
        timings, hits = [], None
        warmup = 1 if spec.get("naive_warmup", True) else 0
        naive_rounds = spec["naive_repeats"] + warmup if spec.get("naive", True) else 0
        for attempt in range(naive_rounds):
            t0 = time.perf_counter()
            with TimeLimit(spec.get("naive_timeout_s", 300)) as limit:
                hits = naive_search(params, kind)
            if limit.hit:
                hits = None
                timings.append(spec.get("naive_timeout_s", 300) * 1000)
                break
            if attempt >= warmup:  # the warm-up run fills the cache
                timings.append((time.perf_counter() - t0) * 1000)
        entry["naive"] = {"hits": hits, **summary(timings)}
        if hits is None:
            entry["naive"]["timeout"] = True
        if run is None:
            entry["db"] = {"available": False, "reason": UNAVAILABLE.get("reason", "")}
        else:
            timings = []
            try:
                for attempt in range(spec["repeats"] + 1):
                    t0 = time.perf_counter()
                    db_hits = run(params)
                    if attempt:
                        timings.append((time.perf_counter() - t0) * 1000)
                entry["db"] = {"available": True, "hits": db_hits, **summary(timings)}
            except Exception as error:
                entry["db"] = {"available": False, "reason": f"{type(error).__name__}: {error}"}
        _log(f"{kind}: naive p50 {entry['naive']['p50_ms']} ms, {hits} hits")
        results[kind] = entry
        reset_queries()
    connection.close()
    return results


def _random(spec: dict, facts: dict) -> dict:
    """The seeded random set through the search API, each search once: the tail (p99,
    the slowest search) rather than the typical time."""
    from django.db import connection, reset_queries

    from .adapter import UNAVAILABLE, database_search
    from .queries import random_set

    run = database_search()
    searches = random_set(facts, spec.get("seed", 0), spec.get("random", 0))
    if run is None or not searches:
        return {"available": False, "reason": UNAVAILABLE.get("reason", "no searches")}
    run(searches[0])  # one search first: the caches a server would have warm
    timed = []
    for params in searches:
        t0 = time.perf_counter()
        hits = run(params)
        timed.append(((time.perf_counter() - t0) * 1000, hits, params))
        reset_queries()
    connection.close()
    slowest = max(timed, key=lambda t: t[0])
    return {
        "available": True,
        "seed": spec.get("seed", 0),
        "searches": searches,
        **tail_summary([t[0] for t in timed]),
        "slowest": {"ms": round(slowest[0], 2), "hits": slowest[1], "params": slowest[2]},
    }


# A facet a reader clicks: the filter the search before it lacked.
CLICKED = ("speaker", "source", "date_from")


def _kept_facets(spec: dict, facts: dict) -> dict:
    """The kinds again as a reader reaches them, with the facets kept between searches
    (interviews/search/facet_cache.py): page 2 after page 1, and a search with a filter
    after the same search without it (a click in its facet), each interleaved with the
    same search counted afresh. Everything else in the benchmark counts the facets afresh
    (ARCHIVE_SEARCH_FACET_CACHE=0)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries

    from .adapter import database_search
    from .queries import fill, kinds

    run = database_search()
    if run is None:
        return {"available": False}
    settings.ARCHIVE_SEARCH_FACET_CACHE = True
    results = {}
    try:
        for kind, params in kinds():
            params = fill(params, facts)
            steps = {"next page": (params, {**params, "page": str(int(params.get("page", 1)) + 1)})}
            clicked = next((name for name in CLICKED if name in params), None)
            if clicked:
                before = {
                    k: v
                    for k, v in params.items()
                    if k != clicked and not (clicked == "date_from" and k == "date_to")
                }
                steps["facet click"] = (before, params)
            entry = {}
            for step, (before, timed) in steps.items():
                # Interleaved with the same search counted afresh: a shared machine's speed
                # drifts between steps more than the facets save.
                timings, fresh = [], []
                for _ in range(spec["repeats"]):
                    settings.ARCHIVE_SEARCH_FACET_CACHE = False
                    t0 = time.perf_counter()
                    run(timed)
                    fresh.append((time.perf_counter() - t0) * 1000)
                    settings.ARCHIVE_SEARCH_FACET_CACHE = True
                    cache.clear()
                    run(before)
                    t0 = time.perf_counter()
                    run(timed)
                    timings.append((time.perf_counter() - t0) * 1000)
                    reset_queries()
                entry[step] = {
                    "before": before,
                    "params": timed,
                    **summary(timings),
                    "afresh": summary(fresh),
                }
            results[kind] = entry
            figures = [f"{step} p50 {entry[step]['p50_ms']} ms" for step in steps]
            _log(f"{kind}: facets kept, {', '.join(figures)}")
    finally:
        settings.ARCHIVE_SEARCH_FACET_CACHE = False
        cache.clear()
    connection.close()
    return {"available": True, "kinds": results}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main(sys.argv[1], sys.argv[2])
