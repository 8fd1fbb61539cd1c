"""Full-text search, written once and run on whichever database the suite runs on.

`make test` runs it on SQLite (FTS5) and `DATABASE_URL=postgres://... make test` on
PostgreSQL (tsvector + GIN): the same assertions hold on both.
"""

from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.consistency import sync_interview
from interviews.filters import TurnSearchFilter, search_params
from interviews.importing import import_document
from interviews.models import Interview, Source, Speaker, Topic, Turn
from interviews.search import (
    NEWEST,
    OLDEST,
    SearchParams,
    filter_queryset,
    index_problems,
    refresh_index,
    search,
)
from tests.conftest import SEED, corpus_file

SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"

# A short Turkish interview: the archive's Turkish sources print names and mastheads in
# capitals with dotted capital İ, which must fold to a plain i.
TURKISH = """AVRASYA İNCELEMELERİ MERKEZİ BAŞKANI İLE SÖYLEŞİ

Kaynak: Anadolu Ajansı
Tarih: 14.03.2018

Anadolu Ajansı muhabiri Ayşe Yılmaz, Avrasya İncelemeleri Merkezi Başkanı Alev Kılıç ile Türkiye'nin dış politikasını konuştu.

Ayşe Yılmaz: Cumhurbaşkanı Erdoğan'ın son açıklamalarını nasıl değerlendiriyorsunuz?

Alev Kılıç: Cumhurbaşkanı Erdoğan'ın açıklamaları, Türkiye'nin bölgedeki rolünü açıkça ortaya koyuyor. AVRASYA İNCELEMELERİ MERKEZİ olarak bu konuyu uzun süredir inceliyoruz.

Ayşe Yılmaz: Rusya ile ilişkiler nereye gidiyor?

Alev Kılıç: Rusya ile ilişkilerimiz ekonomik işbirliği temelinde gelişiyor. Diyalog kanalları her zaman açık kalmalı.
"""

# Imported text is data, never markup.
MARKUP = """Markup in a transcript

EuroNews (2 June 2020)

Reporter: Did the page print <script>alert("pwned")</script> when the quote was shown?

Jane Sample: It printed <b>nothing</b> & the <img src=x onerror=alert(1)> stayed text, I promise.
"""

