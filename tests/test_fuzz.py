"""Hostile input, generated: search parameters of every kind give a page, never a 500,
with highlights escaped; hostile documents give an import or a clear error in time.

The search part runs on whichever database the suite runs on (CI runs both). Each
test prints what it tried (count, server errors, slowest) at the end of the run.
"""

from __future__ import annotations

import io
import multiprocessing
import random
import re
import time
import zipfile
from urllib.parse import quote

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.importing import import_document

from .conftest import FIGURES, SEED

PARAMS = ["q", "speaker", "part", "source", "topic", "language", "date_from", "date_to"]
PARAMS += ["interview", "sort", "page", "year"]
NASTY = [
    "",
    "\x00",
    "\ud800",  # a lone surrogate
    "\udfff",
    "\u202e",  # right-to-left override
    "\ufeff",
    '"',
    '""',
    '"unclosed',
    "-",
    "--",
    "OR",
    "AND OR NOT",
    "-coalition",
    "NATO OR",
    "*",
    "NEAR(a b)",
    "col:word",
    "^a",
    "a + b",
    "'; DROP TABLE interviews_turn; --",
    "1 OR 1=1",
    "%",
    "_",
    "\\",
    "<x-fuzz>",
    '"><x-fuzz a=1>',
    "&lt;x-fuzz&gt;",
    "\ue000\ue001",  # private-use characters, as highlight sentinels might be
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "NaN",
    "2017-02-30",
    "0000-00-00",
    "9999-12-31",
    "stoltenberg",
    "Jens Stoltenberg",
    "interviewer",
    "newest",
    "coalition",
    "NATO",
    "𝒩𝒜𝒯𝒪",
    "İNCELEMELERİ",
    "x" * 10_000,
    "a " * 3_000,
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40),
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=4).map(" ".join),
)
keys = st.one_of(st.sampled_from(PARAMS), st.text(max_size=12))
queries = st.lists(st.tuples(keys, values), min_size=0, max_size=8)


def raw_query_string(pairs) -> str:
    """As a browser (or anything else) may send it: lone surrogates as their bytes."""
    return "&".join(
        f"{quote(k, safe='', errors='surrogatepass')}={quote(v, safe='', errors='surrogatepass')}"
        for k, v in pairs
    )


HOSTILE_DOCUMENT = """Title: <x-fuzz>Hostile</x-fuzz> & "quoted" coalition
Date: 2020-01-02
Source: <b>Outlet</b>

Interviewer <x-fuzz>: Is <script>alert(1)</script> the coalition's \ue000plan\ue001?

Jens Stoltenberg: The coalition <x-fuzz onload="x"> & NATO &amp; &lt;b&gt; </mark><mark> agree.
"""


@pytest.fixture
def hostile_archive(seed_interview):
    outcome = import_document(HOSTILE_DOCUMENT.encode(), "hostile.txt")
    assert outcome.ok, outcome.error
    return seed_interview


def _check_page(response) -> None:
    body = response.content.decode("utf-8", "replace")
    assert response.status_code < 500, body[:2000]
    # Markup from a query or a document never reaches the page unescaped.
    assert "<x-fuzz" not in body
    assert "<script>alert" not in body
    for fragment in re.findall(r"<mark>(.*?)</mark>", body, flags=re.S):
        assert "<" not in fragment and ">" not in fragment


@pytest.mark.django_db
def test_hostile_search_parameters_give_a_page_with_escaped_highlights(client, hostile_archive):
    timings: list[tuple[float, str]] = []
    errors = 0

    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(queries)
    def run(pairs):
        nonlocal errors
        query = raw_query_string(pairs)
        started = time.perf_counter()
        response = client.get("/search/", QUERY_STRING=query)
        timings.append((time.perf_counter() - started, query))
        if response.status_code >= 500:
            errors += 1
        _check_page(response)

    client.get("/search/", {"q": "warm up"})  # templates and caches, not counted
    run()
    # The same garbage on the other pages that read query strings.
    for path in ("/interviews/", "/speakers/", "/search/speakers/", "/feeds/interviews/"):
        for value in NASTY:
            query = raw_query_string(
                [(p, value) for p in ("q", "page", "year", "source", "initial", "speaker")]
            )
            started = time.perf_counter()
            response = client.get(path, QUERY_STRING=query)
            timings.append((time.perf_counter() - started, f"{path}?{query}"))
            _check_page(response)
    slowest, which = max(timings)
    FIGURES.append(
        f"hostile queries on {connection.vendor}: {len(timings)} requests, {errors} server "
        f"errors, slowest {slowest * 1000:.0f} ms ({which[:80]!r})"
    )
    assert errors == 0


