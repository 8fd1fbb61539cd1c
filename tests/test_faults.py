"""kill -9 in the middle of an import, and two imports of one document at once.

Real processes on a database of the test's own, on the suite's engine (a file for
SQLite, a database beside the test database for PostgreSQL): `import_interviews` and
`bulk_import` are killed with SIGKILL while their transaction is open; no partial
interview may remain, and running the same command again completes the batch.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .conftest import CORPUS, FIXTURES, ROOT

pytestmark = pytest.mark.django_db

CHECK = """
import json
from django.db.models import Count, F, Q
from interviews.models import Interview, Turn
rows = Interview.objects.annotate(
    n=Count("turns", distinct=True), p=Count("participants", distinct=True)
)
incomplete = list(
    rows.filter(~Q(n=F("turn_count")) | Q(p=0) | Q(document__isnull=True)).values_list("title", flat=True)
)
print("CHECK" + json.dumps({
    "interviews": Interview.objects.count(),
    "turns": Turn.objects.count(),
    "incomplete": incomplete,
    "checksums": Interview.objects.values("checksum").distinct().count(),
}))
"""


def _sentences() -> list[str]:
    lines = []
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split()
            if len(words) > 8 and ":" not in " ".join(words[:3]):
                lines.append(" ".join(words))
    return lines


def write_document(path: Path, title: str, turns: int, rng: random.Random, pool) -> None:
    speakers = ["Maria Keller", "Tomas Brandt"]
    body = [f"Title: {title}", "Date: 2021-03-04", "Source: Fault Tests Weekly", ""]
    for n in range(turns):
        body.append(f"{speakers[n % 2]}: {rng.choice(pool)}")
        body.append("")
    path.write_text("\n".join(body), encoding="utf-8")


class Archive:
    """A database of this test's own, on the suite's engine, used only through manage.py."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            settings = connection.settings_dict
            self.name = f"{settings['NAME']}_faults"
            self.server = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.url = f"{self.server}/{self.name}"
        else:
            self.path = tmp_path / "faults.sqlite3"
            self.url = f"sqlite:///{self.path}"
        self.env = dict(
            os.environ, DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="archive.settings"
        )
        self.env.pop("DATABASE_REPLICA_URLS", None)
        self.manage("migrate", "--no-input")
        self.manage("load_sources", str(FIXTURES / "sources.json"))

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def state(self) -> dict:
        out = self.manage("shell", "-c", CHECK).stdout
        return json.loads(out[out.index("CHECK") + 5 :])

    def writing(self) -> bool:
        """Whether some other process holds an open write transaction right now."""
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                (n,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                ).fetchone()
            return n > 0
        probe = sqlite3.connect(self.path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True  # "database is locked": a writer is inside its transaction
        finally:
            probe.close()

    def committed_interviews(self) -> int:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                return conn.execute("SELECT count(*) FROM interviews_interview").fetchone()[0]
        probe = sqlite3.connect(self.path, timeout=10)
        try:
            return probe.execute("SELECT count(*) FROM interviews_interview").fetchone()[0]
        finally:
            probe.close()

    def settled(self, timeout: float = 30) -> None:
        """Wait until the server has rolled back what the killed process left open."""
        deadline = time.monotonic() + timeout
        while self.writing():
            assert time.monotonic() < deadline, "the killed transaction was never rolled back"
            time.sleep(0.1)


@pytest.fixture
def archive(tmp_path):
    made = Archive(tmp_path)
    yield made
    made.drop()


def kill_while_writing(process: subprocess.Popen, archive: Archive, rng, *, after=lambda: True):
    deadline = time.monotonic() + 300
    while not (after() and archive.writing()):
        assert process.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import never began writing"
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.3))
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL


def test_kill_9_during_an_import_leaves_nothing_and_the_next_run_imports(archive, tmp_path):
    rng = random.Random(9)
    pool = _sentences()
    document = tmp_path / "press-conference.txt"
    write_document(document, "A very long press conference", 12_000, rng, pool)
    process = archive.start("import_interviews", str(document), "--no-progress")
    kill_while_writing(process, archive, rng)
    archive.settled()
    state = archive.state()
    assert state["interviews"] == 0 and state["turns"] == 0, state
    archive.manage("import_interviews", str(document), "--no-progress")
    state = archive.state()
    assert state["interviews"] == 1 and state["turns"] == 12_000 and not state["incomplete"]


def test_kill_9_during_bulk_import_keeps_whole_batches_and_the_next_run_completes(
    archive, tmp_path
):
    rng = random.Random(17)
    pool = _sentences()
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(20):
        write_document(folder / f"doc{n:02}.txt", f"Interview number {n}", 1_000, rng, pool)
    args = ("bulk_import", str(folder), "--jobs", "1", "--batch", "4", "--no-progress")
    process = archive.start(*args)
    kill_while_writing(process, archive, rng, after=lambda: archive.committed_interviews() >= 4)
    archive.settled()
    state = archive.state()
    assert not state["incomplete"], state
    assert 4 <= state["interviews"] < 20 and state["interviews"] % 4 == 0, state
    assert state["turns"] == state["interviews"] * 1_000
    archive.manage(*args)
    state = archive.state()
    assert state["interviews"] == 20 and state["checksums"] == 20, state
    assert state["turns"] == 20 * 1_000 and not state["incomplete"]


def test_two_imports_of_one_document_at_once_make_one_interview(archive, tmp_path):
    rng = random.Random(2)
    pool = _sentences()
    document = tmp_path / "twice.txt"
    write_document(document, "Imported twice at once", 3_000, rng, pool)
    for _ in range(2):
        processes = [
            archive.start("import_interviews", str(document), "--no-progress") for _ in range(2)
        ]
        assert [p.wait(600) for p in processes] == [0, 0]
    state = archive.state()
    assert state["interviews"] == 1 and state["turns"] == 3_000 and not state["incomplete"]
