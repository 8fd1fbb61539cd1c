"""The benchmark's generator and the bulk path; no timings are asserted."""

import contextlib
from collections import Counter

import pytest

from bench import shape
from bench.corpus import _pool_entry
from bench.generate import REPORTER, Generator, Shape, write_corpus
from bench.queries import MIX, fill, kinds, naive_search, random_set, tokens
from bench.report import markdown
from bench.stats import percentile, tail_summary

from .conftest import corpus_file

# A few real transcripts: unnamed officials (03), Spanish (16), an interview (19), a podcast.
REAL = ["03_", "10_", "16_", "19_", "22_"]


def real_files():
    return [corpus_file(prefix) for prefix in REAL]


@pytest.fixture(scope="module")
def pool():
    entries = [_pool_entry(str(path)) for path in real_files()]
    return [entry for entry in entries if entry and entry["turns"]]


def test_generator_is_deterministic(pool):
    first = Generator(pool, interviews=50, seed=7)
    again = Generator(pool, interviews=50, seed=7)
    other = Generator(pool, interviews=50, seed=8)
    assert [first.document(i).text for i in range(10)] == [
        again.document(i).text for i in reversed(range(10))
    ][::-1]
    assert first.document(3).text != other.document(3).text
    assert len({first.document(i).name for i in range(50)}) == 50


def test_generated_documents_recombine_real_turns(pool):
    generator = Generator(pool, interviews=20, seed=1, turns_min=5, turns_max=9)
    real = {text.split("\n\n")[0].strip() for entry in pool for _, text in entry["turns"]}
    document = generator.document(0)
    header, _, body = document.text.partition("\n\n")
    assert header.startswith("Title: ") and "\nDate: " in header and "\nLanguage: " in header
    assert 5 <= document.turns <= 9
    first_turn = body.split("\n\n")[0]
    speaker, _, text = first_turn.partition(": ")
    assert text in real
    assert speaker in generator.people[document.language] + generator.journalists[document.language]


def test_a_fitted_exponent_is_that_of_the_power_law():
    assert shape.zipf_exponent([round(100_000 / r**1.5) for r in range(1, 101)]) == (
        pytest.approx(1.5, abs=0.01)
    )
    assert shape.zipf_exponent([50] * 20) == 0
    assert shape.zipf_exponent([7]) == 0


def test_the_kept_shape_is_that_of_the_real_corpus():
    measured = shape.load()
    assert measured["turns"] > 190_000
    top_person = measured["people"]["top"][0]
    assert top_person[0] == "Karine Jean-Pierre" and top_person[1] > 24_000
    assert measured["speakers"]["top"][0][0] == "Reporter"
    assert 1 < measured["people"]["zipf_exponent"] < 2


def _guests(generator, count):
    """Interviews per interviewee, and the share of questions Reporter puts."""
    guests, questions, by_reporter = Counter(), 0, 0
    for index in range(count):
        document = generator.document(index)
        body = document.text.partition("\n\n")[2]
        people = set(generator.people[document.language])
        askers = {REPORTER, *generator.journalists[document.language]}
        speakers = [t.partition(": ")[0] for t in body.split("\n\n")]
        guests.update({s for s in speakers if s in people})
        questions += sum(1 for s in speakers if s in askers)
        by_reporter += speakers.count(REPORTER)
    return guests, by_reporter / questions