PARAMETERS = [
    *("speaker", "part", "source", "topic", "language", "date_from", "date_to"),
    *("interview", "sort", "page"),
]
NASTY_QUERIES = [
    '"',
    '"unclosed phrase',
    "-",
    "- -",
    "OR",
    "OR OR NATO OR",
    "NATO OR",
    "*",
    "NATO*",
    "NEAR(NATO Russia, 3)",
    "body: NATO",
    "^NATO",
    "NATO AND NOT Russia",
    "'; DROP TABLE interviews_turn; --",
    "%' OR 1=1 --",
    "\\x00",
    "\x00\x01\x02 NATO \x7f",
    "\u202e\u200bNATO\ufeff",
    "\ud800",
    "🦀 emoji 中文 русский العربية",
    "a" * 10_000,
    "NATO " * 2_000,
    '"' * 501,
    "(((((NATO",
    "-NATO",
    '-"combat role"',
    "&&||!!:*()",
    "!NATO & Russia | deterrence <-> dialogue",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def archive(sources):
    """The seed, three real transcripts (English and Spanish) and a Turkish interview."""
    for path in (SEED, corpus_file("15_"), corpus_file("19_"), corpus_file("22_")):
        outcome = import_document(path.read_bytes(), path.name)
        assert outcome.ok, outcome.error
    outcome = import_document(TURKISH.encode(), "avim_soylesi_2018-03-14.txt")
    assert outcome.ok and outcome.interview.language == "tr"
    return Interview.objects.get(slug=SEED_SLUG)


@pytest.fixture
def stoltenberg(archive):
    return Speaker.objects.get(name="Jens Stoltenberg")


def texts(page) -> list[str]:
    return [hit.turn.text for hit in page.hits]


def all_ids(**params) -> set[int]:
    return {hit.turn.pk for hit in search(per_page=100, **params).hits}


# --- what the issue asks for, on the seed --------------------------------------------


def test_deterrence_dialogue_finds_stoltenbergs_answer_about_russia_with_both_words_marked(
    archive, client
):
    page = search(q="deterrence dialogue")
    top = page.hits[0]
    assert top.turn.speaker.name == "Jens Stoltenberg"
    assert "NATO has a very clear position on Russia" in top.turn.text
    assert "<mark>deterrent</mark>" in top.snippet
    assert "<mark>dialogue</mark>" in top.snippet
    assert "<mark>deterrence</mark>" in top.snippet
    assert top.question is not None and "doesnt mention Russia" in top.question.text

    html = client.get("/search/", {"q": "deterrence dialogue"}).content.decode()
    assert "<mark>deterrent</mark> and <mark>dialogue</mark> combined" in html
    assert top.turn.get_absolute_url() in html


def test_an_exact_phrase_finds_the_continuation_paragraph_of_the_second_answer(archive):
    page = search(q='"combat role"', interview=archive)
    assert page.count == 1
    turn = page.hits[0].turn
    second_answer = archive.turns.filter(kind="answer").order_by("position")[1]
    assert turn == second_answer
    assert turn.paragraphs[1].startswith("NATO is not going into a combat role.")
    assert "<mark>combat role</mark>" in page.hits[0].snippet
    # The words in another order are not the phrase.
    assert search(q='"role combat"', interview=archive).count == 0
    assert search(q="role combat", interview=archive).count == 1


def test_speaker_and_isis_find_his_first_answer(archive, stoltenberg, client):
    response = client.get("/search/", {"speaker": stoltenberg.slug, "q": "ISIS"})
    assert response.status_code == 200
    page = response.context["page"]
    assert [hit.turn.speaker for hit in page.hits] == [stoltenberg]
    first_answer = archive.turns.filter(kind="answer").order_by("position").first()
    assert page.hits[0].turn == first_answer
    assert "<mark>ISIS</mark>" in response.content.decode()


def test_interviewer_and_coalition_find_only_the_first_question(archive, client):
    response = client.get("/search/", {"part": "interviewer", "q": "coalition"})
    page = response.context["page"]
    first_question = archive.turns.order_by("position").first()
    assert [hit.turn for hit in page.hits] == [first_question]
    assert page.count == 1


# --- query syntax ------------------------------------------------------------------


def test_all_words_must_match(archive):
    both = all_ids(q="deterrence dialogue")
    assert both and both <= all_ids(q="deterrence") & all_ids(q="dialogue")
    assert len(all_ids(q="dialogue")) > len(both)


def test_or_finds_either_word(archive):
    manchester = all_ids(q="Manchester", interview=archive)
    canada = all_ids(q="Canada", interview=archive)
    assert manchester and canada and not manchester & canada
    assert all_ids(q="Manchester OR Canada", interview=archive) == manchester | canada
    # OR binds tighter than the implicit AND: NATO and (Manchester or Canada).
    assert all_ids(q="NATO Manchester OR Canada", interview=archive) == (
        all_ids(q="NATO", interview=archive) & (manchester | canada)
    )


def test_excluded_words_and_phrases(archive):
    nato = search(q="NATO", per_page=100)
    without = search(q="NATO -Russia", per_page=100)
    assert 0 < without.count < nato.count
    assert all("russia" not in text.lower() for text in texts(without))
    without_phrase = all_ids(q='NATO -"combat role"')
    assert without_phrase == all_ids(q="NATO") - all_ids(q='"combat role"')


def test_exclusions_alone_find_nothing_and_say_why(archive, client):
    page = search(q="-Russia")
    assert page.count == 0 and page.hits == []
    assert any("Add a word" in notice for notice in page.notices)
    assert "Add a word to search for" in client.get("/search/", {"q": "-Russia"}).content.decode()


def test_case_does_not_matter(archive):
    assert all_ids(q="nato") == all_ids(q="NATO") == all_ids(q="NaTo")


def test_accents_do_not_matter(archive):
    # Spanish: corrupcion finds corrupción, in either direction.
    plain = all_ids(q="corrupcion")
    assert plain and plain == all_ids(q="corrupción") == all_ids(q="CORRUPCIÓN")
    assert all("corrupción" in t.lower() for t in texts(search(q="corrupcion", per_page=100)))
    # Turkish dotted capital İ and ğ.
    turkish = search(q="incelemeleri")
    assert turkish.count == 1
    assert "İNCELEMELERİ" in turkish.hits[0].turn.text
    assert "<mark>İNCELEMELERİ</mark>" in turkish.hits[0].snippet
    erdogan = search(q="Erdogan", languages=["tr"])
    assert erdogan.count == 2
    assert all("Erdoğan" in text for text in texts(erdogan))
    assert "<mark>Erdoğan</mark>" in erdogan.hits[0].snippet


def test_words_are_stemmed_in_the_interviews_language(archive):
    # English: deterrence and deterrent share a stem.
    assert any("deterrent" in t for t in texts(search(q="deterrence")))
    assert all_ids(q="refuelling") == all_ids(q="refueling") != set()  # British and US
    # Spanish: trabajador finds trabajadores.
    workers = search(q="trabajador", languages=["es"], per_page=100)
    assert workers.count and all("trabaj" in t.lower() for t in texts(workers))
    assert any("trabajadores" in t for t in texts(workers))
    # Turkish: ilişki finds ilişkiler and ilişkilerimiz.
    relations = texts(search(q="ilişki", languages=["tr"]))
    assert any("ilişkiler " in t for t in relations)
    assert any("ilişkilerimiz" in t for t in relations)


def test_a_language_filter_keeps_words_another_language_stems_alike_out(archive, stoltenberg):
    # Spanish "economía" and English "economy" are one stem ("economi"): the language's key
    # in the index, and its column, keep the other language's turns out.
    texts_by_language = {
        "en": "The economy is growing.",
        "es": "La economía crece.",
        "": "Economy.",
    }
    for position, (language, text) in enumerate(texts_by_language.items(), start=990):
        Turn.objects.create(
            interview=archive,
            position=position,
            key=f"econ{language or 'x'}",
            speaker=stoltenberg,
            kind="answer",
            text=text,
            language=language,
            date=archive.date,
        )
    made = {"econen", "econes", "econx"}

    def found(q, *languages):
        return {h.turn.key for h in search(q=q, languages=languages, per_page=100).hits} & made

    assert found("economía", "es") == {"econes"}
    assert found("economy", "en") == {"econen"}
    assert found("economía", "es", "en") == {"econes", "econen"}
    assert found("economy") == {"econen", "econes", "econx"}


def test_both_databases_read_joined_words_alike(archive, stoltenberg):
    Turn.objects.create(
        interview=archive,
        position=998,
        key="joinedwd",
        speaker=stoltenberg,
        kind="answer",
        text="See whitehouse.gov/briefings, mail press@nato.int: the U.S. spends 1.5 percent "
        "on state-of-the-art refuelling, up -5 points, <b>twice</b> as much as x<y.",
        language="en",
        date=archive.date,
    )
    for q in (
        "whitehouse",
        "whitehouse.gov",
        "briefings",
        "nato.int",
        "press",
        '"U.S."',
        "U.S",
        "1.5",
        "5",
        "state-of-the-art",
        '"state of the art refuelling"',
        "twice",
        "x<y",
    ):
        page = search(q=q, interview=archive)
        assert [hit.turn.key for hit in page.hits] == ["joinedwd"], q
        assert "<mark>" in page.hits[0].snippet, q


def test_stop_words_are_searchable(archive):
    assert search(q='"is not symbolic"').count == 1
    assert search(q="the").count > 20


def test_languages_without_a_stemmer_match_plain_words(archive, sources):
    Turn.objects.filter(interview=archive).update(language="uk")
    assert search(q="combat", interview=archive).count == 1  # the word itself
    assert search(q="COMBAT", languages=["uk"]).count == 1
    assert search(q="combats", languages=["uk"]).count == 0  # no stemming


@pytest.mark.parametrize("q", NASTY_QUERIES)
def test_any_query_string_returns_a_page(archive, client, q):
    search(q=q)  # the Python API never raises
    try:
        q.encode()
    except UnicodeEncodeError:
        return  # a lone surrogate cannot travel in a URL
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.text(max_size=300),
    extra=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.text(max_size=40),
        max_size=4,
    ),
)
def test_random_strings_never_cause_a_server_error(archive, client, q, extra):
    response = client.get("/search/", {"q": q, **extra})
    assert response.status_code == 200


