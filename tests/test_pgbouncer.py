"""The archive behind PgBouncer in transaction mode (Debian's pgbouncer package).

Each transaction may run on a different server connection, with two server connections
for every client: imports (COPY in a transaction), the bulk loader's processes, pages
and searches under gunicorn with concurrent clients, and QuerySet.iterator() all have to
work with the documented settings (DATABASE_PGBOUNCER=1, which turns off server-side
cursors). Skipped without pgbouncer, unless ARCHIVE_REQUIRE_PGBOUNCER=1, as in CI.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from interviews.models import Interview, Turn

from .conftest import CORPUS, FIXTURES, ROOT, SEED

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def pgbouncer():
    if connection.vendor != "postgresql":
        pytest.skip("PgBouncer pools PostgreSQL connections: the suite runs on SQLite")
    binary = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if binary is None:
        if os.environ.get("ARCHIVE_REQUIRE_PGBOUNCER"):
            pytest.fail("pgbouncer is required here but not installed (apt-get install pgbouncer)")
        pytest.skip("pgbouncer is not installed: `apt-get install pgbouncer` (CI installs it)")
    settings = connection.settings_dict
    directory = Path(f"/tmp/archive-pgbouncer-{os.getpid()}")
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    port = _free_port()
    (directory / "users.txt").write_text(f'"{settings["USER"] or "postgres"}" ""\n')
    (directory / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={settings["HOST"] or "127.0.0.1"} port={settings["PORT"] or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {directory}/users.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = {directory}/pgbouncer.log
"""
    )
    command = [binary, str(directory / "pgbouncer.ini")]
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        shutil.chown(directory, "postgres")
        for child in directory.iterdir():
            shutil.chown(child, "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (directory / "pgbouncer.log").read_text()
            assert time.monotonic() < deadline, "pgbouncer did not start"
            time.sleep(0.1)
    url = f"postgres://{settings['USER'] or 'postgres'}@127.0.0.1:{port}/{settings['NAME']}"
    yield url
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(directory, ignore_errors=True)


def _env(url: str) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DATABASE_PGBOUNCER="1",
        CONN_MAX_AGE="600",
        DEBUG="0",
        SECRET_KEY="pgbouncer-test-key-" + "x" * 40,
        ALLOWED_HOSTS="localhost",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="archive.settings",
    )
    env.pop("DATABASE_REPLICA_URLS", None)
    return env


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_imports_pages_and_searches_through_pgbouncer_in_transaction_mode(pgbouncer, tmp_path):
    env = _env(pgbouncer)
    _manage(env, "load_sources", str(FIXTURES / "sources.json"))
    _manage(env, "import_interviews", str(SEED), "--no-progress")
    documents = tmp_path / "docs"
    documents.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:8]:
        shutil.copy(path, documents / path.name)
    _manage(env, "bulk_import", str(documents), "--jobs", "2", "--batch", "3")
    assert Interview.objects.count() == 9
    expected_turns = Turn.objects.count()
    # iterator() in two processes at once, on client-side cursors: a server-side cursor
    # outlives its transaction, which transaction mode does not allow for.
    script = (
        "from interviews.models import Turn; "
        "print(sum(1 for _ in Turn.objects.order_by('id').iterator(chunk_size=50)))"
    )
    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(lambda _: _manage(env, "shell", "-c", script), range(2)))
    assert [int(c.split()[-1]) for c in counts] == [expected_turns] * 2

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
            "4",
            "--log-level",
            "critical",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    slug = Interview.objects.order_by("id").values_list("slug", flat=True).first()
    paths = ["/", "/interviews/", f"/interviews/{slug}/", "/speakers/", "/healthz"]
    paths += ["/search/?q=president", '/search/?q="the+president"&sort=newest']

    def get(path: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get("/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        with ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(get, paths * 15))
    finally:
        server.terminate()
        server.wait(20)
    assert statuses == [200] * len(statuses)