@pytest.mark.django_db
def test_the_one_query_that_found_a_hostile_match_highlights_it_escaped(client, hostile_archive):
    response = client.get("/search/", {"q": "coalition"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;" in body or "&lt;x-fuzz" in body
    assert "<mark>" in body
    _check_page(response)


# --- documents -------------------------------------------------------------------------

TIME_LIMIT = 120  # seconds per document: a hang, not a slow parse, is what fails here


def _docx(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def hostile_documents() -> list[tuple[str, str, bytes]]:
    """(what, file name, bytes): generated here, none kept in the repository."""
    rng = random.Random(20250101)
    seed = SEED.read_bytes()
    text = seed.decode("utf-8")
    documents = []
    for n in range(12):
        documents.append(
            (f"random bytes {n}", f"random{n}.txt", rng.randbytes(rng.randint(0, 4096)))
        )
    for n in range(6):
        documents.append(
            (f"random bytes as .docx {n}", f"random{n}.docx", b"PK\x03\x04" + rng.randbytes(2000))
        )
        documents.append((f"random bytes as .html {n}", f"random{n}.html", rng.randbytes(3000)))
    utf8 = text.encode("utf-8")
    utf16 = text.encode("utf-16")
    for cut in (1, 2, 3, 17, len(utf8) // 3, len(utf8) // 2 + 1, len(utf8) - 1):
        documents.append((f"UTF-8 cut at {cut}", "cut8.txt", utf8[:cut]))
    for cut in (1, 3, 5, len(utf16) // 2 + 1, len(utf16) - 1):
        documents.append((f"UTF-16 cut at {cut}", "cut16.txt", utf16[:cut]))
    for n in range(8):  # the seed with bytes flipped
        mangled = bytearray(seed)
        for _ in range(40):
            mangled[rng.randrange(len(mangled))] = rng.randrange(256)
        documents.append((f"seed with 40 bytes flipped {n}", "flipped.txt", bytes(mangled)))
    documents.append(("a 50 MB line", "line.txt", b"x" * (50 * 1024 * 1024)))
    documents.append(("a 7 MB line", "line7.txt", b"Ann: " + b"word " * (7 * 1024 * 1024 // 5)))
    words = b" ".join(b"w%d" % n for n in range(900_000))
    documents.append(("a 7 MB turn of distinct words", "words.txt", b"Ann: " + words))
    documents.append(("a million lines", "million.txt", b"Ann: start\n" + b"word\n" * 1_000_000))
    documents.append(("a million empty lines", "empty.txt", b"\n" * 1_000_000))
    bomb = _docx(b"<w:document>" + b" " * 1_000_000_000)
    documents.append((f"a .docx zip bomb ({len(bomb) // 1024} KB to 1 GB)", "bomb.docx", bomb))
    documents.append(("nested HTML", "nested.html", b"<p><b>" * 100_000 + b"Ann: hi"))
    documents.append(("nested divs", "divs.html", b"<div>" * 200_000))
    documents.append(("unclosed tags", "open.html", b"<p" * 500_000))
    documents.append(("NUL bytes", "nul.txt", b"Ann: a\x00b\n\x00\x00Bob: \x00"))
    documents.append(("only a BOM", "bom.txt", b"\xef\xbb\xbf"))
    documents.append(("empty", "empty.txt", b""))
    return documents


def _import_in_child(data: bytes, name: str, queue) -> None:
    import os

    from django.db import connections

    if connection.vendor == "postgresql":
        # The parent's connection is not ours to use or close: open our own.
        for inherited in connections.all(initialized_only=True):
            inherited.connection = None
    try:
        outcome = import_document(data, name)
        queue.put((outcome.status, str(outcome.error or "")))
    except BaseException as error:  # a crash is what this test is looking for
        queue.put(("crashed", f"{type(error).__name__}: {error}"))
    queue.close()
    queue.join_thread()
    os._exit(0)  # no finalizer may touch what the parent shares with us


@pytest.mark.django_db(transaction=True)
def test_hostile_documents_are_imported_or_refused_clearly_in_time(sources):
    context = multiprocessing.get_context("fork")
    outcomes = []
    for what, name, data in hostile_documents():
        queue = context.Queue()
        child = context.Process(target=_import_in_child, args=(data, name, queue))
        started = time.perf_counter()
        child.start()
        child.join(TIME_LIMIT)
        seconds = time.perf_counter() - started
        if child.is_alive():
            child.kill()
            child.join()
            pytest.fail(f"{what}: no answer within {TIME_LIMIT} s")
        assert not queue.empty(), f"{what}: the importer process died (exit {child.exitcode})"
        status, message = queue.get()
        assert status in ("created", "updated", "failed", "unchanged"), (
            f"{what}: {status} {message}"
        )
        if status == "failed":
            assert message and "Traceback" not in message, what
        outcomes.append((what, status, seconds))
    slowest = max(outcomes, key=lambda o: o[2])
    FIGURES.append(
        f"hostile documents on {connection.vendor}: {len(outcomes)} imported or refused "
        f"({sum(o[1] in ('created', 'updated', 'unchanged') for o in outcomes)} imported, "
        f"{sum(o[1] == 'failed' for o in outcomes)} refused with a reason), 0 crashes or hangs, "
        f"slowest {slowest[2]:.1f} s ({slowest[0]})"
    )


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a"]))
def test_any_bytes_give_an_import_or_a_reason(data, name):
    outcome = import_document(data, name, dry_run=True)
    assert outcome.status in ("preview", "failed")
    if outcome.status == "failed":
        assert outcome.error.reason