# --- filters ---------------------------------------------------------------------------


def test_every_filter_agrees_with_the_orm(archive, stoltenberg):
    """The fast search and the FilterSet's plain ORM queryset find the same turns."""
    putin = Speaker.objects.get(name="Vladimir Putin")
    topic = Topic.objects.create(name="Security")
    archive.topics.add(topic)
    kremlin = Interview.objects.get(title__startswith="Joint news conference").source
    cases = [
        {"q": "NATO"},
        {"q": "Russia", "speaker": [stoltenberg.slug, putin.slug]},
        {"q": "Russia", "part": ["interviewer"]},
        {"q": "president", "source": [kremlin.slug]},
        {"q": "NATO", "topic": [topic.slug]},
        {"q": "gobierno", "language": ["es"]},
        {"q": "Russia", "date_from": "2017-01-01"},
        {"q": "Russia", "date_to": "2013-12-31"},
        {"q": "Russia", "date_from": "2017-03-01", "date_to": "2017-03-31"},
        {"q": "NATO", "interview": SEED_SLUG},
        {"speaker": [putin.slug], "part": ["interviewee"], "date_to": "2016-12-31"},
        {"q": "Russia OR Turkey -cooperation", "speaker": [putin.slug]},
    ]
    for case in cases:
        data = QueryDict(mutable=True)
        for key, value in case.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        filterset = TurnSearchFilter(data, queryset=Turn.objects.all())
        assert filterset.is_valid(), filterset.errors
        expected = set(filterset.qs.values_list("pk", flat=True))
        found = {hit.turn.pk for hit in search(filterset.search_params(), per_page=100).hits}
        assert expected, case
        assert found == expected, case


def test_filters_follow_edits_of_a_turn(archive, stoltenberg):
    """A turn moved to another speaker, part or date is found under its new values."""
    putin = Speaker.objects.get(name="Vladimir Putin")
    turn = Turn.objects.filter(speaker=stoltenberg, text__contains="deterrent").get()
    assert search(q="deterrent", speakers=[stoltenberg]).count == 1
    Turn.objects.filter(pk=turn.pk).update(speaker=putin, part="interviewer", date=date(2001, 2, 3))
    assert search(q="deterrent", speakers=[stoltenberg]).count == 0
    moved = search(q="deterrent", speakers=[putin], parts=["interviewer"])
    assert [hit.turn.pk for hit in moved.hits] == [turn.pk]
    assert search(q="deterrent", date_from=date(2001, 1, 1), date_to=date(2001, 12, 31)).count == 1
    assert search(q="deterrent", date_from=date(2002, 1, 1)).count == 0


