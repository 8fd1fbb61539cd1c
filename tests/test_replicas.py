"""Reads from a real streaming replica; writes, editors and read-your-writes on the primary.

Needs DATABASE_URL on PostgreSQL and DATABASE_REPLICA_URLS naming a streaming replica
of it (.ci/run makes one with `python -m tests.clusters replica`); the test that stops
the replica also needs ARCHIVE_TEST_REPLICA_DIR, the directory the cluster lives in.
Without them these tests are skipped, unless ARCHIVE_REQUIRE_REPLICA=1 makes that a
failure, as in CI.
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from archive import replicas
from archive.health import database_problem
from archive.routing import PIN_COOKIE
from interviews.importing import import_document
from interviews.models import Speaker

from .conftest import FIXTURES, SEED

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases="__all__"),
]

SEED_PATH = "/interviews/nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg/"


def unavailable(reason: str):
    if os.environ.get("ARCHIVE_REQUIRE_REPLICA"):
        pytest.fail(f"a replica is required here: {reason}")
    pytest.skip(reason)


class Replica:
    def __init__(self, alias: str):
        self.alias = alias

    def caught_up(self, timeout: float = 60) -> None:
        """Wait until the replica has replayed everything the primary has written."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (target,) = cursor.fetchone()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.05)
        raise AssertionError(f"the replica did not replay {target} within {timeout} s")

    def pause(self) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@pytest.fixture
def replica(settings):
    if connections["default"].vendor != "postgresql":
        pytest.skip("replicas are PostgreSQL's: the suite runs on SQLite")
    aliases = [alias for alias in settings.DATABASES if alias != "default"]
    if not aliases:
        unavailable("no replica configured (DATABASE_REPLICA_URLS)")
    alias = aliases[0]
    problem = database_problem(alias)
    if problem:
        unavailable(f"the replica {alias} is {problem}")
    settings.ARCHIVE_REPLICAS = [alias]
    settings.ARCHIVE_REPLICA_CHECK_SECONDS = 0  # ask before every request
    settings.ARCHIVE_REPLICA_MAX_LAG = 30
    replicas.forget()
    found = Replica(alias)
    yield found
    with contextlib.suppress(Exception):
        found.resume()
    replicas.forget()


@contextlib.contextmanager
def reads():
    """Queries per database alias during the block, leaving out the replica checks."""
    counts: dict[str, int] = {}
    stack = contextlib.ExitStack()

    def counter(alias):
        def wrapper(execute, sql, params, many, context):
            if sql != replicas.LAG_SQL:
                counts[alias] = counts.get(alias, 0) + 1
            return execute(sql, params, many, context)

        return wrapper

    for alias in connections:
        stack.enter_context(connections[alias].execute_wrapper(counter(alias)))
    with stack:
        yield counts


@pytest.fixture
def archive_on_replica(replica):
    from django.core.management import call_command

    call_command("load_sources", str(FIXTURES / "sources.json"), verbosity=0)
    outcome = import_document(SEED.read_bytes(), SEED.name)
    assert outcome.status == "created"
    replica.caught_up()
    return outcome.interview


def test_readers_pages_and_searches_read_from_the_replica(client, replica, archive_on_replica):
    with reads() as counts:
        page = client.get(SEED_PATH)
        found = client.get("/search/", {"q": "coalition"})
    assert page.status_code == 200 and "Stoltenberg" in page.content.decode()
    assert found.status_code == 200 and "<mark>" in found.content.decode()
    assert counts.get(replica.alias, 0) > 0
    assert counts.get("default", 0) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/interviews/",
        "/speakers/",
        "/speakers/jens-stoltenberg/",
        "/sources/",
        "/topics/",
        "/places/",
        "/feeds/interviews/",
        "/api/v1/interviews/",
        "/api/v1/search/?q=coalition",
        "/api/v1/speakers/",
    ],
)
def test_every_readers_page_reads_only_from_the_replica(client, replica, archive_on_replica, path):
    with reads() as counts:
        answer = client.get(path)
    assert answer.status_code == 200, path
    assert counts.get(replica.alias, 0) > 0
    assert counts.get("default", 0) == 0


def test_after_a_write_the_browser_reads_from_the_primary(client, replica, archive_on_replica):
    answer = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert answer.status_code == 200
    assert PIN_COOKIE in answer.cookies
    with reads() as counts:
        assert client.get(SEED_PATH).status_code == 200
    assert counts.get(replica.alias, 0) == 0 and counts["default"] > 0


