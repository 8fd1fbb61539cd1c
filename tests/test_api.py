"""The open-data API (/api/v1/): shapes, paging, filters shared with the pages, search
equal to the page's, conditional GETs, CORS, exports and imports with API keys.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL).
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from interviews.api.tokens import create_token, digest_of
from interviews.editing.accounts import make_editor
from interviews.filters import TurnSearchFilter
from interviews.importing import import_document
from interviews.models import ApiToken, ArchiveRevision, Interview, SpeakerName, Topic, Turn
from interviews.search import search

from .conftest import SEED, corpus_file

pytestmark = pytest.mark.django_db

SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"


@pytest.fixture
def archive(seed_interview, people):
    for prefix in ("19_", "21_", "15_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    topic = Topic.objects.create(name="Alliance politics")
    seed_interview.topics.add(topic)
    return seed_interview


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


# --- reading ------------------------------------------------------------------------------


def test_interview_list_pages_with_limit_offset_and_full_urls(client, archive):
    total = Interview.objects.count()
    first = get(client, "/api/v1/interviews/", limit=2)
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == total and len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/interviews/?")
    assert "offset=2" in first["next"] and "limit=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and second["results"][0]["slug"] not in {
        r["slug"] for r in first["results"]
    }
    newest = Interview.objects.for_listing().first()
    assert first["results"][0]["slug"] == newest.slug
    row = first["results"][0]
    for name in ("title", "date", "source", "participants", "page_url", "api_url", "turn_count"):
        assert name in row
    assert row["page_url"] == f"http://testserver{newest.get_absolute_url()}"


def test_interview_list_shares_the_pages_filters(client, archive):
    source = archive.source
    answer = get(client, "/api/v1/interviews/", source=source.slug)
    page = client.get("/interviews/", {"source": source.slug})
    assert answer["count"] >= 1
    for row in answer["results"]:
        assert row["slug"] in page.content.decode()
    assert {r["slug"] for r in answer["results"]} == set(
        Interview.objects.filter(source=source).values_list("slug", flat=True)
    ) | set(Interview.objects.filter(publisher=source).values_list("slug", flat=True))
    by_speaker = get(client, "/api/v1/interviews/", speaker="jens-stoltenberg")
    assert [r["slug"] for r in by_speaker["results"]] == [SEED_SLUG]
    assert get(client, "/api/v1/interviews/", year=1900)["count"] == 0


def test_bad_filters_say_what_is_wrong(client, archive):
    response = client.get("/api/v1/interviews/", {"source": "no-such-outlet", "year": "x"})
    assert response.status_code == 400
    assert set(response.json()) >= {"source", "year"}
    # Nonsense paging is the first page, never an error.
    assert client.get("/api/v1/interviews/", {"limit": "-3", "offset": "x"}).status_code == 200


def test_interview_detail_has_participants_and_turns_in_order(client, archive):
    data = get(client, f"/api/v1/interviews/{SEED_SLUG}/")
    assert data["slug"] == SEED_SLUG
    turns = list(archive.turns.order_by("position"))
    assert [t["key"] for t in data["turns"]] == [t.key for t in turns]
    assert data["turns"][0]["permalink"].endswith(f"/t/{turns[0].key}/")
    names = {p["speaker"]["name"] for p in data["participants"]}
    assert "Jens Stoltenberg" in names
    assert "alliance-politics" in [t["slug"] for t in data["topics"]]
    assert client.get("/api/v1/interviews/nope/").status_code == 404


def test_renamed_interview_redirects_to_its_new_api_address(client, archive):
    archive.title = "A new title for the same interview"
    archive.save()
    response = client.get(f"/api/v1/interviews/{SEED_SLUG}/")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/interviews/{archive.slug}/"


def test_turn_by_permalink_with_the_question_it_answers(client, archive):
    answer = archive.turns.filter(kind="answer").order_by("position")[1]
    question = (
        archive.turns.filter(kind="question", position__lt=answer.position)
        .order_by("-position")
        .first()
    )
    data = get(client, f"/api/v1/interviews/{SEED_SLUG}/turns/{answer.key}/")
    assert data["key"] == answer.key and data["text"] == answer.text
    assert data["question"]["key"] == question.key
    assert data["speaker"]["slug"] == answer.speaker.slug
    assert data["interview"]["slug"] == SEED_SLUG
    first = archive.turns.order_by("position").first()
    assert get(client, f"/api/v1/interviews/{SEED_SLUG}/turns/{first.key}/")["question"] is None
    assert client.get(f"/api/v1/interviews/{SEED_SLUG}/turns/zzzz/").status_code == 404


def test_speakers_with_registry_id_other_names_and_dated_roles(client, archive):
    listed = get(client, "/api/v1/speakers/", name="stoltenberg")
    assert [s["slug"] for s in listed["results"]] == ["jens-stoltenberg"]
    speaker = archive.speakers.get(slug="jens-stoltenberg")
    SpeakerName.objects.create(speaker=speaker, name="J. Stoltenberg", origin="editor")
    speaker.memberships.create(
        role="Chair of the test committee", organisation="NATO", start_date="2014-10-01"
    )
    data = get(client, "/api/v1/speakers/jens-stoltenberg/")
    assert data["name"] == "Jens Stoltenberg"
    assert "person_id" in data and "identifiers" in data
    assert "J. Stoltenberg" in [n["name"] for n in data["other_names"]]
    role = next(m for m in data["memberships"] if m["role"] == "Chair of the test committee")
    assert role["start_date"] == "2014-10-01" and role["end_date"] is None
    assert data["turn_count"] == speaker.turns.count()


def test_sources_and_topics(client, archive):
    sources = get(client, "/api/v1/sources/", limit=100)
    slug = archive.source.slug
    row = next(s for s in sources["results"] if s["slug"] == slug)
    assert row["interview_count"] >= 1
    assert get(client, f"/api/v1/sources/{slug}/")["name"] == archive.source.name
    topics = get(client, "/api/v1/topics/", limit=100)
    assert "alliance-politics" in [t["slug"] for t in topics["results"]]
    assert get(client, "/api/v1/topics/alliance-politics/")["name"] == "Alliance politics"


# --- search --------------------------------------------------------------------------------

SEARCHES = [
    {"q": "coalition"},
    {"q": "NATO", "sort": "newest"},
    {"q": "NATO", "sort": "oldest", "part": "interviewee"},
    {"q": "the"},
    {"speaker": "jens-stoltenberg"},
    {"q": '"the coalition" OR alliance'},
    {"q": "nato -coalition", "date_from": "2014-01-01"},
    {"q": "", "interview": SEED_SLUG},
]


@pytest.mark.parametrize("params", SEARCHES)
def test_api_search_lists_the_pages_quotes_in_the_pages_order(client, archive, params):
    assert get(client, "/api/v1/search/", **params)["results"], "a search that finds nothing"
    for page_number in (1, 2):
        query = {**params, "page": page_number}
        page = search(
            TurnSearchFilter(query, queryset=Turn.objects.all()).search_params(page=page_number)
        )
        data = get(client, "/api/v1/search/", **query)
        # Past the last page the page shows the last one again; a window there is empty.
        shown = page.hits if page.number == page_number else []
        assert [r["key"] for r in data["results"]] == [h.turn.key for h in shown]
        assert data["count"] == page.count and data["capped"] == page.capped
        facets = {name: [v.value for v in values] for name, values in page.facets.items()}
        assert {n: [v["value"] for v in vs] for n, vs in data["facets"].items()} == facets
    # And the HTML page shows the same first quotes.
    html = client.get("/search/", params).content.decode()
    for row in get(client, "/api/v1/search/", **params)["results"][:5]:
        assert f"/t/{row['key']}/" in html


def test_search_windows_at_any_offset(client, archive):
    whole = get(client, "/api/v1/search/", q="the", limit=30)["results"]
    assert len(whole) > 12
    window = get(client, "/api/v1/search/", q="the", limit=7, offset=5)
    assert [r["key"] for r in window["results"]] == [r["key"] for r in whole[5:12]]
    assert "offset=12" in window["next"] and "offset" not in (window["previous"] or "x=1")
    assert "offset=" not in window["previous"] or "offset=0" not in window["previous"]
    past = get(client, "/api/v1/search/", q="the", offset=100000)
    assert past["results"] == [] and past["next"] is None


def test_search_result_fields_and_errors(client, archive):
    data = get(client, "/api/v1/search/", q="coalition", speaker="nobody-at-all")
    assert data["errors"]["speaker"]
    hit = get(client, "/api/v1/search/", q="coalition")["results"][0]
    for name in ("key", "text", "snippet_html", "speaker", "interview", "permalink", "question"):
        assert name in hit
    assert "<mark>" in hit["snippet_html"]
    assert get(client, "/api/v1/search/")["results"] == []


@pytest.mark.parametrize(
    "query",
    ["\x00", "a" * 5000, '"', "((", "-", "OR", "\u202e\u200f", "speaker=&&&", "NEAR(a b)"],
)
def test_hostile_searches_answer(client, archive, query):
    response = client.get("/api/v1/search/", {"q": query, "limit": "abc", "page": "-1"})
    assert response.status_code == 200


# --- HTTP: conditional requests and CORS --------------------------------------------------


def test_etag_and_last_modified_follow_the_archive_revision(client, archive):
    ArchiveRevision.objects.update_or_create(
        pk=1, defaults={"number": 7, "changed_at": timezone.now()}
    )
    first = client.get("/api/v1/interviews/")
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = client.get("/api/v1/interviews/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/interviews/?limit=1", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    since = client.get("/api/v1/interviews/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    ArchiveRevision.objects.filter(pk=1).update(number=8)
    changed = client.get("/api/v1/interviews/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_cors_is_open_for_reading_only(client, archive):
    response = client.get("/api/v1/interviews/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/search/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    imports = client.options(
        "/api/v1/imports/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in imports
    page = client.get("/interviews/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page


# --- schema and documentation -------------------------------------------------------------


def test_schema_and_documentation_page(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/interviews/", "/api/v1/search/", "/api/v1/imports/"):
        assert path in schema["paths"]
    page = client.get("/api/v1/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "GET /api/v1/search/" in text and "snippet_html" in text
    assert "<script" not in text  # the policy allows none inline, and none is needed


# --- API keys and imports -------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return make_editor("pipeline-owner", password="a-long-password-for-tests")[0]


@pytest.fixture
def key(editor):
    return create_token(editor, "wire ingest")[1]


def post_import(key, **data):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post("/api/v1/imports/", data, **headers)


def test_editors_make_a_key_once_and_revoke_it(client, editor):
    client.force_login(editor)
    page = client.get("/edit/api-keys/")
    assert page.status_code == 200 and "Make a key" in page.content.decode()
    made = client.post("/edit/api-keys/", {"action": "create", "name": "wire ingest"})
    text = made.content.decode()
    token = ApiToken.objects.get(user=editor)
    key = text.split('<code class="api-key">')[1].split("</code>")[0]
    assert key.startswith("ia_") and token.digest == digest_of(key)
    assert key not in token.digest and key not in client.get("/edit/api-keys/").content.decode()
    assert post_import(key, text=SEED.read_text(), dry_run="1").status_code == 200
    client.post("/edit/api-keys/", {"action": "revoke", "token": token.pk})
    assert post_import(key, text=SEED.read_text(), dry_run="1").status_code == 401


def test_readers_cannot_make_keys(client, db):
    reader = get_user_model().objects.create_user("reader", password="a-long-password-for-tests")
    client.force_login(reader)
    assert client.get("/edit/api-keys/").status_code == 403


def test_dry_run_answers_what_the_command_prints(key, sources, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    call_command(
        "import_interviews", str(path), dry_run=True, json=True, stdout=out, stderr=io.StringIO()
    )
    expected = json.loads(out.getvalue())
    with SEED.open("rb") as document:
        response = post_import(key, file=document, dry_run="1")
    assert response.status_code == 200
    answer = response.json()
    expected[0]["file"] = answer[0]["file"] = SEED.name
    assert answer == expected
    assert not Interview.objects.exists()


def test_import_through_the_api_creates_the_interview_once(key, editor, sources):
    response = post_import(key, text=SEED.read_text(), file_name="seed.txt")
    assert response.status_code == 201, response.content
    answer = response.json()[0]
    assert answer["status"] == "created"
    interview = Interview.objects.get()
    assert answer["interview"].endswith(f"/api/v1/interviews/{interview.slug}/")
    assert interview.imported_by == editor
    again = post_import(key, text=SEED.read_text(), file_name="seed.txt")
    assert again.status_code == 200 and again.json()[0]["status"] == "unchanged"
    assert Interview.objects.count() == 1


def test_imports_need_an_editors_key(editor, sources):
    assert post_import(None, text="Q: hello").status_code == 401
    assert post_import("ia_not-a-key", text="Q: hello").status_code == 401
    key = create_token(editor, "old")[1]
    editor.groups.clear()
    editor.is_superuser = False
    editor.save()
    assert post_import(key, text="Q: hello").status_code == 401


def test_unreadable_and_refused_documents_are_clear_errors(key, sources):
    bad = post_import(key, file=_named(b"\x89PNG\r\n\x1a\n" + b"0" * 100, "photo.txt"))
    assert bad.status_code == 400 and "binary file" in bad.json()[0]["error"]
    named = post_import(key, file=_named(b"MZ\x90\x00 program", "x.exe"))
    assert named.status_code == 400 and "unsupported" in named.json()[0]["error"]
    empty = post_import(key)
    assert empty.status_code == 400 and "file" in empty.json()


def _named(data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_imports_are_rate_limited_per_key(key, editor, sources, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"imports": "2/hour"},
    }
    from rest_framework.settings import api_settings

    from interviews.api.throttling import ImportRateThrottle

    ImportRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        codes = [post_import(key, text=SEED.read_text(), dry_run="1").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        limited = post_import(key, text=SEED.read_text(), dry_run="1")
        assert 0 < int(limited["Retry-After"]) <= 3600
        other = create_token(editor, "another pipeline")[1]
        assert post_import(other, text=SEED.read_text(), dry_run="1").status_code == 200
    finally:
        ImportRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