def test_speakers_are_found_by_slug_name_or_surname(archive, stoltenberg, client):
    for value in (stoltenberg.slug, "Jens Stoltenberg", "stoltenberg", "STOLTENBERG"):
        page = client.get("/search/", {"speaker": value, "q": "NATO"}).context["page"]
        assert page.params.speakers == (stoltenberg.pk,), value
    response = client.get("/search/", {"speaker": "Nobody Atall", "q": "NATO"})
    assert response.status_code == 200
    assert "No speaker is called “Nobody Atall”" in response.content.decode()
    assert response.context["page"].params.speakers == ()


def test_invalid_parameters_are_reported_and_left_out(archive, client):
    response = client.get(
        "/search/",
        {"q": "NATO", "date_from": "yesterday", "source": "no-such-outlet", "page": "-3"},
    )
    assert response.status_code == 200
    page = response.context["page"]
    assert page.count == search(q="NATO").count
    assert page.number == 1
    html = response.content.decode()
    assert "Some of the search could not be used" in html


def test_search_within_one_interview_and_one_speaker(archive, stoltenberg):
    within = search(q="Russia", interview=archive, per_page=100)
    assert within.count and all(hit.turn.interview == archive for hit in within.hits)
    assert within.count < search(q="Russia").count
    his = search(q="NATO", speakers=[stoltenberg], per_page=100)
    assert his.count and {hit.turn.speaker for hit in his.hits} == {stoltenberg}
    # Without words: the interview's turns in the order spoken.
    ordered = search(interview=archive, per_page=100)
    assert [hit.turn.position for hit in ordered.hits] == sorted(
        archive.turns.values_list("position", flat=True)
    )


def test_the_reusable_search_form_searches_within_what_it_is_given(archive, stoltenberg):
    from django.template.loader import render_to_string

    html = render_to_string("interviews/_search_form.html", {"interview": archive})
    assert 'action="/search/"' in html
    assert f'name="interview" value="{SEED_SLUG}"' in html
    html = render_to_string("interviews/_search_form.html", {"speaker": stoltenberg})
    assert f'name="speaker" value="{stoltenberg.slug}"' in html
    assert "Search what Jens Stoltenberg said" in html


# --- facets, chart, pagination, ranking ----------------------------------------------


def facet(page, name) -> dict:
    return {value.label: value.count for value in page.facets[name]}


def test_facet_counts_match_the_results(archive):
    page = search(q="Russia", per_page=100)
    hits = [hit.turn for hit in page.hits]
    assert page.count == len(hits)
    speakers = {}
    for turn in hits:
        speakers[turn.speaker.name] = speakers.get(turn.speaker.name, 0) + 1
    top = dict(sorted(speakers.items(), key=lambda kv: -kv[1])[:10])
    assert facet(page, "speaker") == top
    assert sum(facet(page, "part").values()) == page.count
    assert sum(facet(page, "year").values()) == page.count
    assert facet(page, "source") == {
        name: sum(1 for t in hits if t.source and t.source.name == name)
        for name in {t.source.name for t in hits if t.source}
    }


def test_a_facets_counts_ignore_its_own_selection(archive, stoltenberg):
    everyone = search(q="Russia")
    his = search(q="Russia", speakers=[stoltenberg])
    assert facet(his, "speaker") == facet(everyone, "speaker")
    assert [v.label for v in his.facets["speaker"] if v.selected] == ["Jens Stoltenberg"]
    # ...while the other facets count only his quotes.
    assert sum(facet(his, "part").values()) == his.count < everyone.count
    assert facet(his, "year") == {"2017": his.count}
    interviewers = search(q="Russia", speakers=[stoltenberg], parts=["interviewer"])
    assert interviewers.count == 0
    assert facet(interviewers, "part") == facet(his, "part")


def test_choosing_a_facet_value_narrows_the_results(archive, client):
    response = client.get("/search/", {"q": "Russia"})
    values = response.context["page"].facets["year"]
    year = next(value for value in values if value.label == "2017")
    html = response.content.decode()
    link = "?q=Russia&amp;date_from=2017-01-01&amp;date_to=2017-12-31"
    assert link in html
    narrowed = client.get(
        "/search/", {"q": "Russia", "date_from": "2017-01-01", "date_to": "2017-12-31"}
    )
    page = narrowed.context["page"]
    assert page.count == year.count
    assert all(hit.turn.date.year == 2017 for hit in page.hits)
    assert page.params.selected_year == 2017


def test_topic_facet(archive):
    topic = Topic.objects.create(name="Alliances")
    archive.topics.add(topic)
    page = search(q="NATO")
    seed_count = search(q="NATO", interview=archive).count
    # A topic an editor set on the interview applies to every one of its turns; the
    # tagger's own topics count the turns they tag (tests/test_subjects.py).
    assert facet(page, "topic")["Alliances"] == seed_count
    assert search(q="NATO", topics=[topic]).count == seed_count


def test_the_chart_shows_matches_per_year_with_a_text_alternative(archive, client):
    html = client.get("/search/", {"q": "Russia"}).content.decode()
    assert '<figure class="chart"><svg' in html
    assert "<title" in html and "Matches per year" in html
    page = search(q="Russia")
    for year, count in page.years:
        assert f"{year}: {count} quotes" in html