def test_editors_always_read_from_the_primary(client, replica, archive_on_replica):
    editor = get_user_model().objects.create_user("ed", password="a long password 123")
    client.force_login(editor)
    with reads() as counts:
        assert client.get(SEED_PATH).status_code == 200
    assert counts.get(replica.alias, 0) == 0 and counts["default"] > 0


def test_a_lagging_replica_is_skipped_and_used_again_once_it_catches_up(
    client, settings, replica, archive_on_replica
):
    settings.ARCHIVE_REPLICA_MAX_LAG = 2
    replica.pause()
    Speaker.objects.filter(name="Jens Stoltenberg").update(role="Secretary General (lagging)")
    deadline = time.monotonic() + 30
    while replicas.probe(replica.alias).usable and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not replicas.probe(replica.alias).usable
    with reads() as counts:
        page = client.get("/speakers/jens-stoltenberg/")
    assert "Secretary General (lagging)" in page.content.decode()
    assert counts.get(replica.alias, 0) == 0
    replica.resume()
    replica.caught_up()
    # The lag is PostgreSQL's own measure; on a server that others write to as well it
    # may take a moment to settle under the limit once the replica has caught up.
    deadline = time.monotonic() + 60
    while not replicas.probe(replica.alias).usable and time.monotonic() < deadline:
        time.sleep(0.2)
    replicas.forget()
    with reads() as counts:
        page = client.get("/speakers/jens-stoltenberg/")
    assert "Secretary General (lagging)" in page.content.decode()
    assert counts.get(replica.alias, 0) > 0


def test_a_cached_page_is_never_older_than_the_revision_it_is_stored_under(
    client, settings, replica, archive_on_replica
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rep"}
    }
    from django.core.cache import cache

    cache.clear()
    replica.pause()
    speaker = Speaker.objects.get(name="Jens Stoltenberg")
    speaker.name = "Jens Stoltenberg (renamed)"
    speaker.save()  # commits, and moves the primary's revision
    # The replica still has the old name and the old revision: the page says so...
    stale = client.get(SEED_PATH)
    assert "Jens Stoltenberg (renamed)" not in stale.content.decode()
    replica.resume()
    replica.caught_up()
    # ...but it was stored under the old revision, so the caught-up replica's page is new.
    fresh = client.get(SEED_PATH)
    assert "Jens Stoltenberg (renamed)" in fresh.content.decode()
    assert "X-Archive-Cache" not in fresh
    assert client.get(SEED_PATH)["X-Archive-Cache"] == "hit"


def test_a_stopped_replica_is_skipped_and_reads_fall_back_to_the_primary(
    client, settings, replica, archive_on_replica
):
    from .clusters import Cluster, available

    directory = os.environ.get("ARCHIVE_TEST_REPLICA_DIR")
    if not directory or not available():
        unavailable("ARCHIVE_TEST_REPLICA_DIR does not name the replica's cluster directory")
    port = connections[replica.alias].settings_dict["PORT"]
    cluster = Cluster(directory, int(port))
    assert client.get(SEED_PATH).status_code == 200
    # The replica was usable at the last check; the next check is an hour away.
    settings.ARCHIVE_REPLICA_CHECK_SECONDS = 3600
    assert replicas.state(replica.alias).usable
    # A fast shutdown: the replica then restarts without replaying all the WAL the
    # suite has written since its last restartpoint.
    cluster.stop("fast")
    try:
        with reads() as counts:
            # A replica that fails mid-request: marked down, the view runs on the primary.
            first = client.get(SEED_PATH)
            later = client.get("/search/", {"q": "coalition"})
        assert first.status_code == 200 and "Stoltenberg" in first.content.decode()
        assert later.status_code == 200 and "<mark>" in later.content.decode()
        assert counts["default"] > 0
        assert not replicas.state(replica.alias).usable
        health = client.get("/healthz").json()
        assert health["status"] == "ok"
        assert "unreachable" in health["checks"]["replicas"][replica.alias]["problem"]
    finally:
        cluster.start()
    replica.caught_up()
    settings.ARCHIVE_REPLICA_CHECK_SECONDS = 0
    with reads() as counts:
        assert client.get(SEED_PATH).status_code == 200
    assert counts.get(replica.alias, 0) > 0 and counts.get("default", 0) == 0
