"""Results as JSON and as Markdown tables, under bench/results/."""

from __future__ import annotations

import json
from pathlib import Path

from .config import RESULTS
from .databases import untuned
from .queries import TWENTY_X


def write(results: dict, folder: Path = RESULTS) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "")[:15]
    base = folder / f"{results['size']['name']}-{stamp}"
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown(results))
    for path, suffix in ((json_path, ".json"), (md_path, ".md")):
        latest = folder / f"latest-{results['size']['name']}{suffix}"
        latest.write_text(path.read_text())
    return json_path, md_path


# The requirement: the API's p95 no worse than the page's, within noise.
API_P95_MARGIN = 1.05


def _api_share(http: dict, api: dict) -> str:
    if not (http.get("p95_ms") and api.get("p95_ms")):
        return "–"
    return f"{api['p95_ms'] / http['p95_ms']:.2f}"


def api_against_page(search: dict) -> str:
    """The summary line: on how many kinds the API's search is no slower than the page's."""
    pairs = [
        (kind, entry["http"], entry["api"])
        for kind, entry in search.items()
        if (entry.get("http") or {}).get("p95_ms") and (entry.get("api") or {}).get("p95_ms")
    ]
    if not pairs:
        return "API against the page: not measured."
    p95 = [k for k, h, a in pairs if a["p95_ms"] <= h["p95_ms"] * API_P95_MARGIN]
    p50 = [k for k, h, a in pairs if a["p50_ms"] <= h["p50_ms"]]
    worse = [
        f"{k} ({a['p95_ms'] / h['p95_ms']:.3f})"
        for k, h, a in pairs
        if a["p95_ms"] > h["p95_ms"] * API_P95_MARGIN
    ]
    rounds = min(min(h.get("n", 0), a.get("n", 0)) for _, h, a in pairs)
    line = (
        f"API p95 ≤ page p95 × {API_P95_MARGIN} on **{len(p95)} of {len(pairs)}** kinds; "
        f"API p50 ≤ page p50 on {len(p50)} of {len(pairs)} ({rounds}+ interleaved rounds "
        "each)."
    )
    return line + (f" Above the margin: {', '.join(worse)}." if worse else "")


