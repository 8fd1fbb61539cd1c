"""Backup and restore: export_archive / import_archive, on both databases and across them."""

import gzip
import io
import json
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from interviews.backup import MODELS, BackupError, export_archive, import_archive
from interviews.consistency import check_archive
from interviews.editing.speakers import merge_speakers
from interviews.editing.turns import edit_turn
from interviews.importing import import_document
from interviews.models import ANSWER, EditRecord, Interview, Speaker, Turn
from interviews.search import search

from .conftest import FIXTURES, ROOT, SEED, corpus_file

DOCUMENTS = ["01_", "04_", "09_"]


def rows_of(text: str) -> tuple[dict, list[dict]]:
    lines = text.splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def exported() -> str:
    out = io.StringIO()
    export_archive(out)
    return out.getvalue()


def empty_the_archive():
    # Row by row, newest kind first: TRUNCATE cannot run inside the test's transaction.
    for label in reversed(MODELS):
        apps.get_model(label).objects.all().delete()
    assert not Interview.objects.exists() and not Turn.objects.exists()


@pytest.fixture
def archive(sources, people, admin_user):
    call_command("load_topics", stdout=io.StringIO())
    import_document(SEED.read_bytes(), SEED.name)
    for prefix in DOCUMENTS:
        path = corpus_file(prefix)
        assert import_document(path.read_bytes(), path.name).status == "created"
    # What editors do must survive too: a corrected turn and a merge of two speakers.
    turn = Turn.objects.order_by("id").first()
    edit_turn(
        turn, text=turn.text + " (sic)", speaker=turn.speaker, kind=turn.kind, user=admin_user
    )
    people_ = list(Speaker.objects.people().order_by("-turn_count")[:4])
    merge_speakers(people_[2], people_[3], admin_user)
    return admin_user


def test_a_round_trip_gives_back_the_same_archive(archive, tmp_path, client):
    before = exported()
    header, rows = rows_of(before)
    assert header["archive"] == "interview-archive" and header["format"] == 1
    assert header["models"]["interviews.turn"] == Turn.objects.count() > 100
    assert {r["model"] for r in rows} >= {
        "interviews.interview",
        "interviews.turn",
        "interviews.speakername",
        "interviews.editrecord",
        "interviews.membership",
        "interviews.turntopic",
        "auth.user",
    }
    keys = set(Turn.objects.values_list("key", flat=True))
    file = tmp_path / "archive.jsonl.gz"
    call_command("export_archive", str(file), stderr=io.StringIO())
    with gzip.open(file, "rt", encoding="utf-8") as written:
        assert written.read().count("\n") == len(rows) + 1

    empty_the_archive()
    out = io.StringIO()
    call_command("import_archive", str(file), stdout=out)
    assert "consistent" in out.getvalue()
    _, again = rows_of(exported())
    assert again == rows  # every row and field, in order
    assert set(Turn.objects.values_list("key", flat=True)) == keys
    assert check_archive() == []
    # The search index was rebuilt as the rows arrived, and permalinks answer.
    turn = Turn.objects.filter(kind=ANSWER).order_by("id").first()
    word = max(turn.text.split(), key=len).strip(".,;:!?\"'()")
    assert search(q=word).count > 0
    assert client.get(turn.get_absolute_url(), follow=True).status_code == 200
    assert EditRecord.objects.filter(action=EditRecord.MERGE_SPEAKERS, edited_by=archive).exists()
    # New rows after a restore get new ids (PostgreSQL's sequences were moved on).
    path = corpus_file("02_")
    assert import_document(path.read_bytes(), path.name).status == "created"


def test_a_broken_file_restores_nothing_and_says_where(archive, tmp_path):
    text = exported()
    empty_the_archive()
    lines = text.splitlines(keepends=True)
    cut = lines[: len(lines) // 2]
    with pytest.raises(BackupError, match="breaks off"):
        import_archive(io.StringIO("".join(cut)), name="cut.jsonl")
    assert not Interview.objects.exists() and not Speaker.objects.exists()
    garbled = [*lines[:5], "{not json\n", *lines[5:]]
    with pytest.raises(BackupError, match=r"bad\.jsonl, line 6"):
        import_archive(io.StringIO("".join(garbled)), name="bad.jsonl")
    with pytest.raises(BackupError, match="not an archive export"):
        import_archive(io.StringIO("hello\n"), name="hello.txt")
    newer = json.loads(lines[0]) | {"migration": "9999_future"}
    with pytest.raises(BackupError, match="newer archive"):
        import_archive(io.StringIO(json.dumps(newer) + "\n"), name="new.jsonl")
    assert not Turn.objects.exists()


def test_a_restore_never_mixes_with_an_archive_in_use(archive, tmp_path):
    file = tmp_path / "a.jsonl"
    file.write_text(exported(), encoding="utf-8")
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_archive", str(file), stdout=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_archive", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="moves an embedded SQLite archive to PostgreSQL"
)
def test_an_sqlite_archive_moves_to_postgresql_unchanged(db, tmp_path):
    """The documented way from the embedded database to production."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}"}
    env.pop("DATABASE_REPLICA_URLS", None)
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args):
        subprocess.run([*manage, *args], env=env, check=True, capture_output=True, cwd=ROOT)

    run("migrate", "--no-input")
    run("load_sources", str(FIXTURES / "sources.json"))
    run("load_people", str(FIXTURES / "people.json"))
    run("import_interviews", str(SEED), *(str(corpus_file(p)) for p in DOCUMENTS), "--no-progress")
    file = tmp_path / "embedded.jsonl"
    run("export_archive", str(file))
    header, rows = rows_of(file.read_text(encoding="utf-8"))
    assert header["database"] == "sqlite" and header["models"]["interviews.turn"] > 100

    call_command("import_archive", str(file), stdout=io.StringIO())
    moved_header, moved = rows_of(exported())
    assert moved_header["database"] == "postgresql"
    assert moved == rows
    assert check_archive() == []
    assert search(q="NATO").count > 0
