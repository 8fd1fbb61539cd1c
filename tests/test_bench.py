"""The benchmark's generator and the bulk path; no timings are asserted."""

import pytest

from bench.corpus import _pool_entry
from bench.generate import Generator, write_corpus
from bench.queries import MIX, fill, naive_search, tokens
from bench.report import markdown
from bench.stats import percentile

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
    from interviews.models import Interview, Turn

    made = write_corpus(Generator(pool, interviews=6, seed=11), tmp_path, 0, 6)
    result = bulk_import(sorted(tmp_path.glob("*.txt")), jobs=1)
    assert result.counts == {"created": 6}
    assert Interview.objects.count() == 6
    assert Turn.objects.count() == result.turns >= made["turns"] - 3
    known = facts()
    assert known["interviews"] == 6 and known["top_speaker"]
    for kind, params in MIX:
        assert naive_search(fill(params, known), kind) >= 0


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