def test_pages_split_the_results_without_gaps_or_repeats(archive):
    full = search(q="the", per_page=100)
    assert full.count > 30
    seen = []
    for number in range(1, 5):
        page = search(q="the", per_page=10, page=number)
        assert page.number == number
        seen += [hit.turn.pk for hit in page.hits]
    assert seen == [hit.turn.pk for hit in full.hits][:40]
    assert len(set(seen)) == 40


def test_a_page_past_the_end_shows_the_last_page(archive, client):
    last = search(q="Russia", per_page=5, page=999)
    assert last.number == last.num_pages > 1
    assert last.hits
    response = client.get("/search/", {"q": "Russia", "page": "999"})
    assert response.status_code == 200 and response.context["page"].hits


def test_pagination_links_keep_every_parameter(archive, client):
    html = client.get(
        "/search/", {"q": "the", "part": "interviewee", "sort": "newest", "language": "en"}
    ).content.decode()
    assert 'href="?q=the&amp;part=interviewee&amp;language=en&amp;sort=newest&amp;page=2"' in html


def test_relevance_puts_the_turn_most_about_the_words_first(archive):
    page = search(q="Russia dialogue", interview=archive)
    assert "Russia is our biggest neighbour" in page.hits[0].turn.text
    scores = [hit.score for hit in search(q="Russia").hits]
    assert scores == sorted(scores, reverse=True)


def test_newest_and_oldest_first(archive):
    newest = [hit.turn.date for hit in search(q="president", sort=NEWEST, per_page=100).hits]
    oldest = [hit.turn.date for hit in search(q="president", sort=OLDEST, per_page=100).hits]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert newest[0] > newest[-1]


def test_more_matches_than_candidates(archive, settings, client):
    settings.ARCHIVE_SEARCH_CANDIDATES = 5
    page = search(q="the")
    assert page.capped and page.count == 5
    assert sum(facet(page, "part").values()) == 5
    html = client.get("/search/", {"q": "the"}).content.decode()
    assert "5+ quotes" in html
    # A date sort still finds the newest of all matches, not of the first candidates.
    newest = search(q="the", sort=NEWEST, per_page=3).hits[0].turn
    assert (
        newest.date
        == Turn.objects.filter(pk__in=filter_queryset(Turn.objects.all(), "the"))
        .order_by("-date")
        .first()
        .date
    )
    # ...page after page, up to the last one (past it, the last one).
    pages = [search(q="the", sort=OLDEST, per_page=2, page=n) for n in (1, 2, 50)]
    assert [page.number for page in pages] == [1, 2, 3]
    assert all(page.capped and page.num_pages == 3 for page in pages)
    turns = [hit.turn for page in pages for hit in page.hits]
    assert len({turn.pk for turn in turns}) == 6
    assert [turn.date for turn in turns] == sorted(turn.date for turn in turns)
    assert turns[0].date == min(
        Turn.objects.filter(pk__in=filter_queryset(Turn.objects.all(), "the")).dates("date", "day")
    )


