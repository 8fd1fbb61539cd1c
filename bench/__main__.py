"""python -m bench --size small|10k|100k|smoke [--db both|postgresql|sqlite] [--corpus DIR]

Builds the corpus, then for each database: a fresh database, the import, the searches
(naive through the ORM, through the search API, through gunicorn) and the page load;
writes bench/results/<size>-<time>.json and .md.
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

from . import corpus, databases, load, machine, mixed, report, shape, throughput
from .config import DATA, DEFAULT_CORPUS, DEFAULT_SEED, PG_SERVER, RESULTS, ROOT, SIZES, WORK
from .generate import Generator, Shape, write_corpus
from .queries import MIX, fill, kinds
from .server import Server, ServerConfig, collectstatic, paired_requests, reachable_cache
from .stats import summary, tail_summary

PAGES = [
    ("home", "/"),
    ("interview list", "/interviews/"),
    ("an interview", "/interviews/{interview}/"),
    ("a speaker", "/speakers/{top_speaker}/"),
    ("a search", "/search/?q=people"),
]


def log(message: str) -> None:
    print(message, flush=True)


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="small", choices=sorted(SIZES))
    parser.add_argument(
        "--db", default="both", help="both (default), postgresql or sqlite", type=str.lower
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("BENCH_CORPUS", DEFAULT_CORPUS)),
        help=f"real documents to build from (default {DEFAULT_CORPUS.relative_to(ROOT.parent)}"
        " next to the repository)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--shape",
        default="skewed",
        choices=["skewed", "even"],
        help="skewed (default): turns over speakers, outlets and years as uneven as in the "
        "real corpus (bench/shape.json); even: the generator of the first figures",
    )
    parser.add_argument(
        "--random", type=int, help="searches in the seeded random set (default: by size)"
    )
    parser.add_argument(
        "--http-pairs",
        type=int,
        help="rounds of the page and the API interleaved per search kind (default: by size)",
    )
    parser.add_argument(
        "--throughput-clients",
        default="1,4,8",
        help="concurrent search clients, one level after another (default 1,4,8)",
    )
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_SERVER))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parser processes")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--clients", type=int, default=16, help="concurrent page-load clients")
    parser.add_argument("--seconds", type=int, help="page-load time per page (default: by size)")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated steps to leave out: search, random, throughput, pages, mixed; "
        "with --reuse, kinds keeps the last run's timed kinds and random set and measures "
        "only what follows them, and naive keeps its naive figures",
    )
    parser.add_argument(
        "--mixed-seconds", type=int, default=60, help="length of the mixed load (default 60)"
    )
    parser.add_argument(
        "--no-install", action="store_true", help="do not apt-get install wrk when missing"
    )
    parser.add_argument(
        "--naive-timeout", type=int, help="seconds before a naive search is cut off (by size)"
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0"),
        help="a Redis server for the long tail with a cache shared by the workers "
        "(ARCHIVE_CACHE_URL); left out when none answers there; '' to leave it out",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the loaded databases of the last run of this size and measure the rest; "
        "the import figures are those that run recorded",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    size = SIZES[args.size]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    WORK.mkdir(parents=True, exist_ok=True)

    targets = databases.targets(args.db, args.size, args.pg_url)
    info = machine.describe()
    if any(t.vendor == databases.POSTGRES for t in targets):
        server = databases.postgres_server(args.pg_url)
        if server is None:
            raise SystemExit(
                f"PostgreSQL is not reachable at {args.pg_url}: start it, pass --pg-url, "
                "or run with --db sqlite"
            )
        info["postgresql"], info["postgresql_settings"] = server
        if left := databases.untuned(info["postgresql_settings"]):
            log(
                f"!! PostgreSQL's {', '.join(left)} are the package defaults: the figures will "
                "not compare with tuned runs (bench/README.md says how to tune)"
            )

    log(f"== corpus: {size.name}, {size.interviews:,} interviews, seed {args.seed}")
    files = corpus.find_documents(args.corpus.resolve())
    chosen = corpus.choose(files, size.pool_documents)
    pool = corpus.load_pool(chosen, jobs=args.jobs, log=log)
    total = size.interviews + size.sample
    skew = Shape.from_measured(shape.load()) if args.shape == "skewed" else None
    generator = Generator(
        pool,
        interviews=total,
        seed=args.seed,
        turns_min=size.turns_min,
        turns_max=size.turns_max,
        shape=skew,
    )
    suffix = "-skewed" if skew else ""
    folder = DATA / f"corpus-{size.name}-{args.seed}{suffix}"
    sample_folder = DATA / f"sample-{size.name}-{args.seed}{suffix}"
    t0 = time.perf_counter()
    made = write_corpus(generator, folder, 0, size.interviews)
    write_corpus(generator, sample_folder, size.interviews, size.sample)
    log(
        f"   {made['documents']:,} documents, {made['turns']:,} turns from {len(pool):,} real "
        f"documents ({made['written']:,} written in {time.perf_counter() - t0:.1f} s)"
    )

    wrk = None
    if "pages" not in skip:
        wrk = load.ensure_wrk(install=not args.no_install)
    config = ServerConfig(workers=args.workers, threads=args.threads)
    results = {
        "size": {
            "name": size.name,
            "interviews": size.interviews,
            "generated_turns": made["turns"],
            "sample_interviews": size.sample,
            "real_documents_in_pool": len(pool),
            "shape": skew.describe() if skew else "even",
        },
        "seed": args.seed,
        "started": stamp,
        "revision": machine.git_revision(ROOT),
        "machine": info,
        "server": config.describe(),
        "load_client": load.describe_client(wrk) if "pages" not in skip else None,
        "databases": {},
    }
    for target in targets:
        log(f"== {target.label}: {target.name}")
        try:
            results["databases"][target.label] = run_target(
                target, args, size, folder, sample_folder, config, wrk, skip
            )
        except (RuntimeError, subprocess.CalledProcessError) as error:
            log(f"   failed: {error}")
            results["databases"][target.label] = {"error": str(error)}
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = machine.describe()["load_average_at_start"]
    # A smoke run only shows that every step works: its figures are not kept.
    folder = WORK / "results" if size.name == "smoke" else RESULTS
    json_path, md_path = report.write(results, folder)
    log(f"== results: {md_path.relative_to(ROOT)} and {json_path.name}")
    print(md_path.read_text())
    failed = [label for label, db in results["databases"].items() if "error" in db]
    # A page that answered errors is a failure of the archive, whatever the timing.
    for label, db in results["databases"].items():
        for name, page in (db.get("pages") or {}).items():
            if page.get("errors"):
                log(f"   {label}: {page['errors']} errors on {name}")
                failed.append(label)
        for level in db.get("throughput") or []:
            if level.get("errors"):
                log(f"   {label}: {level['errors']} errors at {level['clients']} search clients")
                failed.append(label)
        if ((db.get("random") or {}).get("http") or {}).get("errors"):
            log(f"   {label}: {db['random']['http']['errors']} errors in the random set")
            failed.append(label)
        if (db.get("mixed") or {}).get("all", {}).get("errors"):
            log(f"   {label}: {db['mixed']['all']['errors']} errors in the mixed load")
            failed.append(label)
    return 1 if failed else 0


def run_target(target, args, size, folder, sample_folder, config, wrk, skip) -> dict:
    out_path = WORK / f"out-{target.vendor}-{size.name}.json"
    previous = {}
    if args.reuse:
        if not out_path.exists():
            raise RuntimeError(f"--reuse: no earlier import recorded in {out_path}")
        previous = json.loads(out_path.read_text())
        out_path.with_suffix(".before-reuse.json").write_text(out_path.read_text())
    else:
        databases.reset(target, args.pg_url)
    spec = {
        "steps": ([] if args.reuse else ["import"])
        + ([] if "search" in skip or (args.reuse and "kinds" in skip) else ["search"]),
        "corpus": str(folder),
        "documents": size.interviews,
        "mode": "bulk" if size.bulk else "real",
        "jobs": args.jobs,
        "sample": str(sample_folder),
        "sample_documents": size.sample,
        "probes": 5,
        "repeats": size.search_repeats,
        "naive_repeats": size.naive_repeats,
        "naive_warmup": size.naive_warmup,
        "naive_timeout_s": args.naive_timeout or size.naive_timeout_s,
        "seed": args.seed,
        "random": 0 if "random" in skip else (args.random or size.random_searches),
        # The naive scans take most of a run at 100k and do not change with the search.
        "naive": not (args.reuse and "naive" in skip),
    }
    spec_path = WORK / f"spec-{target.vendor}-{size.name}.json"
    spec_path.write_text(json.dumps(spec))
    out_path.unlink(missing_ok=True)
    # Searches are timed computed afresh; the step that measures kept facets turns them on.
    env = dict(
        os.environ,
        DATABASE_URL=target.url,
        DJANGO_SETTINGS_MODULE="archive.settings",
        ARCHIVE_SEARCH_FACET_CACHE="0",
    )
    subprocess.run(
        [sys.executable, "-m", "bench.phase", str(spec_path), str(out_path)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = json.loads(out_path.read_text())
    kept = ("migrate_s", "load", "refresh", "sample")
    if "kinds" in skip:
        kept += ("sizes", "search", "random")
    for key in kept:
        if key in previous:
            out[key] = previous[key]
    if previous and "naive" in skip:
        for kind, entry in (out.get("search") or {}).items():
            before = ((previous.get("search") or {}).get(kind) or {}).get("naive")
            if before:
                entry["naive"] = {**before, "kept_from_earlier_run": True}
    if previous:
        out["reused_database"] = True
        out_path.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    load_result = out["load"]
    log(
        f"   import: {load_result['documents']:,} documents, {load_result['turns']:,} turns in "
        f"{load_result['seconds']} s = {load_result['turns_per_s']:,.0f} turns/s "
        f"({load_result['mode']} path); one by one at size: {out['sample']['turns_per_s']} turns/s"
    )
    if "search" in skip and "pages" in skip and "mixed" in skip:
        return out
    collectstatic(target.url)
    if "mixed" not in skip:
        create_bench_editor(target.url)
    with Server(config, target.url) as server:
        if "search" not in skip and not (args.reuse and "kinds" in skip):
            log("   search through gunicorn")
            for kind, params in kinds():
                entry = out["search"][kind]
                query = _querystring(fill(params, out["facts"]))
                # The page and the API interleaved, each computed anew: the page cache
                # would otherwise answer all but the first (bench/throughput.py measures
                # what the cache brings).
                answers = paired_requests(
                    server,
                    {"http": "/search/?" + query, "api": "/api/v1/search/?" + query},
                    args.http_pairs or size.http_pairs,
                )
                for via, (status, timings) in answers.items():
                    if status != 200:
                        entry[via] = {"available": False, "status": status}
                    else:
                        entry[via] = {"available": True, "interleaved": True, **summary(timings)}
            if (out.get("random") or {}).get("available"):
                out["random"]["http"] = random_http(server, out["random"]["searches"])
        if "throughput" not in skip and "search" not in skip:
            out["throughput"] = search_throughput(server, out, args, size)
        if "pages" not in skip:
            out["pages"] = pages(server, out["facts"], args, size, wrk)
        if "mixed" not in skip:
            out["mixed"] = mixed_load(server, out["facts"], args, sample_folder)
    return out


def random_http(server: Server, searches: list[dict]) -> dict:
    """The random set through gunicorn, each search once after one unrecorded search."""
    log(f"   random set through gunicorn: {len(searches)} searches")
    paths = ["/search/?" + _querystring(params) for params in searches]
    client = mixed.Client(server.config.host, server.port)
    client.request("GET", paths[0])  # one search first: a warm worker, as the DB side has
    timed, failed = [], 0
    try:
        for path, params in zip(paths, searches, strict=True):
            t0 = time.perf_counter()
            status, _, _ = client.request("GET", path)
            if status != 200:
                failed += 1
                continue
            timed.append(((time.perf_counter() - t0) * 1000, params))
    finally:
        client.close()
    out = {**tail_summary([t for t, _ in timed]), "errors": failed}
    if timed:
        slowest = max(timed, key=lambda t: t[0])
        out["slowest"] = {"ms": round(slowest[0], 2), "params": slowest[1]}
    log(f"   random HTTP: p50 {out['p50_ms']} ms, p99 {out['p99_ms']} ms, max {out['max_ms']} ms")
    return out


def search_throughput(server: Server, out: dict, args, size) -> list[dict]:
    """Searches per second at each level of concurrent clients (bench/throughput.py)."""
    paths = ["/search/?" + _querystring(fill(params, out["facts"])) for _, params in kinds()]
    paths += ["/search/?" + _querystring(p) for p in (out.get("random") or {}).get("searches", [])]
    seconds = args.seconds or max(2, size.load_seconds // 2)
    levels = []
    clients_levels = [int(n) for n in args.throughput_clients.split(",") if n.strip()]

    def measure(on: Server, traffic: str, label: str) -> None:
        for clients in clients_levels:
            windows = [label]
            if traffic == throughput.LONG_TAIL:
                # Each level starts with nothing cached, as just after an import (the
                # earlier steps would otherwise have filled the cache), and is measured
                # twice: the first window, and the next one with what the first cached.
                new_revision(server.database_url)
                windows = [f"{label}, cold", f"{label}, warm"]
            for window in windows:
                result = throughput.run(on.config.host, on.port, paths, clients, seconds, traffic)
                result["traffic"] = window
                levels.append(result)
                log(
                    f"   search throughput, {window}, {clients} clients: "
                    f"{result['requests_per_s']} req/s, p50 {result['p50_ms']} ms, "
                    f"p95 {result['p95_ms']} ms, {result['errors']} errors"
                )

    measure(server, throughput.FRESH, throughput.FRESH)
    measure(server, throughput.LONG_TAIL, throughput.LONG_TAIL)
    cache_url = reachable_cache(args.cache_url)
    if not cache_url:
        log(f"   no Redis at {args.cache_url!r}: the shared-cache long tail is left out")
        return levels
    # The same long tail with one cache for the four workers, as deployed with Redis: a
    # search is then computed once, not once per worker.
    shared = ServerConfig(
        workers=server.config.workers, threads=server.config.threads, cache_url=cache_url
    )
    with Server(shared, server.database_url) as other:
        measure(other, throughput.LONG_TAIL, throughput.LONG_TAIL_SHARED)
    return levels


def new_revision(database_url: str) -> None:
    """Bump the archive's revision, as an import does: every cached page is then stale."""
    from .server import server_env

    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from interviews import revision; revision.changed()",
        ],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
        capture_output=True,
    )