def _f(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _postgres_settings(settings: dict | None) -> list[str]:
    if not settings:
        return []
    line = "PostgreSQL settings: " + ", ".join(f"{k} {v}" for k, v in settings.items()) + "."
    if left := untuned(settings):
        line += f" **{', '.join(left)} at the package defaults: not comparable with tuned runs.**"
    return [line, ""]


def markdown(results: dict) -> str:
    size, machine = results["size"], results["machine"]
    lines = [
        f"# Benchmark: {size['name']} ({_f(size['interviews'])} interviews)",
        "",
        f"Run {results['started']} at revision {results['revision']}, seed {results['seed']}, "
        f"took {_f(results.get('seconds'), 0)} s.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; "
        f"{machine['os']}; Python {machine['python']}; PostgreSQL "
        f"{machine.get('postgresql') or 'not used'}; SQLite {machine['sqlite']}. "
        f"Load average at start {machine.get('load_average_at_start')}, at end "
        f"{machine.get('load_average_at_end')} (the machine is shared with other work: compare "
        "ratios rather than absolute times).",
        "",
        f"Server: {_server(results.get('server', {}))}. Load client: {results.get('load_client')}.",
        "",
        *_postgres_settings(machine.get("postgresql_settings")),
        f"Shape of the generated archive: {_shape(size.get('shape', 'even'))}.",
        "",
    ]
    dbs = results["databases"]
    lines += ["## Import", ""]
    lines += [
        "| database | path | documents | turns | seconds | documents/s | turns/s | "
        "refresh after load | one by one at size: turns/s | per document p50 / p95 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, db in dbs.items():
        load, sample = db.get("load"), db.get("sample")
        if not load:
            lines.append(f"| {label} | {db.get('error', 'not run')} |||||||||")
            continue
        per = sample["per_document"] if sample else {}
        lines.append(
            f"| {label} | {load['mode']} (jobs {load['jobs']}) | {_f(load['documents'])} | "
            f"{_f(load['turns'])} | {_f(load['seconds'])} | {_f(load['documents_per_s'])} | "
            f"{_f(load['turns_per_s'], 0)} | {_f(db['refresh']['seconds'])} s | "
            f"{_f(sample and sample['turns_per_s'], 0)} | "
            f"{_f(per.get('p50_ms'))} / {_f(per.get('p95_ms'))} ms |"
        )
    lines += ["", "Time until a newly imported interview is found:", ""]
    for label, db in dbs.items():
        s = (db.get("sample") or {}).get("searchable")
        if s:
            lines.append(
                f"- {label}: p50 {_f(s['p50_ms'])} ms, max {_f(s['max_ms'])} ms from the start "
                f"of its import ({s['n']} probes; {s['method']})"
            )
    lines += ["", "## Search", ""]
    lines += [
        "Milliseconds, p50 / p95. *HTTP*: the full request through gunicorn, one client, "
        "each computed anew (not from the page cache). *API*: the same search as JSON from "
        "`/api/v1/search/`, interleaved with the page's (same `fresh=N`, the one that goes "
        "first alternating; `n` rounds each). *API/HTTP*: API p95 / HTTP p95. "
        "*DB*: the search API without HTTP. *Naive*: `icontains` on turn text through the "
        "ORM (count, one page, facets where asked). *Ratio*: naive p50 / HTTP p50.",
        "",
    ]
    for label, db in dbs.items():
        search = db.get("search")
        if not search:
            continue
        facts = db.get("facts", {})
        lines += [
            f"### {label}: {_f(facts.get('interviews'))} interviews, {_f(facts.get('turns'))} "
            f"turns, {_f(facts.get('speakers'))} speakers",
            "",
            "| kind | query | naive hits | HTTP | API | API/HTTP | DB | naive | ratio |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for kind, entry in search.items():
            http, dbt, naive = entry.get("http", {}), entry.get("db", {}), entry["naive"]
            ratio = None
            if http.get("p50_ms") and naive.get("p50_ms"):
                ratio = naive["p50_ms"] / http["p50_ms"]
            mark = " (≥20x wanted)" if kind in TWENTY_X else ""
            lines.append(
                f"| {kind}{mark} | `{_query(entry['params'])}` | {_f(naive.get('hits'))} | "
                f"{_pair(http)} | {_pair(entry.get('api') or {})} | "
                f"{_api_share(http, entry.get('api') or {})} | {_pair(dbt)} | "
                f"{_pair(naive)} | "
                f"{_f(ratio) + 'x' if ratio else '–'} |"
            )
        lines += ["", api_against_page(search), ""]
    lines += _random(dbs)
    lines += _kept_facets(dbs)
    lines += _throughput(dbs)
    lines += ["## Pages", ""]
    lines += [
        "Concurrent clients for a fixed time through gunicorn; the static file is served by "
        "whitenoise from the same server.",
        "",
        "| database | page | clients | seconds | requests/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, db in dbs.items():
        for name, page in (db.get("pages") or {}).items():
            if not page.get("available", True):
                lines.append(
                    f"| {label} | {name} | | | unavailable: {page.get('reason')} | | | | |"
                )
                continue
            lines.append(
                f"| {label} | {name} (`{page['path']}`) | {page['clients']} | {page['seconds']} | "
                f"{_f(page['requests_per_s'])} | {_f(page['p50_ms'])} | {_f(page['p95_ms'])} | "
                f"{_f(page['p99_ms'])} | {_f(page['errors'])} |"
            )
    lines.append("")
    lines += _sizes(dbs)
    lines += _mixed(dbs)
    return "\n".join(lines)


def _shape(shape) -> str:
    if not isinstance(shape, dict):
        return "even (people with a mild skew, outlets and dates uniform)"
    return (
        f"skewed as the real corpus (bench/shape.json): people by rank with Zipf exponent "
        f"{shape['people_zipf_exponent']}, outlets {shape['source_zipf_exponent']}, "
        f"{shape['reporter_share_of_questions']:.0%} of questions put by an unnamed Reporter, "
        f"years {shape['years'][0]}–{shape['years'][1]} weighted by the real turns per year"
    )


def _random(dbs: dict) -> list[str]:
    rows = [(label, db["random"]) for label, db in dbs.items() if (db.get("random") or {})]
    rows = [(label, r) for label, r in rows if r.get("available")]
    if not rows:
        return []
    lines = ["## Random searches", ""]
    lines += [
        f"{rows[0][1]['n']} searches drawn from seed {rows[0][1]['seed']} (bench/queries.py "
        "`random_set`): words of one language, plain, phrase, OR or exclusion, with speakers "
        "and outlets from both ends of the ranking, ranges of years, a language and a sort at "
        "random. Each is timed once; milliseconds.",
        "",
        "| database | via | p50 | p95 | p99 | max | slowest search |",
        "|---|---|--:|--:|--:|--:|---|",
    ]
    for label, r in rows:
        for via, entry in (("DB", r), ("HTTP", r.get("http") or {})):
            if not entry.get("n"):
                continue
            slowest = entry.get("slowest") or {}
            lines.append(
                f"| {label} | {via} | {_f(entry['p50_ms'])} | {_f(entry['p95_ms'])} | "
                f"{_f(entry['p99_ms'])} | {_f(entry['max_ms'])} | "
                f"`{_query(slowest.get('params') or {})}` |"
            )
    lines.append("")
    return lines


def _kept_facets(dbs: dict) -> list[str]:
    rows = [(label, db["kept_facets"]) for label, db in dbs.items() if db.get("kept_facets")]
    rows = [(label, kept["kinds"]) for label, kept in rows if kept.get("available")]
    if not rows:
        return []
    lines = ["## Facets kept between searches", ""]
    lines += [
        "Every other figure counts each search's facets afresh. Readers page through a "
        "search and click its facets; the facets of a search are kept by the words and the "
        "filters they count (interviews/search/facet_cache.py). Here each kind is timed "
        "through the search API right after the search a reader comes from, with nothing "
        "else cached: its page 1 before *next page*, and the same search without its "
        "speaker, outlet or years before *facet click*; each time interleaved with the same "
        "search counted afresh (in brackets). Milliseconds, p50 / p95.",
        "",
        "| database | kind | next page (afresh) | facet click (afresh; filter clicked) |",
        "|---|---|--:|--:|",
    ]
    for label, kinds in rows:
        for kind, entry in kinds.items():
            click = entry.get("facet click")
            clicked = ""
            if click:
                clicked = ", ".join(sorted(set(click["params"]) - set(click["before"])))
            page = entry["next page"]
            lines.append(
                f"| {label} | {kind} | {_pair(page)} ({_pair(page.get('afresh') or {})}) | "
                + (
                    f"{_pair(click)} ({_pair(click.get('afresh') or {})}; {clicked}) |"
                    if click
                    else "– |"
                )
            )
    lines.append("")
    return lines


def _throughput(dbs: dict) -> list[str]:
    rows = [(label, db["throughput"]) for label, db in dbs.items() if db.get("throughput")]
    if not rows:
        return []
    lines = ["## Search throughput", ""]
    lines += [
        "N concurrent clients through gunicorn, each on its own keep-alive connection "
        "(bench/throughput.py): *fresh*, the timed kinds and the random set in turn, each "
        "search computed anew; *long tail*, searches drawn from the same list with Zipf "
        "weights, as readers repeat a few, answered from the page cache once computed "
        "(each of the workers' own cache); *long tail, shared cache*, the same on a server "
        "whose workers share one cache in Redis (`ARCHIVE_CACHE_URL`). Each long-tail level "
        "runs *cold* (nothing cached: the archive's revision was just bumped, as by an "
        "import) and then *warm* (the next window, with what the cold one cached).",
        "",
        "| database | traffic | clients | seconds | requests | requests/s | p50 ms | p95 ms | "
        "p99 ms | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, levels in rows:
        for r in levels:
            lines.append(
                f"| {label} | {r.get('traffic', 'fresh')} | {r['clients']} | "
                f"{_f(r['seconds'])} | {_f(r['requests'])} | "
                f"{_f(r['requests_per_s'])} | {_f(r['p50_ms'])} | {_f(r['p95_ms'])} | "
                f"{_f(r['p99_ms'])} | {_f(r['errors'])} |"
            )
    lines.append("")
    return lines


def _sizes(dbs: dict) -> list[str]:
    rows = [(label, db["sizes"]) for label, db in dbs.items() if db.get("sizes")]
    if not rows:
        return []
    lines = ["## Size on disk", ""]
    lines += [
        "| database | turns | database MB | bytes per turn | search index MB | "
        "index bytes per turn |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for label, z in rows:
        index = z.get("search_index_bytes")
        lines.append(
            f"| {label} | {z['turns']:,} | {_f(z['database_bytes'] / 1e6)} | "
            f"{_f(z.get('database_bytes_per_turn'))} | "
            f"{_f(index / 1e6) if index else '–'} | {_f(z.get('search_index_bytes_per_turn'))} |"
        )
    lines.append("")
    return lines


def _mixed(dbs: dict) -> list[str]:
    rows = [(label, db["mixed"]) for label, db in dbs.items() if db.get("mixed")]
    if not rows:
        return []
    lines = ["## Mixed load", ""]
    lines += [
        "Readers browsing, searchers and one editor importing through the browser's forms, "
        "at once, through gunicorn (bench/mixed.py).",
        "",
        "| database | clients | seconds | documents imported | who | requests | requests/s | "
        "errors | p50 ms | p99 ms |",
        "|---|---|--:|--:|---|--:|--:|--:|--:|--:|",
    ]
    for label, m in rows:
        clients = ", ".join(f"{n} {k}" for k, n in m["clients"].items())
        for kind in ("reader", "searcher", "editor", "all"):
            r = m[kind]
            lines.append(
                f"| {label} | {clients} | {m['seconds']} | {m['documents_imported']} | {kind} | "
                f"{r['requests']:,} | {_f(r['requests_per_s'])} | {r['errors']} | "
                f"{_f(r['p50_ms'])} | {_f(r['p99_ms'])} |"
            )
    lines.append("")
    return lines


def _pair(entry: dict) -> str:
    if not entry:
        return "–"
    if entry.get("available") is False:
        return "n/a"
    return f"{_f(entry.get('p50_ms'))} / {_f(entry.get('p95_ms'))}"


def _query(params: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()).replace("|", "\\|")


def _server(server: dict) -> str:
    if not server:
        return "not run"
    return (
        f"gunicorn, {server['workers']} workers x {server['threads']} threads "
        f"({server['worker_class']}); {server['settings']}"
    )