def test_a_date_walk_within_years_starts_at_the_first_of_them(archive, settings):
    settings.ARCHIVE_SEARCH_CANDIDATES = 2
    matching = Turn.objects.filter(pk__in=filter_queryset(Turn.objects.all(), "the"))
    days = sorted(matching.dates("date", "day"))
    assert len(days) >= 3
    since, until = days[1], days[-1]
    with CaptureQueriesContext(connection) as queries:
        page = search(q="the", sort=OLDEST, per_page=3, date_from=since, date_to=until)
    assert page.capped and page.hits
    assert page.hits[0].turn.date == since
    assert all(since <= hit.turn.date <= until for hit in page.hits)
    # The walk reads the date index from the range's start: on PostgreSQL the days are
    # then compared as indexed, not as `t.date + 0` (which the candidates' read uses).
    walk = [q["sql"] for q in queries.captured_queries if "ORDER BY t.date" in q["sql"]]
    assert walk and "t.date + 0" not in walk[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite chooses how to walk dates")
@pytest.mark.parametrize("sort", [NEWEST, OLDEST])
def test_a_date_sort_of_few_matches_reads_them_as_the_walk_would(
    archive, settings, monkeypatch, sort
):
    from interviews.search.sqlite import SqliteBackend

    settings.ARCHIVE_SEARCH_CANDIDATES = 3
    pages = {}
    for walk_from in (1, 10**9):  # always walk; never walk (sort the matches)
        monkeypatch.setattr(SqliteBackend, "WALK_FROM", walk_from)
        pages[walk_from] = [
            [hit.turn.pk for hit in search(q="the", sort=sort, per_page=2, page=n).hits]
            for n in (1, 2, 3)
        ]
    assert pages[1] == pages[10**9] and all(pages[1])


def test_a_query_that_is_a_persons_name_offers_that_person_first(archive, stoltenberg, client):
    for q in ("Stoltenberg", "jens stoltenberg", "Jens Stoltenberg"):
        assert search(q=q).people == [stoltenberg], q
    assert search(q="Stoltenberg NATO").people == []
    response = client.get("/search/", {"q": "Putin"})
    html = response.content.decode()
    putin = Speaker.objects.get(name="Vladimir Putin")
    offer = html.index('class="person-offer"')
    assert offer < html.index('class="hits"')
    assert f'href="/search/?speaker={putin.slug}"' in html
    assert response.context["page"].facets["speaker"][0].label == "Vladimir Putin"


# --- safety and cost ------------------------------------------------------------------


def test_highlighting_never_injects_markup(archive, client):
    outcome = import_document(MARKUP.encode(), "markup.txt")
    assert outcome.ok
    assert Turn.objects.filter(text__contains="<script>").exists()
    html = client.get("/search/", {"q": "printed"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "<b>nothing</b>" not in html and "&lt;b&gt;nothing&lt;/b&gt;" in html
    assert "<img src=x" not in html
    page = search(q='script "b nothing"')
    assert page.count == 0
    page = search(q="script alert")
    assert "<mark>script</mark>" in page.hits[0].snippet
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>" in page.hits[0].snippet


def budget_queries() -> int:
    """Queries of the time budget on PostgreSQL, in a test's transaction: a savepoint, the
    transaction-local settings, their restoring and the savepoint's release (a request
    outside a transaction sends only the settings)."""
    return 4 if connection.vendor == "postgresql" else 0


def test_the_number_of_queries_is_small_and_fixed(
    archive, client, stoltenberg, django_assert_num_queries, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "q"}
    }
    # Warm the caches of the first request (and of the first with a speaker).
    client.get("/search/", {"q": "NATO"})
    client.get("/search/", {"q": "NATO", "speaker": stoltenberg.slug})
    # One result, then a page full of them, with filters: the same queries.
    # The archive's revision (the page cache's key) and again (its languages are cached
    # under it; so are the names of the speaker box), the page and its facets, the first
    # candidates' texts (ranked again), the turns shown, their questions, a person named
    # so, the topics and the places of the turns shown. A date sort ranks nothing again.
    with django_assert_num_queries(9 + budget_queries()) as one:
        client.get("/search/", {"q": "deterrence dialogue"})
    with django_assert_num_queries(9 + budget_queries()) as many:
        client.get("/search/", {"q": "the", "part": "interviewee"})
    assert len(one.captured_queries) == len(many.captured_queries)
    # Every filter at once: a query more for each speaker, outlet or interview to check.
    with django_assert_num_queries(11 + budget_queries()):
        client.get(
            "/search/",
            {
                "q": "Russia",
                "speaker": stoltenberg.slug,
                "source": "euronews",
                "interview": SEED_SLUG,
                "part": "interviewee",
                "date_from": "2017-01-01",
                "language": "en",
                "sort": "newest",
            },
        )


def test_the_page_of_results_alone_takes_five_queries(
    archive, stoltenberg, django_assert_num_queries, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"}
    }
    # The archive's languages and its largest speakers, read once per revision.
    search(q="NATO", speakers=[stoltenberg])
    # The revision, the page, the first candidates' texts, the turns shown and their
    # questions.
    with django_assert_num_queries(5 + budget_queries()):
        page = search(q="the", facets=False, per_page=50)
    assert page.facets == {} and page.people == []
    with django_assert_num_queries(5 + budget_queries()):
        search(q="ISIS", speakers=[stoltenberg], facets=False)


# --- the index follows the turns ---------------------------------------------------


def test_the_index_follows_inserts_updates_and_deletes(archive, stoltenberg):
    turn = Turn.objects.create(
        interview=archive,
        position=999,
        key="zzzzzzzz",
        speaker=stoltenberg,
        kind="answer",
        text="An unheard-of word: flibbertigibbet.",
        language="en",
        date=archive.date,
    )
    assert [hit.turn for hit in search(q="flibbertigibbet").hits] == [turn]
    turn.text = "Quite another word: gobbledygook."
    turn.save()
    assert search(q="flibbertigibbet").count == 0
    assert [hit.turn for hit in search(q="gobbledygook").hits] == [turn]
    Turn.objects.filter(pk=turn.pk).update(text="Editors corrected it: balderdash.")
    assert search(q="gobbledygook").count == 0
    assert search(q="balderdash").count == 1
    turn.delete()
    assert search(q="balderdash").count == 0


def test_a_changed_language_restems_the_turn(archive):
    # In English, deterrent and deterrence share a stem; unstemmed, they are two words.
    english = search(q="deterrent", interview=archive).hits[0].snippet
    assert "<mark>deterrence</mark>" in english
    # As an editor's correction does it: the interview's language, copied onto its turns.
    archive.language = ""
    archive.save(update_fields=["language"])
    sync_interview(archive)
    plain = search(q="deterrent", interview=archive).hits[0].snippet
    assert "<mark>deterrent</mark>" in plain and "<mark>deterrence</mark>" not in plain
    assert search(q="deterrence", interview=archive).count == 1


def test_a_reimported_interview_is_searched_as_corrected(archive, sources):
    corrected = SEED.read_bytes().replace(
        b"NATO is not going into a combat role", b"NATO is not taking a fighting part"
    )
    outcome = import_document(corrected, SEED.name)
    assert outcome.status == "updated"
    assert search(q='"combat role"').count == 0
    assert search(q='"fighting part"').count == 1


def test_the_index_is_healthy_after_migrating(archive):
    assert index_problems() == []
    if connection.vendor == "sqlite":
        from interviews.search import sqlite

        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            found = dict(cursor.fetchall())
        for name, sql in sqlite.TRIGGERS.items():
            assert found[name] == sql, "sqlite.TRIGGERS changed without a migration"


def test_refreshing_and_rebuilding_the_index_keeps_every_match(archive):
    before = all_ids(q="Russia")
    assert refresh_index()
    assert all_ids(q="Russia") == before
    assert refresh_index(rebuild=True)
    assert all_ids(q="Russia") == before


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_vector_holds_filter_keys_that_follow_the_turn(archive, stoltenberg):
    turn = Turn.objects.filter(speaker=stoltenberg).first()

    def keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT array_to_string(tsvector_to_array(search_vector), ' ') "
                "FROM interviews_turn WHERE id = %s",
                [turn.pk],
            )
            return {key for key in cursor.fetchone()[0].split() if key.startswith("0x")}

    assert keys() == {
        f"0xs{stoltenberg.pk}",
        f"0xo{turn.source_id}",
        f"0xp{turn.part}",
        f"0xy{turn.date.year}",
        f"0xl{turn.language}",
    }
    other = Speaker.objects.exclude(pk=stoltenberg.pk).first()
    Turn.objects.filter(pk=turn.pk).update(speaker=other, date=None, language="pt-BR")
    assert keys() == {f"0xs{other.pk}", f"0xo{turn.source_id}", f"0xp{turn.part}", "0xlpt"}
    Turn.objects.filter(pk=turn.pk).update(language="")
    assert "0xlx" in keys()  # every turn has a language key, as on SQLite
    Turn.objects.filter(pk=turn.pk).update(language=turn.language)
    # The filters read the keys and the columns alike.
    assert search(q="NATO", speakers=[other], facets=False).count == len(
        [t for t in Turn.objects.filter(speaker=other) if "nato" in t.text.lower()]
    )


@pytest.mark.parametrize("cost, way", [(0, "walk"), (10**12, "index")])
@pytest.mark.parametrize("by", ["speaker", "source", "both"])
def test_a_speaker_or_outlet_that_fills_the_archive_is_read_either_way_with_the_same_page(
    archive, stoltenberg, monkeypatch, cost, way, by
):
    from interviews.search import candidates

    source = Turn.objects.filter(speaker=stoltenberg).values_list("source_id", flat=True)[0]
    filters = {
        "speaker": dict(speakers=[stoltenberg]),
        "source": dict(sources=[source]),
        "both": dict(speakers=[stoltenberg], sources=[source]),
    }[by]
    asked = [
        SearchParams(q="NATO", per_page=100, **filters),
        SearchParams(q='"combat role" OR Russia', sort=NEWEST, **filters),
        SearchParams(q="the alliance", date_from=date(2017, 1, 1), **filters),
    ]
    planned = [(all_ids_of(p), shown_facets(p)) for p in asked]
    monkeypatch.setattr(candidates, "LARGE_FILTER", 1)
    monkeypatch.setattr(candidates, "FILTER_ROW_COST", cost)
    with CaptureQueriesContext(connection) as queries:
        chosen = [(all_ids_of(p), shown_facets(p)) for p in asked]
    assert chosen == planned
    if connection.vendor == "postgresql":
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        speaker_turns = Turn.objects.filter(speaker=stoltenberg).count()
        source_turns = Turn.objects.filter(source_id=source).count()
        # The walk checks the words without their index, along the smaller filter's
        # btree (the speaker's on a tie); the index way reads no filter's btree.
        walked = by if by != "both" else ("source" if source_turns < speaker_turns else "speaker")
        plain = {"speaker", "source"} - {walked} if by == "both" else set()
        if way == "index":
            plain = {"speaker", "source"} if by == "both" else {by}
        assert ("WHERE ts_match_vq(" in sql) == (way == "walk")
        for kind, column in candidates.WAYS.items():
            assert (f"({column} + 0) IN" in sql) == (kind in plain), kind


def all_ids_of(params):
    page = search(params)
    return page.count, [hit.turn.pk for hit in page.hits]


def shown_facets(params):
    return {
        name: [(v.key, v.count) for v in values] for name, values in search(params).facets.items()
    }


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_on_sqlite_the_full_text_index_drives_a_filtered_search(archive, stoltenberg):
    """The match holds the filters' keys: walking a speaker's or an outlet's turns by their
    index instead, and matching each, took seconds on a large archive."""
    from django.test.utils import CaptureQueriesContext

    turn = Turn.objects.filter(speaker=stoltenberg).exclude(date=None).first()
    options = dict(
        speakers=[stoltenberg],
        sources=[turn.source_id],
        date_from=date(turn.date.year, 1, 1),
        date_to=date(turn.date.year, 12, 31),
        facets=False,
    )
    with CaptureQueriesContext(connection) as queries:
        page = search(q='"the coalition"', **options)
    assert page.count > 0
    [sql] = [q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [row[-1] for row in cursor.fetchall()]
    # The first of the two tables the statement reads: the index, then each turn by id.
    reads = [step for step in plan if step.startswith(("SEARCH t ", "SCAN t", "SCAN interviews"))]
    assert reads[0].startswith("SCAN interviews_turn_fts"), plan
    assert reads[1].startswith("SEARCH t USING INTEGER PRIMARY KEY"), plan
    # Within one interview, its turns come first.
    within = search(q='"the coalition"', interview=turn.interview_id, facets=False)
    assert within.count > 0


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_triggers_lost_in_a_table_rebuild_come_back_after_migrate(archive):
    from interviews.search import repair_after_migrate, sqlite

    with connection.cursor() as cursor:
        for name in sqlite.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    assert len(index_problems()) == 3
    repair_after_migrate(using="default")
    assert index_problems() == []
    turn = Turn.objects.filter(interview=archive).first()
    turn.text = "A fresh word: kerfuffle."
    turn.save()
    assert search(q="kerfuffle").count == 1


# --- the speaker box -----------------------------------------------------------------------


def test_speaker_names_autocomplete(archive, client):
    html = client.get("/search/").content.decode()
    assert '<datalist id="speaker-names">' in html
    assert '<option value="Jens Stoltenberg">' in html
    assert 'list="speaker-names"' in html
    data = client.get("/search/speakers/", {"q": "stol"}).json()
    assert data["speakers"][0]["name"] == "Jens Stoltenberg"
    assert client.get("/search/speakers/", {"q": "putin"}).json()["speakers"][0]["slug"] == (
        "vladimir-putin"
    )
    assert client.get("/search/speakers/", {"q": "\x00"}).json() == {"speakers": []}


def test_the_speaker_box_follows_the_archive_and_escapes_names(
    archive, client, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    assert "Ada &lt;Lovelace&gt;" not in client.get("/search/").content.decode()
    # The names are rendered once per revision: a new speaker appears once the change
    # that brings them commits, on the search page and on the interview list, escaped.
    with django_capture_on_commit_callbacks(execute=True):
        speaker = Speaker.objects.create(name="Ada <Lovelace>", turn_count=10_000)
    for path in ("/search/", "/interviews/"):
        html = client.get(path).content.decode()
        assert '<option value="Ada &lt;Lovelace&gt;"></option>' in html
        assert "<Lovelace>" not in html
    with django_capture_on_commit_callbacks(execute=True):
        speaker.delete()
    assert "Ada &lt;Lovelace&gt;" not in client.get("/search/").content.decode()


def test_an_empty_search_shows_how_to_search(archive, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/search/")
    html = response.content.decode()
    assert "How to search" in html
    assert 'role="search"' in html and 'for="search-q"' in html


def test_search_takes_the_pages_parameters_too(archive, stoltenberg):
    data = QueryDict(mutable=True)
    data.setlist("speaker", [stoltenberg.slug])
    data.update({"q": "ISIS", "page": "x", "date_from": "not a date"})
    page = search(search_params(data))
    assert page.count == 1 and page.object_list[0].turn.speaker == stoltenberg
    assert search(search_params({"q": "coalition", "part": "interviewer"})).count == 1
    assert (
        search(search_params({"q": "NATO", "speaker": [stoltenberg.slug], "page": 2})).number == 1
    )
    with pytest.raises(TypeError):
        search({"q": "NATO"})  # a query string is the web layer's to validate


def test_search_params_accept_ids_models_and_dates(archive, stoltenberg):
    params = SearchParams(
        q="NATO", speakers=[stoltenberg], sources=[Source.objects.get(slug="euronews").pk]
    )
    assert params.speakers == (stoltenberg.pk,)
    assert search(params, date_from=date(2017, 1, 1)).count == search(params).count


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_function_words_are_left_to_the_check_not_the_index(archive, stoltenberg, monkeypatch):
    """The index reads a query without "the", "of", "de" (their posting lists cost it more
    than the rest) and each turn it gives is checked against the whole query: the same
    turns either way."""
    from interviews.search.backends import get_backend
    from interviews.search.postgres import PostgresBackend
    from interviews.search.query import parse_query

    backend = get_backend(connection)
    languages = ["en", "es"]
    assert backend.index_tsquery(parse_query("coalition Russia"), languages) is None
    assert backend.index_tsquery(parse_query('"the" of'), languages) is None
    assert backend.index_tsquery(parse_query('"the coalition"'), languages) is not None

    queries = [
        '"the coalition"',
        "the coalition",
        '"is not symbolic"',
        "the OR coalition",
        '"of the" NATO -Russia',
        'coalition OR "the alliance"',
        "de la OTAN",
        '"a combat role"',
    ]
    narrowed = {q: all_ids(q=q) for q in queries}
    filtered = all_ids(q='"the coalition"', speakers=[stoltenberg])
    monkeypatch.setattr(PostgresBackend, "index_tsquery", lambda self, query, languages: None)
    for q in queries:
        assert narrowed[q] == all_ids(q=q), q
    assert filtered == all_ids(q='"the coalition"', speakers=[stoltenberg])
    assert narrowed['"the coalition"'] and len(narrowed['"is not symbolic"']) == 1