def test_the_skewed_generator_is_as_uneven_as_the_real_corpus(pool):
    skew = Shape.from_measured(shape.load())
    skewed = Generator(pool, interviews=400, seed=5, shape=skew)
    again = Generator(pool, interviews=400, seed=5, shape=skew)
    assert skewed.document(7).text == again.document(7).text
    guests, reporter = _guests(skewed, 400)
    counts = sorted(guests.values(), reverse=True)
    assert counts[0] >= 8 * counts[len(counts) // 2]  # a few speak a lot, most rarely
    assert reporter > 0.8
    even_guests, even_reporter = _guests(Generator(pool, interviews=400, seed=5), 400)
    assert even_reporter == 0
    even = sorted(even_guests.values(), reverse=True)
    assert counts[0] / counts[len(counts) // 2] > even[0] / even[len(even) // 2]
    years = Counter(int(skewed.document(i).text.split("Date: ")[1][:4]) for i in range(400))
    assert sum(n for y, n in years.items() if y >= 2021) > sum(
        n for y, n in years.items() if y < 2021
    )


def test_the_even_generator_is_unchanged_by_the_shape_option(pool):
    document = Generator(pool, interviews=50, seed=7).document(0)
    assert REPORTER + ":" not in document.text


def test_the_random_set_is_seeded():
    facts = {
        "years": [2001, 2020],
        "speakers_by_language": {"en": ["a", "b"], "es": ["c"]},
        "sources_by_language": {"en": ["x"], "es": ["y"]},
    }
    first = random_set(facts, 1, 40)
    assert first == random_set(facts, 1, 40) and first != random_set(facts, 2, 40)
    assert {p.get("speaker") for p in first} >= {"a", "b", "c"}
    assert any(" OR " in p["q"] for p in first) and any(" -" in p["q"] for p in first)
    assert tail_summary([1.0] * 99 + [100.0])["p99_ms"] == pytest.approx(1.99)


def test_query_syntax_for_the_naive_way():
    assert tokens('"the american people"') == [("and", "the american people")]
    assert tokens("inflation OR unemployment") == [("and", "inflation"), ("or", "unemployment")]
    assert tokens("economy -china") == [("and", "economy"), ("not", "china")]


def test_percentile():
    assert percentile([], 50) is None
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([1, 2], 95) == pytest.approx(1.95)


VOLATILE = {"created_at", "updated_at", "imported_at"}


def _rows():
    """Every row the import writes, field by field, with ids replaced by their rank in
    their table (the two imports run one after the other, so raw ids differ)."""
    from django.db import models

    from interviews import models as archive

    tables = [
        archive.Source,
        archive.Speaker,
        archive.Topic,
        archive.Entity,
        archive.Interview,
        archive.Interview.topics.through,
        archive.InterviewEntity,
        archive.Participant,
        archive.Turn,
        archive.TurnTopic,
        archive.TurnEntity,
        archive.RetiredTurn,
        archive.SlugRedirect,
        archive.ImportRecord,
    ]
    raw = {table: list(table.objects.order_by("pk").values()) for table in tables}
    rank = {table: {row["id"]: i for i, row in enumerate(rows)} for table, rows in raw.items()}
    snapshot = {}
    for table, rows in raw.items():
        links = {
            f.attname: f.related_model
            for f in table._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
        }
        snapshot[table.__name__] = [
            {
                key: rank.get(links[key], {}).get(value, value) if key in links else value
                for key, value in row.items()
                if key not in VOLATILE and key != "id"
            }
            for row in rows
        ]
    return snapshot


def _empty_archive():
    from interviews.models import Entity, ImportRecord, Interview, Source, Speaker, Topic
    from interviews.subjects.load import load_gazetteer, load_vocabulary

    Interview.objects.all().delete()
    ImportRecord.objects.all().delete()
    Speaker.objects.all().delete()
    Source.objects.all().delete()
    Topic.objects.all().delete()
    Entity.objects.all().delete()
    # Both imports find the same vocabulary, so that topic and place ids rank alike.
    load_vocabulary()
    load_gazetteer()


@pytest.mark.django_db
def test_bulk_path_writes_what_import_document_writes(pool, tmp_path):
    from django.utils.text import slugify

    from interviews.bulk import bulk_import
    from interviews.importing import import_document
    from interviews.models import Interview
    from interviews.people.resolve import Resolver

    generated = tmp_path / "generated"
    write_corpus(Generator(pool, interviews=12, seed=3), generated, 0, 12)
    # Real transcripts (unnamed officials, republished copies) and generated ones, with a
    # duplicate so that a run is cut by a document import_document must handle.
    files = real_files() + sorted(generated.glob("*.txt"))
    files.insert(5, files[-1])
    # A corrected version of a new document in the same batch: it updates the interview
    # the batch has just written, counts and all.
    first = len(real_files()) + 1
    first += (4 - first % 4) % 4  # a batch of 4 starts here
    original = files[first]
    header, body = original.read_text().split("\n\n", 1)
    corrected = tmp_path / "corrected.txt"
    # Only the first answer is kept: the others who spoke leave this interview.
    corrected.write_text(f"{header}\n\n{body.split(chr(10) + chr(10), 1)[0]}\n")
    files.insert(first + 1, corrected)
    # Briefings of one title on other days, and a title that slugifies alike on one of
    # those days: new interviews whose slugs take the date, then a number.
    for number, (date, bang) in enumerate(
        [("2030-01-02", ""), ("2030-01-03", ""), ("2030-01-02", "!"), ("2030-01-02", "!!")]
    ):
        again = tmp_path / f"again-{number}.txt"
        header, body = files[-3].read_text().split("\n\n", 1)
        header = "\n".join(
            f"Date: {date}"
            if line.startswith("Date:")
            else f"{line}{bang}"
            if line.startswith("Title:")
            else f"{line}/again-{number}"
            if line.startswith("URL:")
            else line
            for line in header.splitlines()
        )
        again.write_text(f"{header}\n\n{body}")
        files.insert(first + 3 + number, again)

    _empty_archive()
    base = slugify(files[-3].read_text().split("\n", 1)[0].removeprefix("Title: "))
    resolver = Resolver()
    for path in files:
        import_document(path.read_bytes(), path.name, resolver=resolver)
    one_by_one = _rows()
    assert one_by_one["TurnTopic"] and one_by_one["TurnEntity"]
    _empty_archive()

    result = bulk_import(files, jobs=1, batch=4)
    assert result.counts == {"created": len(files) - 2, "unchanged": 1, "updated": 1}
    slugs = set(Interview.objects.values_list("slug", flat=True))
    assert {base, f"{base}-2030-01-02", f"{base}-2030-01-03", f"{base}-2"} <= slugs
    assert _rows() == one_by_one


@pytest.mark.django_db
def test_tiny_benchmark_corpus_imports_and_every_search_runs(pool, tmp_path):
    from bench.queries import facts
    from interviews.bulk import bulk_import
    from interviews.models import Interview, Speaker, Turn

    skew = Shape.from_measured(shape.load())
    made = write_corpus(Generator(pool, interviews=6, seed=11, shape=skew), tmp_path, 0, 6)
    result = bulk_import(sorted(tmp_path.glob("*.txt")), jobs=1)
    assert sum(result.counts.values()) == 6
    assert Interview.objects.count() == 6
    assert Turn.objects.count() >= made["turns"] - 3
    known = facts()
    assert known["interviews"] == 6 and known["top_speaker"]
    assert Speaker.objects.filter(slug="reporter").exists()  # the unnamed questioner
    assert known["top_person"] and known["rare_source"] and known["busy_from"] < known["busy_to"]
    assert len(kinds()) > len(MIX)
    for kind, params in kinds():
        assert naive_search(fill(params, known), kind) >= 0
    assert random_set(known, 3, 5) == random_set(known, 3, 5)


def test_markdown_report_renders_a_partial_run():
    results = {
        "size": {"name": "smoke", "interviews": 2},
        "seed": 1,
        "started": "2025-01-01T00:00:00Z",
        "revision": "abc",
        "seconds": 1.0,
        "machine": {
            "cpu": "x",
            "cores": 2,
            "memory_gib": 1,
            "os": "y",
            "python": "3.11",
            "sqlite": "3.40",
        },
        "databases": {"SQLite": {"error": "stopped"}},
    }
    text = markdown(results)
    assert "# Benchmark: smoke" in text and "stopped" in text
    assert "PostgreSQL settings" not in text


def test_the_report_says_when_postgresql_runs_at_its_package_defaults():
    from bench.databases import untuned

    results = {
        "size": {"name": "smoke", "interviews": 2},
        **{"seed": 1, "started": "2025-01-01T00:00:00Z", "revision": "abc", "seconds": 1.0},
        "machine": {
            **{"cpu": "x", "cores": 2, "memory_gib": 1, "os": "y", "python": "3.11"},
            "sqlite": "3.40",
            "postgresql": "15.20",
            "postgresql_settings": {"shared_buffers": "128MB", "work_mem": "16MB", "jit": "on"},
        },
        "databases": {},
    }
    text = markdown(results)
    assert "shared_buffers 128MB, work_mem 16MB, jit on" in text
    assert "shared_buffers at the package defaults" in text
    tuned = {"shared_buffers": "4GB", "work_mem": "16MB", "random_page_cost": "1.1"}
    assert untuned(tuned) == []
    results["machine"]["postgresql_settings"] = tuned
    assert "package defaults" not in markdown(results)


def test_searches_are_timed_with_their_facets_counted_afresh_but_in_the_kept_step():
    from bench.server import server_env

    assert server_env("sqlite:///x.sqlite3")["ARCHIVE_SEARCH_FACET_CACHE"] == "0"
    step = {"p50_ms": 12.0, "p95_ms": 14.0}
    results = {
        "size": {"name": "smoke", "interviews": 2},
        **{"seed": 1, "started": "2025-01-01T00:00:00Z", "revision": "abc", "seconds": 1.0},
        "machine": {
            **{"cpu": "x", "cores": 2, "memory_gib": 1, "os": "y", "python": "3.11"},
            "sqlite": "3.40",
        },
        "databases": {
            "SQLite": {
                "kept_facets": {
                    "available": True,
                    "kinds": {
                        "speaker filter": {
                            "next page": {**step, "afresh": {"p50_ms": 40.0, "p95_ms": 45.0}},
                            "facet click": {
                                **step,
                                "before": {"q": "people"},
                                "params": {"q": "people", "speaker": "x"},
                                "afresh": {"p50_ms": 41.0, "p95_ms": 46.0},
                            },
                        }
                    },
                }
            }
        },
    }
    text = markdown(results)
    assert "## Facets kept between searches" in text
    row = "| SQLite | speaker filter | 12.0 / 14.0 (40.0 / 45.0) | 12.0 / 14.0 (41.0 / 46.0; speaker) |"
    assert row in text


@contextlib.contextmanager
def recording_server():
    """A local HTTP server that answers 200 to every GET: its address and the paths asked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address, asked
    finally:
        server.shutdown()


def test_throughput_traffic_is_fresh_or_a_seeded_long_tail():
    from bench import throughput

    paths = [f"/search/?q=w{n}" for n in range(20)]
    with recording_server() as ((host, port), asked):
        fresh = throughput.run(host, port, paths, 2, 0.3, throughput.FRESH)
        computed = list(asked)
        asked.clear()
        tail = throughput.run(host, port, paths, 2, 0.3, throughput.LONG_TAIL)
    assert fresh["traffic"] == "fresh" and fresh["errors"] == 0 and fresh["requests"] > 0
    assert len(set(computed)) == len(computed)  # every search is a page of its own
    assert tail["traffic"] == "long tail" and tail["errors"] == 0
    counts = Counter(asked)
    assert set(counts) <= set(paths)
    assert counts[paths[0]] > counts.get(paths[-1], 0)  # the head of the tail, most often


def test_the_page_and_the_api_are_timed_interleaved_with_the_same_fresh_parameter():
    from bench.server import Server, ServerConfig, paired_requests

    with recording_server() as ((host, port), asked):
        server = Server(ServerConfig(host=host), "", port=port)
        paths = {"http": "/search/?q=w", "api": "/api/v1/search/?q=w"}
        answers = paired_requests(server, paths, repeats=4, warmup=2)
    assert {name: (status, len(t)) for name, (status, t) in answers.items()} == {
        "http": (200, 4),
        "api": (200, 4),
    }
    assert asked[:4] == [
        "/search/?q=w&fresh=0",
        "/api/v1/search/?q=w&fresh=0",
        "/api/v1/search/?q=w&fresh=1",
        "/search/?q=w&fresh=1",
    ]
    assert len(asked) == 12 and asked[-1] == "/search/?q=w&fresh=5"


def test_the_report_says_where_the_api_is_slower_than_the_page():
    from bench.report import api_against_page

    def entry(page, api):
        return {"http": {"n": 40, **page}, "api": {"n": 40, **api}}

    search = {
        "rare word": entry({"p50_ms": 10, "p95_ms": 20}, {"p50_ms": 9, "p95_ms": 21}),
        "phrase": entry({"p50_ms": 10, "p95_ms": 20}, {"p50_ms": 11, "p95_ms": 30}),
        "not measured": {"http": {"available": False}, "api": {"available": False}},
    }
    line = api_against_page(search)
    assert "on **1 of 2** kinds" in line and "p50 on 1 of 2" in line
    assert "Above the margin: phrase (1.500)" in line


def test_the_relevance_report_counts_what_the_issue_judges(tmp_path, monkeypatch, capsys):
    """nDCG@10 against the judgments, and over one-word queries the share of turns of 20
    words or more and of questions, from a run file as `run` writes it."""
    from types import SimpleNamespace

    from bench.relevance import __main__ as tool

    (tmp_path / "queries.tsv").write_text(
        "# id\tquery\tkind\nq1\tq=inflation\tone word\nq2\tq=gas prices\tseveral words\n"
    )
    (tmp_path / "judgments.tsv").write_text("q1\ta#1\t2\nq1\ta#2\t2\nq2\tb#1\t1\n")
    runs = tmp_path / "runs"
    runs.mkdir()
    rows = ["# query\trank\tturn\tkind\twords\tms"]
    rows += [
        "q1\t1\ta#2\tanswer\t40\t10",
        "q1\t2\ta#3\tquestion\t8\t10",
        "q1\t3\ta#1\tanswer\t25\t10",
    ]
    rows += ["q2\t1\tb#1\tremark\t30\t30"]
    (runs / "x-sqlite.tsv").write_text("\n".join(rows) + "\n")
    monkeypatch.setattr(tool, "QUERIES", tmp_path / "queries.tsv")
    monkeypatch.setattr(tool, "JUDGMENTS", tmp_path / "judgments.tsv")
    monkeypatch.setattr(tool, "RUNS", runs)
    tool.report(SimpleNamespace(label=["x"]))
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("x "))
    ndcg_q1 = tool.ndcg([2, 0, 2], [2, 2])
    assert line.split()[2:8] == [
        f"{(ndcg_q1 + 1.0) / 2:.3f}",
        "50%",  # two answers of 20+ words among the four hits shown
        "67%",  # one-word: two of three have 20 words or more
        "33%",  # one-word: one of three is a question
        "1",  # a#3 has no judgment
        "20",
    ]