def create_bench_editor(database_url: str) -> None:
    from .server import server_env

    subprocess.run(
        [sys.executable, "manage.py", "create_editor", mixed.EDITOR, "--reset-password"],
        cwd=ROOT,
        env=dict(server_env(database_url), ARCHIVE_EDITOR_PASSWORD=mixed.EDITOR_PASSWORD),
        check=True,
        capture_output=True,
    )


def mixed_load(server: Server, facts: dict, args, sample_folder: Path) -> dict:
    """Readers, searchers and an editor importing at once (bench/mixed.py)."""
    seconds = args.mixed_seconds
    log(f"   mixed load: {seconds} s, 6 readers, 3 searchers, 1 editor importing")
    documents = sorted(Path(sample_folder).glob("*.txt"))
    result = mixed.run(
        server.config.host,
        server.port,
        seconds=seconds,
        readers=6,
        searchers=3,
        documents=documents,
        mix=[fill(params, facts) for _, params in MIX],
    )
    for kind in ("reader", "searcher", "editor", "all"):
        r = result[kind]
        log(
            f"   mixed {kind}: {r['requests']:,} requests, {r['errors']} errors, "
            f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms"
        )
    log(f"   mixed: {result['documents_imported']} documents imported by the editor")
    for failure in result["failures"][:5]:
        log(f"   mixed failure: {failure}")
    return result


