import io
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "000_d137ed3eb076b951.txt"
# Figures a test measured (hostile inputs tried, the slowest), shown at the end of the run.
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    for line in FIGURES:
        terminalreporter.write_line(f"figures: {line}")


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}*"))


@pytest.fixture
def sources(db):
    call_command("load_sources", str(FIXTURES / "sources.json"), stdout=io.StringIO())


@pytest.fixture
def people(db):
    """The people registry that `make run` loads: offices, their holders, fixture people."""
    call_command("load_people", str(FIXTURES / "people.json"), stdout=io.StringIO())


@pytest.fixture
def seed_interview(sources):
    from interviews.importing import import_document

    outcome = import_document(SEED.read_bytes(), SEED.name)
    assert outcome.status == "created", outcome.error
    return outcome.interview


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests write inside a transaction that never commits, so the archive revision never
    # moves; tests/test_caching.py covers the cache with commits that run.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _primary_only(request, settings):
    # Tests write in transactions a replica never sees: only the tests marked `replica`
    # (tests/test_replicas.py, with committed data) read from one.
    if request.node.get_closest_marker("replica") is None:
        settings.ARCHIVE_REPLICAS = []
