"""The database goes away and comes back: the archive under gunicorn says so, then recovers.

A throwaway PostgreSQL cluster of the test's own (tests/clusters.py) is the database;
stopping it disturbs nobody. /healthz is also checked in-process on the suite's database.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .clusters import Cluster, available
from .conftest import FIXTURES, ROOT, SEED


def test_healthz_reports_a_reachable_migrated_database(client, db):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True}
    assert answer["Cache-Control"].startswith("max-age=0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture
def cluster(tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("runs once, in the PostgreSQL pass: the database it stops is PostgreSQL")
    if not available():
        if os.environ.get("ARCHIVE_REQUIRE_REPLICA"):
            pytest.fail("PostgreSQL's server binaries are required to make a throwaway cluster")
        pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    directory = Path(f"/tmp/archive-outage-{os.getpid()}")
    made = Cluster.create(directory)
    made.start()
    yield made
    made.remove()


def test_pages_answer_503_while_the_database_is_down_and_recover_by_themselves(cluster):
    env = dict(
        os.environ,
        DATABASE_URL=cluster.url("archive"),
        DEBUG="0",
        SECRET_KEY="outage-test-key-" + "x" * 40,
        ALLOWED_HOSTS="localhost",
        CONN_MAX_AGE="600",
        DATABASE_CONNECT_TIMEOUT="2",
        LOG_LEVEL="CRITICAL",
        DJANGO_SETTINGS_MODULE="archive.settings",
    )
    env.pop("DATABASE_REPLICA_URLS", None)
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE archive",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "archive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "critical",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = _get(port, "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        # Not migrated yet: the health check says which migrations are missing.
        assert status == 503
        health = json.loads(body)
        assert health["checks"]["database"]["ok"] is True
        assert "not applied" in health["checks"]["migrations"]["problem"]
        assert "auth.0001_initial" in health["checks"]["migrations"]["problem"]

        _manage(env, "migrate", "--no-input")
        _manage(env, "load_sources", str(FIXTURES / "sources.json"))
        _manage(env, "import_interviews", str(SEED), "--no-progress")
        time.sleep(1)  # the migrations check is remembered a minute once it passes
        pages = ["/", "/interviews/", "/search/?q=coalition", "/speakers/"]
        for path in pages:
            assert _get(port, path)[0] == 200, path
        assert _get(port, "/healthz")[0] == 200

        cluster.stop("immediate")
        for path in [*pages, "/healthz"]:
            status, headers, body = _get(port, path)
            assert status == 503, (path, status)
            assert int(headers["Retry-After"]) > 0
        assert b"back in a moment" in _get(port, "/")[2]
        health = json.loads(_get(port, "/healthz")[2])
        assert health["status"] == "unavailable"
        assert health["checks"]["database"]["problem"].startswith("unreachable")

        cluster.start()
        # Every worker and thread finds its way back without a restart.
        for _ in range(8):
            for path in pages:
                status, _, body = _get(port, path)
                assert status == 200, (path, status, body[:200])
        assert json.loads(_get(port, "/healthz")[2])["status"] == "ok"
    finally:
        server.terminate()
        server.wait(20)
