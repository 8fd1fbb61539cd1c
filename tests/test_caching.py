"""Readers get cached pages; every committed change shows at once; editors never see a stale page."""

import datetime
import itertools
import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from interviews import revision
from interviews.importing import import_document
from interviews.models import ArchiveRevision, Speaker

from .conftest import SEED

pytestmark = pytest.mark.django_db

SEED_PATH = "/interviews/nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg/"


REDIS_URL = os.environ.get("ARCHIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def _redis_cache(location: str, prefix: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }


@pytest.fixture(params=["in memory", "shared (Redis)"])
def page_cache(request, settings):
    """Each worker's own cache, and the one that ARCHIVE_CACHE_URL shares between them."""
    if request.param == "in memory":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "tests",
            }
        }
    else:
        if not _redis_reachable():
            pytest.skip(f"no Redis at {REDIS_URL} (ARCHIVE_TEST_REDIS_URL)")
        settings.CACHES = {"default": _redis_cache(REDIS_URL, f"test-{uuid.uuid4().hex}")}
    from django.core.cache import cache

    if request.param == "in memory":
        cache.clear()
    yield cache
    if request.param != "in memory":
        cache.delete_pattern("*")  # this test's prefix only: the server may be shared


def test_a_cache_server_that_is_down_costs_no_page(client, settings):
    import_document(SEED.read_bytes(), SEED.name)
    settings.CACHES = {"default": _redis_cache("redis://127.0.0.1:1/0", "down")}
    assert client.get(SEED_PATH).status_code == 200
    assert client.get("/search/?q=coalition").status_code == 200


def test_the_revision_stamp_differs_for_an_archive_created_again(db):
    ArchiveRevision.objects.update_or_create(
        pk=1, defaults={"number": 3, "changed_at": timezone.now()}
    )
    first = revision.stamp()
    ArchiveRevision.objects.filter(pk=1).update(
        changed_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert revision.current() == 3 and revision.stamp() != first


def test_revision_moves_once_per_committed_change(db, django_capture_on_commit_callbacks):
    before = revision.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_document(SEED.read_bytes(), SEED.name)
    bumps = len([c for c in callbacks if c is revision._bump])
    assert bumps >= 1
    assert revision.current() == before + bumps
    with django_capture_on_commit_callbacks(execute=True):
        speaker = Speaker.objects.get(name="Jens Stoltenberg")
        speaker.role = "Former NATO Secretary-General"
        speaker.save()
    assert revision.current() == before + bumps + 1


def test_a_deferred_block_bumps_the_revision_once(db, django_capture_on_commit_callbacks):
    import_document(SEED.read_bytes(), SEED.name)
    speakers = list(Speaker.objects.all())
    with django_capture_on_commit_callbacks() as callbacks, revision.deferred():
        for speaker in speakers:
            speaker.role = "Edited"
            speaker.save()
    assert len(speakers) > 1 and [c for c in callbacks if c is revision._bump] == [revision._bump]
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), revision.deferred():
            speakers[0].save()
            raise RuntimeError("the block failed: its transaction rolls back")
        speakers[0].save()  # outside the block, a save bumps again
    assert [c for c in callbacks if c is revision._bump] == [revision._bump]


def test_readers_get_the_cached_page_until_something_changes(
    client, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_document(SEED.read_bytes(), SEED.name)
    first = client.get(SEED_PATH)
    assert first.status_code == 200 and "X-Archive-Cache" not in first
    second = client.get(SEED_PATH)
    assert second["X-Archive-Cache"] == "hit" and second.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        speaker = Speaker.objects.get(name="Jens Stoltenberg")
        speaker.name = "Jens Stoltenberg (corrected)"
        speaker.save()
    third = client.get(SEED_PATH)
    assert "X-Archive-Cache" not in third
    assert "Jens Stoltenberg (corrected)" in third.content.decode()


def test_signed_in_users_are_never_served_from_the_cache(
    client, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_document(SEED.read_bytes(), SEED.name)
    user = get_user_model().objects.create_user("reader", password="a long password 123")
    client.force_login(user)
    client.get(SEED_PATH)
    assert "X-Archive-Cache" not in client.get(SEED_PATH)
    client.get("/search/?q=dialogue")
    assert "X-Archive-Cache" not in client.get("/search/?q=dialogue")


def test_a_search_is_cached_whatever_the_order_of_its_parameters_until_a_change(
    client, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_document(SEED.read_bytes(), SEED.name)
    first = client.get("/search/?q=coalition&sort=newest")
    assert first.status_code == 200 and "X-Archive-Cache" not in first
    again = client.get("/search/?sort=newest&q=coalition")
    assert again["X-Archive-Cache"] == "hit" and again.content == first.content
    assert "X-Archive-Cache" not in client.get("/search/?q=coalition&sort=oldest")
    with django_capture_on_commit_callbacks(execute=True):
        speaker = Speaker.objects.get(name="Jens Stoltenberg")
        speaker.name = "Jens Stoltenberg (corrected)"
        speaker.save()
    fresh = client.get("/search/?q=coalition&sort=newest")
    assert "X-Archive-Cache" not in fresh
    assert "Jens Stoltenberg (corrected)" in fresh.content.decode()


def test_a_search_the_time_budget_cut_short_is_not_kept(
    client, page_cache, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from interviews.search import budget

    with django_capture_on_commit_callbacks(execute=True):
        import_document(SEED.read_bytes(), SEED.name)
    path = "/search/?q=the&part=interviewee&language=en"
    # 1 ms (on PostgreSQL the statement takes longer than that even to plan) and, on
    # SQLite, a clock that runs out at its first look (as in test_ranking.py).
    settings.ARCHIVE_SEARCH_BUDGET_MS = 1
    ticks = itertools.count()
    monkeypatch.setattr(budget.time, "monotonic", lambda: float(next(ticks)))
    cut = client.get(path)
    assert cut.status_code == 200 and "Too broad a search" in cut.content.decode()
    monkeypatch.undo()
    settings.ARCHIVE_SEARCH_BUDGET_MS = 1_500
    answered = client.get(path)
    assert "X-Archive-Cache" not in answered
    assert "Too broad a search" not in answered.content.decode()
    assert client.get(path)["X-Archive-Cache"] == "hit"


SPANISH = """Title: Entrevista sobre la región
Date: 2020-03-02
Source: El Diario
Language: es

Ana Ruiz: ¿Qué esperan de los países vecinos?

Luis Prieto: Que sus gobiernos hablen entre ellos.

Ana Ruiz: ¿Y los vecinos de la frontera?

Luis Prieto: Que nadie los olvide.
"""


def test_searches_stem_in_the_languages_the_archive_holds_after_each_change(
    page_cache, django_capture_on_commit_callbacks
):
    from interviews.search import search

    with django_capture_on_commit_callbacks(execute=True):
        import_document(SEED.read_bytes(), SEED.name)
    # Only English so far: the archive's languages are read and kept for this revision.
    assert search(q="vecino").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        import_document(SPANISH.encode(), "entrevista.txt")
    # "vecino" finds "vecinos" only through the Spanish stemmer, which the new revision
    # brings in.
    assert search(q="vecino").count == 2
