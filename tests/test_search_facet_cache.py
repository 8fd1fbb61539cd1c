"""Facets kept between searches (interviews/search/facet_cache.py), on both databases.

Whatever was kept, a search shows the facets it would have counted afresh; what is kept
spares the statement the facets' reads.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews import revision
from interviews.importing import import_document
from interviews.models import Speaker
from interviews.search import SearchParams, facets, search
from interviews.search import facet_cache as kept
from tests.conftest import SEED, corpus_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(sources):
    for path in (SEED, corpus_file("15_"), corpus_file("19_"), corpus_file("22_")):
        outcome = import_document(path.read_bytes(), path.name)
        assert outcome.ok, outcome.error
    revision._bump()  # the tests' transaction never commits: the revision moves by hand


@pytest.fixture
def facet_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "facet-cache-tests",
        }
    }
    settings.ARCHIVE_SEARCH_FACET_CACHE = True
    from django.core.cache import cache

    cache.clear()
    return settings


def shown(page) -> dict:
    return {
        name: [(v.key, v.label, v.count, v.selected) for v in values]
        for name, values in page.facets.items()
    }


def afresh(settings, params: SearchParams) -> dict:
    settings.ARCHIVE_SEARCH_FACET_CACHE = False
    try:
        return shown(search(params))
    finally:
        settings.ARCHIVE_SEARCH_FACET_CACHE = True


def statement(params: SearchParams) -> tuple[str, object]:
    """The page's statement (the one with the page's rows) and the search's page."""
    with CaptureQueriesContext(connection) as queries:
        page = search(params)
    sql = [q["sql"] for q in queries.captured_queries if "'page' AS facet" in q["sql"]]
    assert len(sql) == 1
    return sql[0], page


def test_kept_facets_are_the_facets_counted_afresh(archive, facet_cache):
    stoltenberg = Speaker.objects.get(name="Jens Stoltenberg")
    first = search(q="Russia", per_page=2)
    part = first.facets["part"][0].key
    year = first.facets["year"][0].key
    steps = [
        SearchParams(q="Russia", per_page=2),
        SearchParams(q="Russia", per_page=2, page=2),
        SearchParams(q="  Russia ", per_page=2, sort="newest"),
        SearchParams(q="Russia", per_page=2, speakers=[stoltenberg]),
        SearchParams(q="Russia", per_page=2, speakers=[stoltenberg], parts=[part]),
        SearchParams(q="Russia", per_page=2, parts=[part]),
        SearchParams(q="Russia", per_page=2, parts=[part], page=3),
        SearchParams(
            q="Russia",
            speakers=[stoltenberg],
            date_from=date(year, 1, 1),
            date_to=date(year, 12, 31),
        ),
        SearchParams(q="Russia", languages=["en"]),
        SearchParams(q="NATO", speakers=[stoltenberg]),
        SearchParams(q="Russia", per_page=2),
    ]
    for params in steps:
        assert shown(search(params)) == afresh(facet_cache, params), params


def test_the_pages_and_orders_of_a_search_share_its_facets(archive, facet_cache):
    sql, first = statement(SearchParams(q="Russia", per_page=2))
    assert "agg AS" in sql and "tags_topic" in sql
    for params in (
        SearchParams(q="Russia", per_page=2, page=2),
        SearchParams(q="Russia", per_page=2, sort="oldest"),
    ):
        sql, page = statement(params)
        assert "agg" not in sql and "tags_" not in sql
        assert shown(page) == shown(first)


def test_a_facet_click_counts_only_the_other_facets(archive, facet_cache):
    stoltenberg = Speaker.objects.get(name="Jens Stoltenberg")
    search(q="Russia")
    sql, his = statement(SearchParams(q="Russia", speakers=[stoltenberg]))
    # His quotes are counted for the other facets; the speakers are those of the search
    # before, which the click came from.
    assert "c_speaker" not in sql and "agg AS" in sql
    assert [v.label for v in his.facets["speaker"] if v.selected] == ["Jens Stoltenberg"]
    assert shown(his) == afresh(facet_cache, his.params)


def test_a_selection_the_kept_values_lack_is_counted(archive, facet_cache, monkeypatch):
    monkeypatch.setattr(facets, "FACET_SIZE", 1)
    monkeypatch.setattr(kept, "FACET_SIZE", 1)
    everyone = search(q="Russia")
    [top] = everyone.facets["speaker"]
    other = Speaker.objects.filter(turns__text__icontains="russia").exclude(pk=top.key)[0]
    sql, page = statement(SearchParams(q="Russia", speakers=[other]))
    assert "c_speaker" in sql
    assert {v.key for v in page.facets["speaker"]} == {top.key, other.pk}
    assert shown(page) == afresh(facet_cache, page.params)
    # ...and the rows stored with that selection show only the first value again.
    assert shown(search(q="Russia")) == shown(everyone)


def test_a_change_to_the_archive_counts_the_facets_again(archive, facet_cache):
    before = search(q="Russia")
    outcome = import_document(corpus_file("21_").read_bytes(), "21.txt")
    assert outcome.ok, outcome.error
    revision._bump()
    after = search(q="Russia")
    assert shown(after) == afresh(facet_cache, after.params)
    assert after.count != before.count or shown(after) != shown(before)


def test_the_setting_turns_it_off(archive, facet_cache):
    facet_cache.ARCHIVE_SEARCH_FACET_CACHE = False
    search(q="Russia")
    sql, _ = statement(SearchParams(q="Russia", page=2, per_page=2))
    assert "agg AS" in sql
