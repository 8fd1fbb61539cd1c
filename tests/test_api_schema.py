"""The API tested from its own OpenAPI schema (/api/v1/schema/) with schemathesis: every
GET endpoint, with generated parameters, answers without a server error and as its
schema says, over the Django WSGI application and a small loaded archive.

Deterministic (derandomized, a bounded number of examples per endpoint) and run on
whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL).
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interviews.importing import import_document
from interviews.models import Topic

from .conftest import corpus_file

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"


@pytest.fixture
def archive(seed_interview, people):
    for prefix in ("19_", "21_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    seed_interview.topics.add(Topic.objects.create(name="Alliance politics"))
    return seed_interview


@pytest.fixture
def api_schema(archive):
    from archive.wsgi import application

    # Django's WSGI handler closes a connection that is inside a transaction at the end
    # of each request, which would end the test's own transaction (and its archive) on
    # PostgreSQL; Django's test client lets connections be in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


EXAMPLES = settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    # The archive is loaded once for the whole test, inside its transaction.
    suppress_health_check=list(HealthCheck),
)


def test_every_get_endpoint_keeps_to_its_schema(api_schema):
    # schemathesis' own pytest plugin (`from_fixture(...).parametrize()`) renames the
    # running test node, which pytest 9 no longer allows: each operation's Hypothesis
    # test is run here instead, with the same strategies and checks.
    tried = []
    for result in api_schema.include(method="GET").get_all_operations():
        operation = result.ok()

        @EXAMPLES
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as error:
            error.add_note(f"in GET {operation.path}")
            raise
        tried.append(operation.path)
    assert {"/api/v1/search/", "/api/v1/interviews/{slug}/", "/api/v1/oembed/"} <= set(tried)
    assert "/api/v1/imports/" not in tried


def test_real_objects_keep_to_the_schema(api_schema, archive):
    """Generated slugs mostly find nothing (404); these find the archive's own objects,
    so the detail answers' shapes are checked too."""
    turn = archive.turns.filter(kind="answer").first()
    speaker = turn.speaker
    cases = [
        ("/api/v1/interviews/{slug}/", {"slug": archive.slug}, {}),
        ("/api/v1/interviews/{slug}/", {"slug": archive.slug}, {"format": "md"}),
        ("/api/v1/interviews/{slug}/turns/{key}/", {"slug": archive.slug, "key": turn.key}, {}),
        ("/api/v1/speakers/{slug}/", {"slug": speaker.slug}, {}),
        ("/api/v1/sources/{slug}/", {"slug": archive.source.slug}, {}),
        ("/api/v1/topics/{slug}/", {"slug": "alliance-politics"}, {}),
        ("/api/v1/interviews/", {}, {"speaker": speaker.slug, "format": "csv"}),
        ("/api/v1/speakers/", {}, {"name": "stolt", "limit": 3}),
        ("/api/v1/search/", {}, {"q": "coalition", "sort": "newest"}),
        ("/api/v1/search/", {}, {"q": "NATO", "interview": archive.slug, "limit": 100}),
        ("/api/v1/oembed/", {}, {"url": f"http://localhost{turn.get_absolute_url()}"}),
    ]
    for path, path_parameters, query in cases:
        case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, (path, query, response.text[:300])