def _querystring(params: dict) -> str:
    from urllib.parse import urlencode

    pairs = []
    for key, value in params.items():
        values = value.split(",") if key == "speaker" else [value]
        pairs.extend((key, v) for v in values)
    return urlencode(pairs)


def pages(server: Server, facts: dict, args, size, wrk) -> dict:
    seconds = args.seconds or size.load_seconds
    out = {}
    targets = [(name, path.format(**facts)) for name, path in PAGES]
    targets.append(("static file", server.static_path()))
    for name, path in targets:
        status, _ = server.get(path)
        if status != 200:
            out[name] = {"available": False, "path": path, "reason": f"HTTP {status}"}
            log(f"   {name} {path}: HTTP {status}, left out")
            continue
        # A second of the same load first, unrecorded: every worker has its templates,
        # connection and caches ready when the timing starts.
        load.run_load(server.base + path, 1, args.clients, wrk)
        result = load.run_load(server.base + path, seconds, args.clients, wrk)
        out[name] = {"path": path, "clients": args.clients, "seconds": seconds, **result}
        log(
            f"   {name}: {result['requests_per_s']:,.0f} req/s, p50 {result['p50_ms']} ms, "
            f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, {result['errors']} errors"
        )
    return out


if __name__ == "__main__":
    sys.exit(main())
