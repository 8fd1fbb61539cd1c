"""Open data from the reading pages: exports of the search and the interview list (CSV,
JSON Lines, JSON), transcripts, the search feed, the embeddable quote card, and the
alternate links that point at them.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL).
"""

import csv
import io
import json
import time
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client

from interviews.api import exports, pagination
from interviews.api.serializers import (
    HitSerializer,
    InterviewSerializer,
    SpeakerSerializer,
    columns,
    flat,
)
from interviews.editing.turns import merge_with_next
from interviews.filters import TurnSearchFilter
from interviews.importing import import_document
from interviews.models import Interview, RetiredTurn, Turn
from interviews.search import search

from .conftest import FIGURES, SEED, corpus_file

pytestmark = pytest.mark.django_db

SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive(seed_interview, people):
    for prefix in ("19_", "21_", "15_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    return seed_interview


def body(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def page_keys(params: dict) -> list[str]:
    """Every quote the search page lists for these parameters, page after page."""
    keys, number = [], 1
    while True:
        query = {**params, "page": number}
        page = search(
            TurnSearchFilter(query, queryset=Turn.objects.all()).search_params(page=number)
        )
        if page.number != number:
            return keys
        keys += [hit.turn.key for hit in page.hits]
        if not page.has_next:
            return keys
        number += 1


SEARCHES = [
    {"q": "NATO"},
    {"q": "the"},
    {"q": "NATO", "sort": "newest"},
    {"q": '"the coalition" OR alliance OR NATO', "part": "interviewee"},
    {"speaker": "jens-stoltenberg"},
    {"interview": SEED_SLUG},
]


# --- the search's exports ---------------------------------------------------------------


@pytest.mark.parametrize("params", SEARCHES)
def test_search_csv_rows_are_the_pages_quotes_in_the_pages_order(client, archive, params):
    expected = page_keys(params)
    assert len(expected) > 1
    response = client.get("/search/export.csv", params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["key"] for row in rows] == expected
    # The page's first quotes are the file's first rows.
    html = client.get("/search/", params).content.decode()
    for row in rows[:5]:
        assert f"/t/{row['key']}/" in html


def test_an_interviews_turns_as_csv_are_every_turn_in_order(client, archive):
    rows = list(
        csv.DictReader(io.StringIO(body(client.get(f"/search/export.csv?interview={SEED_SLUG}"))))
    )
    turns = list(archive.turns.order_by("position"))
    assert [r["key"] for r in rows] == [t.key for t in turns]
    assert [r["text"] for r in rows] == [t.text for t in turns]


def test_search_exports_share_the_apis_rows(client, archive):
    api = client.get("/api/v1/search/", {"q": "coalition", "limit": 100}).json()
    lines = body(client.get("/search/export.jsonl", {"q": "coalition"})).splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows == api["results"]
    document = json.loads(body(client.get("/search/export.json", {"q": "coalition"})))
    assert list(document) == ["count", "next", "previous", "results"]
    assert document["results"] == api["results"]
    assert document["count"] == api["count"] and document["next"] is None
    table = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv?q=coalition")))))
    first = table[0]
    assert first["speaker.name"] == rows[0]["speaker"]["name"]
    assert first["interview.slug"] == rows[0]["interview"]["slug"]
    assert first["permalink"] == rows[0]["permalink"]
    assert first["text"] == rows[0]["text"]


def test_every_csv_export_has_the_same_columns(client, archive):
    found = body(client.get("/search/export.csv", {"q": "NATO"})).splitlines()[0]
    none = body(client.get("/search/export.csv", {"q": "zzzznothing"})).splitlines()
    assert none == [found]  # the header alone, the same header
    assert "source.name" in found and "question.text" in found and "role" in found
    # The API's CSV answers have the exports' header too.
    api = client.get("/api/v1/search/", {"q": "zzzznothing", "format": "csv"})
    assert body(api).splitlines() == [found]
    listed = client.get("/api/v1/interviews/", {"format": "csv", "limit": 1})
    exported = body(client.get("/interviews/export.csv", {"limit": 1}))
    assert body(listed).splitlines()[0] == exported.splitlines()[0]
    # An error keeps saying what was wrong.
    bad = client.get("/api/v1/interviews/", {"format": "csv", "year": "x"})
    assert bad.status_code == 400 and "year" in bad.content.decode().splitlines()[0]


API_LISTS = [
    ("/api/v1/search/", {"q": "the", "limit": 7, "offset": 3}, HitSerializer),
    ("/api/v1/search/", {"q": "NATO", "sort": "newest", "limit": 5, "page": 2}, HitSerializer),
    ("/api/v1/search/", {"q": "zzzznothing"}, HitSerializer),
    ("/api/v1/interviews/", {"limit": 2, "offset": 1}, InterviewSerializer),
    ("/api/v1/speakers/", {"name": "stolt"}, SpeakerSerializer),
]


@pytest.mark.parametrize(("path", "params", "serializer"), API_LISTS)
def test_the_apis_csv_and_json_lines_stream_the_rows_of_its_json(
    client, archive, path, params, serializer
):
    results = client.get(path, params).json()["results"]
    # What the API's CSV was before it streamed: the JSON answer's rows, flattened, under
    # the exports' header, written at once.
    expected = io.StringIO()
    writer = csv.DictWriter(
        expected, fieldnames=columns(serializer()), restval="", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(flat(row) for row in results)
    response = client.get(path, {**params, "format": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Content-Disposition" not in response and "ETag" in response
    assert body(response) == expected.getvalue()
    response = client.get(path, params, HTTP_ACCEPT="application/jsonl")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert [json.loads(line) for line in body(response).splitlines()] == results


def test_the_apis_csv_is_the_exports_file_and_keeps_its_cap(client, archive, monkeypatch):
    exported = body(client.get("/search/export.csv", {"q": "the"}))
    answered = client.get("/api/v1/search/", {"q": "the", "format": "csv"})
    assert body(answered) == exported and exported.count("\n") > 100
    listed = body(client.get("/api/v1/interviews/", {"format": "csv"}))
    assert listed == body(client.get("/interviews/export.csv"))
    monkeypatch.setattr(pagination, "MAX_EXPORT_LIMIT", 4)
    for asked in ({}, {"limit": 1000}):
        capped = client.get("/api/v1/search/", {"q": "the", "format": "csv", **asked})
        assert len(list(csv.DictReader(io.StringIO(body(capped))))) == 4
    # An invalid filter is still an error that says what was wrong, not a stream.
    bad = client.get("/api/v1/interviews/", {"format": "csv", "year": "x"})
    assert bad.status_code == 400 and not bad.streaming


def test_the_apis_csv_reads_a_batch_at_a_time(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        rows = body(client.get("/api/v1/search/", {"q": "the", "format": "csv"})).splitlines()
    assert len(rows) > 101


def test_search_exports_window_with_limit_and_offset(client, archive):
    whole = page_keys({"q": "the"})
    assert len(whole) > 12
    document = json.loads(body(client.get("/search/export.json", {"q": "the", "limit": 5})))
    assert [r["key"] for r in document["results"]] == whole[:5]
    assert "offset=5" in document["next"] and document["previous"] is None
    following = json.loads(body(client.get(document["next"])))
    assert [r["key"] for r in following["results"]] == whole[5:10]
    assert following["previous"]
    response = client.get("/search/export.jsonl", {"q": "the", "offset": 7, "limit": 3})
    assert [json.loads(line)["key"] for line in body(response).splitlines()] == whole[7:10]
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    past = json.loads(body(client.get("/search/export.json", {"q": "the", "offset": 100000})))
    assert past["results"] == [] and past["next"] is None


def test_exports_stop_at_the_documented_maximum(client, archive, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 4)
    whole = page_keys({"q": "the"})
    rows = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv?q=the")))))
    assert [r["key"] for r in rows] == whole[:4]
    asked = client.get("/search/export.csv", {"q": "the", "limit": 1000})
    assert len(list(csv.DictReader(io.StringIO(body(asked))))) == 4
    interviews = json.loads(body(client.get("/interviews/export.json", {"limit": 2})))
    assert len(interviews["results"]) == 2 and interviews["next"]


def test_an_export_reads_a_batch_at_a_time(client, archive, django_assert_max_num_queries):
    # 100 quotes a batch: the whole file costs a few statements per batch, not per row.
    started = time.perf_counter()
    with django_assert_max_num_queries(20) as queries:
        rows = body(client.get("/search/export.jsonl", {"q": "the"})).splitlines()
    took = time.perf_counter() - started
    assert len(rows) > 100
    with django_assert_max_num_queries(12):
        listed = body(client.get("/interviews/export.csv")).splitlines()
    assert len(listed) == Interview.objects.count() + 1
    FIGURES.append(
        f"search export on {connection.vendor}: {len(rows)} quotes in {len(queries)} "
        f"queries, {took * 1000:.0f} ms"
    )


def test_an_empty_search_exports_nothing(client, archive):
    assert body(client.get("/search/export.jsonl")) == ""
    assert json.loads(body(client.get("/search/export.json")))["results"] == []


# --- the interview list's exports -------------------------------------------------------


def test_interview_exports_list_the_pages_interviews(client, archive):
    newest_first = list(Interview.objects.for_listing().values_list("slug", flat=True))
    rows = list(csv.DictReader(io.StringIO(body(client.get("/interviews/export.csv")))))
    assert [r["slug"] for r in rows] == newest_first
    assert rows[0]["source.name"] is not None and "participants" in rows[0]
    source = archive.source.slug
    page = client.get("/interviews/", {"source": source}).content.decode()
    filtered = json.loads(body(client.get("/interviews/export.json", {"source": source})))
    assert filtered["count"] == len(filtered["results"]) >= 1
    for row in filtered["results"]:
        assert row["slug"] in page
    api = client.get("/api/v1/interviews/", {"source": source, "limit": 100}).json()
    assert filtered["results"] == api["results"]
    lines = body(client.get("/interviews/export.jsonl", {"speaker": "jens-stoltenberg"}))
    assert [json.loads(line)["slug"] for line in lines.splitlines()] == [SEED_SLUG]


def test_open_data_is_readable_from_other_sites(client, archive):
    for url in (
        "/search/export.json?q=NATO",
        "/interviews/export.csv",
        f"/interviews/{SEED_SLUG}/transcript.md",
        "/search/feed/?q=NATO",
    ):
        response = client.get(url, HTTP_ORIGIN="https://example.org")
        assert response["Access-Control-Allow-Origin"] == "*", url
    page = client.get("/search/", {"q": "NATO"}, HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_unknown_export_formats_are_not_found(client, archive):
    for url in ("/search/export.xls", "/interviews/export.xml", "/search/export."):
        assert client.get(url).status_code == 404


HOSTILE = [
    {"q": "\x00"},
    {"q": "a" * 5000},
    {"q": '"', "sort": "'; drop table x"},
    {"q": "((", "page": "-1", "limit": "abc", "offset": "-5"},
    {"q": "NEAR(a b)", "speaker": "nobody-at-all"},
    {"q": "\u202e\u200f", "date_from": "2014-13-45", "date_to": "x"},
    {"source": "<script>", "topic": "../../etc", "year": "1e9", "language": "zz"},
    {"year": "99999999999"},
    {"year": "-3", "date_from": "0001-01-01", "date_to": "9999-12-31"},
    {"interview": "no-such-interview", "part": "everyone", "offset": "99999999999999999999"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_query_strings_never_fail_an_export_or_a_feed(client, archive, params):
    for url in (
        "/search/export.csv",
        "/search/export.jsonl",
        "/search/export.json",
        "/interviews/export.csv",
        "/interviews/export.json",
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        text = body(response)
        if url.endswith(".json"):
            assert set(json.loads(text)) == {"count", "next", "previous", "results"}
    feed = client.get("/search/feed/", params)
    assert feed.status_code == 200
    ElementTree.fromstring(feed.content)
    for page in ("/search/", "/interviews/"):
        assert client.get(page, params).status_code == 200, page


OPEN_DATA = (
    "/search/export.csv",
    "/search/export.jsonl",
    "/search/export.json",
    "/interviews/export.csv",
    "/interviews/export.json",
    "/search/feed/",
)


def test_generated_query_strings_never_fail_an_export_or_a_feed(client, archive):
    """The fuzz suite's query strings (tests/test_fuzz.py): any Unicode, NUL, huge and
    repeated values, garbage in every filter; each file stays well formed."""
    from hypothesis import HealthCheck, given, settings

    from .test_fuzz import queries, raw_query_string

    tried = 0

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(queries)
    def run(pairs):
        nonlocal tried
        query = raw_query_string(pairs)
        for path in OPEN_DATA:
            response = client.get(path, QUERY_STRING=query)
            tried += 1
            assert response.status_code == 200, (path, query)
            if path.endswith("/feed/"):
                ElementTree.fromstring(response.content)
                continue
            text = body(response)
            if path.endswith(".json"):
                json.loads(text)
            elif path.endswith(".jsonl"):
                [json.loads(line) for line in text.splitlines()]
            else:
                list(csv.reader(io.StringIO(text)))

    run()
    FIGURES.append(f"exports and feeds on {connection.vendor}: {tried} generated requests")


# --- transcripts ------------------------------------------------------------------------


def test_plain_text_transcript_holds_every_turn(client, archive):
    response = client.get(f"/interviews/{SEED_SLUG}/transcript.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{SEED_SLUG}.txt"'
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == archive.title
    assert archive.source.name in lines[1]
    assert lines[2].startswith("Participants: ") and "Jens Stoltenberg (interviewee" in lines[2]
    position = 0
    for turn in archive.turns.select_related("speaker").order_by("position"):
        line = f"{turn.speaker.name.upper()}: {turn.text}"
        found = text.find(line, position)
        assert found >= position, line[:80]
        position = found + len(line)


def test_markdown_transcript_links_every_turn(client, archive):
    response = client.get(f"/interviews/{SEED_SLUG}/transcript.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(f"# {archive.title}\n")
    assert "- [Jens Stoltenberg](http://testserver/speakers/jens-stoltenberg/), interviewee" in text
    turns = list(archive.turns.select_related("speaker").order_by("position"))
    for turn in turns:
        assert f"**{turn.speaker.name.upper()}:** " in text
        assert f"[¶](http://testserver/interviews/{SEED_SLUG}/t/{turn.key}/)" in text
    assert text.count("[¶](") == len(turns)


def test_markdown_keeps_imported_words_as_words():
    from interviews.api.transcripts import md_escape

    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("<script>x</script> *b* [l](u)") == (
        "\\<script\\>x\\</script\\> \\*b\\* \\[l\\](u)"
    )
    assert md_escape("1. first\n- dash") == "1\\. first\n\\- dash"


def test_transcripts_follow_renames_and_refuse_unknowns(client, archive):
    archive.title = "A new title for the same interview"
    archive.save()
    moved = client.get(f"/interviews/{SEED_SLUG}/transcript.md")
    assert moved.status_code == 301
    assert moved["Location"] == f"/interviews/{archive.slug}/transcript.md"
    assert client.get("/interviews/nope/transcript.txt").status_code == 404
    assert client.get(f"/interviews/{archive.slug}/transcript.pdf").status_code == 404


# --- the search feed --------------------------------------------------------------------


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed, feed.findall(f"{ATOM}entry")


def test_a_search_as_an_atom_feed_newest_first(client, archive):
    feed, found = entries(client.get("/search/feed/", {"q": "NATO"}))
    newest = search(q="NATO", sort="newest", per_page=30, facets=False)
    assert [e.find(f"{ATOM}link").get("href") for e in found] == [
        f"http://testserver{hit.turn.get_absolute_url()}" for hit in newest.hits
    ]
    assert len(found) > 1
    dates = [hit.turn.date for hit in newest.hits]
    assert dates == sorted(dates, reverse=True)
    assert "NATO" in feed.find(f"{ATOM}title").text
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == "http://testserver/search/?q=NATO"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/search/feed/?q=NATO")
    for entry in found:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}summary").text


def test_feed_entries_show_imported_markup_as_text(client, archive):
    turn = archive.turns.filter(kind="answer").first()
    Turn.objects.filter(pk=turn.pk).update(text="NATO <script>alert(1)</script> & more")
    _, found = entries(client.get("/search/feed/", {"interview": SEED_SLUG}))
    summary = next(e for e in found if e.find(f"{ATOM}link").get("href").endswith(f"/{turn.key}/"))
    # The summary is HTML once the XML is read: the markup must still be escaped in it.
    html = summary.find(f"{ATOM}summary").text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_the_feed_takes_the_pages_filters(client, archive):
    _, found = entries(client.get("/search/feed/", {"q": "the", "speaker": "jens-stoltenberg"}))
    keys = {e.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1] for e in found}
    assert keys and keys <= set(
        Turn.objects.filter(speaker__slug="jens-stoltenberg").values_list("key", flat=True)
    )
    feed, none = entries(client.get("/search/feed/", {"q": "zzzznothing"}))
    assert none == [] and feed.find(f"{ATOM}title").text


# --- the embeddable card and oEmbed -----------------------------------------------------


def test_a_quote_card_for_other_sites_to_frame(client, archive):
    turn = archive.turns.select_related("speaker").filter(kind="answer").first()
    url = f"/interviews/{SEED_SLUG}/t/{turn.key}/embed/"
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert turn.speaker.name in html and archive.source.name in html
    assert f'href="http://testserver{turn.get_absolute_url()}"' in html
    assert turn.text.split()[0] in html
    assert "<script" not in html and "style=" not in html  # the policy allows neither inline
    # Every other page still refuses to be framed.
    page = client.get(turn.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert client.get(f"/interviews/{SEED_SLUG}/t/zzzz/embed/").status_code == 404


def test_the_card_cuts_only_a_long_quote(client, archive):
    short, long = archive.turns.order_by("position")[:2]
    Turn.objects.filter(pk=short.pk).update(text="First words.\n\nSecond words.")
    Turn.objects.filter(pk=long.pk).update(text=" ".join(["word"] * 200) + " tail")
    card = client.get(f"/interviews/{SEED_SLUG}/t/{short.key}/embed/").content.decode()
    assert "<p>First words.</p>" in card and "<p>Second words.</p>" in card
    assert "See it in the interview" in card
    card = client.get(f"/interviews/{SEED_SLUG}/t/{long.key}/embed/").content.decode()
    assert "tail" not in card and "word …" in card and "Read the whole" in card


def test_the_card_stays_frameable_from_the_page_cache(client, archive, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    turn = archive.turns.first()
    url = f"/interviews/{SEED_SLUG}/t/{turn.key}/embed/"
    client.get(url)
    again = client.get(url)
    assert again["X-Archive-Cache"] == "hit"
    assert "X-Frame-Options" not in again
    assert "frame-ancestors *" in again["Content-Security-Policy"]
    client.get(turn.get_absolute_url())
    page = client.get(turn.get_absolute_url())
    assert page["X-Archive-Cache"] == "hit" and page["X-Frame-Options"] == "DENY"


def test_oembed_answers_an_iframe_of_the_card(client, archive):
    turn = archive.turns.filter(kind="answer").first()
    permalink = f"http://testserver{turn.get_absolute_url()}"
    data = client.get("/api/v1/oembed/", {"url": permalink, "maxwidth": 400}).json()
    assert data["type"] == "rich" and data["width"] == 400
    card = f"http://testserver/interviews/{SEED_SLUG}/t/{turn.key}/embed/"
    assert data["html"].startswith(f'<iframe src="{card}"')
    assert Client().get(card).status_code == 200
    assert (
        client.get("/api/v1/oembed/", {"url": card}).json()["html"]
        == (client.get("/api/v1/oembed/", {"url": permalink}).json()["html"])
    )
    page = client.get(turn.get_absolute_url()).content.decode()
    assert 'type="application/json+oembed"' in page


def merged_away(interview) -> tuple[Turn, Turn]:
    """Merges the third turn with the fourth: (the survivor, the turn merged into it)."""
    first, second = interview.turns.order_by("position")[2:4]
    merge_with_next(first, None)
    return first, second


def removed_by_a_correction(interview) -> Turn:
    """Imports the seed again without its third turn (a question): that turn."""
    removed = Turn.objects.get(interview=interview, position=2)
    shortened = SEED.read_text().replace(
        "euronews: And what about boots on the ground. Or is it just symbolic?\n\n", ""
    )
    assert shortened != SEED.read_text()
    import_document(shortened.encode(), SEED.name)
    assert not Turn.objects.filter(pk=removed.pk).exists()
    return removed


def test_the_card_of_a_merged_quote_leads_where_its_permalink_does(client, archive):
    survivor, merged = merged_away(archive)
    page = client.get(f"/interviews/{SEED_SLUG}/t/{merged.key}/")
    card = client.get(f"/interviews/{SEED_SLUG}/t/{merged.key}/embed/")
    assert page.status_code == card.status_code == 302
    assert page["Location"] == f"/interviews/{SEED_SLUG}/t/{survivor.key}/"
    assert card["Location"] == f"/interviews/{SEED_SLUG}/t/{survivor.key}/embed/"
    followed = client.get(card["Location"])
    assert followed.status_code == 200 and "X-Frame-Options" not in followed
    assert survivor.text.split()[0] in followed.content.decode()
    # An older record that leads through the merged key to the survivor is followed too.
    RetiredTurn.objects.create(interview=archive, key="oldkey", replaced_by=merged.key)
    card = client.get(f"/interviews/{SEED_SLUG}/t/oldkey/embed/")
    assert card["Location"] == f"/interviews/{SEED_SLUG}/t/{survivor.key}/embed/"
    assert client.get(f"/interviews/{SEED_SLUG}/t/oldkey/")["Location"] == (
        f"/interviews/{SEED_SLUG}/t/{survivor.key}/"
    )


def test_the_card_of_a_removed_quote_is_gone_and_points_at_the_interview(client, archive):
    removed = removed_by_a_correction(archive)
    page = client.get(f"/interviews/{SEED_SLUG}/t/{removed.key}/")
    assert page.status_code == 302 and page["Location"] == f"/interviews/{SEED_SLUG}/"
    card = client.get(f"/interviews/{SEED_SLUG}/t/{removed.key}/embed/")
    # The interview's page refuses framing: the frame gets a card that links to it.
    assert card.status_code == 410
    assert "X-Frame-Options" not in card
    assert "frame-ancestors *" in card["Content-Security-Policy"]
    html = card.content.decode()
    assert "removed from the interview" in html and archive.title in html
    assert f'href="http://testserver/interviews/{SEED_SLUG}/" target="_blank"' in html
    assert "<script" not in html and "style=" not in html
    assert client.get(f"/interviews/{SEED_SLUG}/t/nosuchkey/embed/").status_code == 404


def test_oembed_follows_a_merged_quote_and_a_renamed_interview(client, archive):
    survivor, merged = merged_away(archive)
    old = f"http://testserver/interviews/{SEED_SLUG}/t/{merged.key}/"
    data = client.get("/api/v1/oembed/", {"url": old}).json()
    card = f"http://testserver/interviews/{SEED_SLUG}/t/{survivor.key}/embed/"
    assert data["html"].startswith(f'<iframe src="{card}"')
    assert data["author_name"] == survivor.speaker.name
    # Renamed: the old address of a quote still answers, with the card at the new one.
    corrected = SEED.read_text().replace(
        "NATO TO JOIN ANTI-ISIS COALITION", "NATO JOINS ANTI-ISIS COALITION"
    )
    import_document(corrected.encode(), SEED.name)
    new_slug = Interview.objects.get(pk=archive.pk).slug
    assert new_slug != SEED_SLUG
    answer = Turn.objects.filter(interview=archive, kind="answer").first()
    for url in (
        f"http://testserver/interviews/{SEED_SLUG}/t/{answer.key}/",
        f"/interviews/{SEED_SLUG}/t/{answer.key}/embed/",
    ):
        response = client.get("/api/v1/oembed/", {"url": url})
        assert response.status_code == 200, response.content
        card = f"http://testserver/interviews/{new_slug}/t/{answer.key}/embed/"
        assert response.json()["html"].startswith(f'<iframe src="{card}"')
        assert client.get(url.removeprefix("http://testserver")).status_code == 301


def test_oembed_of_a_removed_quote_is_gone(client, archive):
    removed = removed_by_a_correction(archive)
    url = f"http://testserver/interviews/{SEED_SLUG}/t/{removed.key}/"
    response = client.get("/api/v1/oembed/", {"url": url})
    assert response.status_code == 410
    assert f"http://testserver/interviews/{SEED_SLUG}/" in response.json()["detail"]
    unknown = client.get("/api/v1/oembed/", {"url": url.replace(removed.key, "nosuchkey")})
    assert unknown.status_code == 404


# --- alternate links and visible links --------------------------------------------------


def alternates(html: str) -> dict[str, str]:
    """The page's own alternates by type (the site-wide feed of new interviews comes
    first in every page's head and is left out)."""
    from html.parser import HTMLParser

    found = {}

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            own = attrs.get("href") != "/feeds/interviews/"
            if tag == "link" and attrs.get("rel") == "alternate" and own:
                found.setdefault(attrs["type"], attrs["href"])

    Links().feed(html)
    return found


def test_search_page_points_at_its_data(client, archive):
    html = client.get("/search/", {"q": "NATO", "sort": "newest", "page": 2}).content.decode()
    links = alternates(html)
    assert links["application/json"] == "/api/v1/search/?q=NATO&sort=newest"
    assert links["application/atom+xml"] == "/search/feed/?q=NATO&sort=newest"
    assert links["text/csv"] == "/search/export.csv?q=NATO&sort=newest"
    for href in (
        'href="/search/export.csv?q=NATO&amp;sort=newest"',
        'href="/search/export.jsonl?q=NATO&amp;sort=newest"',
        'href="/search/export.json?q=NATO&amp;sort=newest"',
        'href="/search/feed/?q=NATO&amp;sort=newest"',
    ):
        assert href in html
    for url in links.values():
        assert client.get(url).status_code == 200


def test_interview_pages_point_at_their_data(client, archive):
    html = client.get(f"/interviews/{SEED_SLUG}/").content.decode()
    links = alternates(html)
    assert links["application/json"] == f"/api/v1/interviews/{SEED_SLUG}/"
    assert links["text/plain"] == f"/interviews/{SEED_SLUG}/transcript.txt"
    assert links["text/markdown"] == f"/interviews/{SEED_SLUG}/transcript.md"
    assert links["text/csv"] == f"/search/export.csv?interview={SEED_SLUG}"
    assert f'href="/interviews/{SEED_SLUG}/transcript.txt"' in html.split("<main", 1)[1]
    for url in links.values():
        assert client.get(url).status_code == 200
    listed = alternates(
        client.get("/interviews/", {"source": archive.source.slug}).content.decode()
    )
    assert listed["application/json"] == f"/api/v1/interviews/?source={archive.source.slug}"
    assert listed["text/csv"] == f"/interviews/export.csv?source={archive.source.slug}"
    turn = archive.turns.first()
    quote = alternates(client.get(turn.get_absolute_url()).content.decode())
    assert quote["application/json"] == f"/api/v1/interviews/{SEED_SLUG}/turns/{turn.key}/"
