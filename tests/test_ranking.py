"""Relevance on either database (DATABASE_URL): the one ranking model, the best passage as
snippet, the role a speaker had at the interview and the search's time budget."""

import itertools

import pytest
from django.db import connection

from interviews.importing import import_document
from interviews.models import Participant, Speaker, Turn
from interviews.search import budget, search
from interviews.search.query import parse_query
from interviews.search.ranking import Ranker

LONG_ANSWER = (
    "We have spent the whole year on one thing, and I will be plain about it. Families "
    "feel it at the till every week, when bread, rent and the bus fare all cost more than "
    "they did. The central bank acts on its own, as it should, but the government has its "
    "part to play: we cut the fuel duty, we froze the fares and we paid the winter grant "
    "early. Inflation came down from nine to four per cent because of those choices, and "
    "it will come down further if we keep our nerve through the spring."
)
STEEL = (
    "Let me begin with the tariffs question, since everyone asks it. Our partners have "
    "been patient with us and we with them. The talks in Geneva went on for three days. "
    "Nobody left the room angry, which is rarer than you might think. We agreed to meet "
    "again before the summer. The harbour workers were there too, and they spoke well. "
    "What matters most is the <b>steel</b> mills of the north, where tariffs on steel "
    "imports have cost four thousand jobs. Those steel tariffs must go before anything "
    "else is signed. After that we can talk about cars, grain and everything else. The "
    "weather was lovely in Geneva, I should add, and the food was excellent."
)
DOCUMENT = f"""Maria Lopez on prices and trade

EuroNews (2 June 2020)

Reporter: On inflation —

Maria Lopez: Inflation.

Reporter: On inflation —

Maria Lopez: {LONG_ANSWER}

Reporter: — on inflation —

Reporter: Prices of food keep rising, they say, in every market of the country, and you promised cheaper bread, cheaper rent and cheaper everything. What about gas?

Maria Lopez: Prices rose in the shops, at the chemist and at the cinema, and pensioners told me so at every meeting I held in the north. We doubled the winter payment in October. Electricity hurt most of all; gas, oddly, came last.

Maria Lopez: Gas prices went up for every family this year, more than food, rent, clothes or school books, and I will not pretend otherwise to anyone. The government answered with a grant for families. Heating was the worst of it all.

Reporter: Why did the zeppelin programme collapse after the first flight over the lake?

Maria Lopez: The zeppelin programme did not collapse; it paused after the first flight over the lake.

Maria Lopez: {STEEL}
"""


@pytest.fixture
def lopez(sources):
    outcome = import_document(DOCUMENT.encode(), "lopez.txt")
    assert outcome.ok, outcome.error
    return outcome.interview


def first(page) -> Turn:
    return page.hits[0].turn


def test_a_long_answer_beats_a_one_word_fragment(lopez):
    page = search(q="inflation")
    assert first(page).text.startswith("We have spent the whole year")
    fragment = Turn.objects.get(interview=lopez, text="Inflation.")
    assert fragment.kind == "answer"  # not the question prior: its length put it below
    assert fragment.pk in [hit.turn.pk for hit in page.hits]


def test_near_identical_fragments_are_folded_into_one(lopez):
    page = search(q="inflation", parts=["interviewer"])
    fragments = [hit for hit in page.hits if "inflation —" in hit.turn.text.lower()]
    assert len(fragments) == 1
    assert fragments[0].similar == 2


def test_the_words_side_by_side_beat_the_same_words_scattered(lopez):
    page = search(q="gas prices")
    texts = [hit.turn.text for hit in page.hits]
    assert texts[0].startswith("Gas prices went up")
    scattered = next(
        i for i, text in enumerate(texts) if text.startswith("Prices rose in the shops")
    )
    assert scattered > 0


def test_without_a_part_filter_answers_come_before_questions(lopez):
    page = search(q="zeppelin programme")
    assert [hit.turn.kind for hit in page.hits] == ["answer", "question"]
    # Asked for interviewers' words, the question is found, first.
    page = search(q="zeppelin programme", parts=["interviewer"])
    assert [hit.turn.kind for hit in page.hits] == ["question"]
    assert first(page).text.startswith("Why did the zeppelin")


def test_a_question_still_ranks_when_it_is_the_best_match(lopez):
    page = search(q="cheaper bread")
    assert first(page).kind == "question"


def test_the_snippet_is_the_passage_where_the_words_are_densest(lopez, client):
    page = search(q="steel tariffs")
    hit = page.hits[0]
    assert hit.turn.text.startswith("Let me begin with the tariffs question")
    assert str(hit.snippet).startswith("… What matters most is the")
    assert "Those <mark>steel</mark> <mark>tariffs</mark> must go" in hit.snippet
    assert "Geneva went on" not in hit.snippet  # the first, lone match is left out
    assert hit.cut
    # Imported markup stays text, the marks are the only tags.
    assert "&lt;b&gt;<mark>steel</mark>&lt;/b&gt;" in hit.snippet
    html = client.get("/search/", {"q": "steel tariffs"}).content.decode()
    assert "&lt;b&gt;<mark>steel</mark>&lt;/b&gt;" in html
    assert "<b>steel" not in html
    assert f'href="{hit.turn.get_absolute_url()}">Read the whole answer</a>' in html


def test_a_short_turn_is_shown_whole(lopez):
    hit = search(q="zeppelin flight").hits[0]
    assert not hit.cut
    assert str(hit.snippet).startswith("The <mark>zeppelin</mark> programme did not collapse")


def test_the_ranking_model_is_the_same_python_function_on_both_databases():
    # The second pass never asks the database: the same text scores the same everywhere.
    ranker = Ranker(parse_query("steel tariffs"), ("en", ""), questions_weigh_less=True)
    long_turn = ranker.score(STEEL, "en", "answer").score
    assert long_turn == pytest.approx(ranker.score(STEEL, "en", "answer").score)
    assert ranker.score(STEEL, "en", "question").score < long_turn
    assert ranker.score("Steel tariffs.", "en", "answer").score < long_turn


def test_a_hit_shows_the_role_the_speaker_had_at_that_interview(lopez, client):
    lopez_speaker = Speaker.objects.get(name="Maria Lopez")
    Participant.objects.filter(interview=lopez, speaker=lopez_speaker).update(
        role="Minister of Finance"
    )
    Speaker.objects.filter(pk=lopez_speaker.pk).update(role="Governor of the central bank")
    hit = search(q="zeppelin flight").hits[0]
    assert hit.role == "Minister of Finance"
    html = client.get("/search/", {"q": "zeppelin flight"}).content.decode()
    assert '<span class="hit__role">, Minister of Finance</span>' in html
    assert "Governor of the central bank" not in html


@pytest.fixture
def no_time_at_all(settings, monkeypatch):
    """A budget of 1 ms, and on SQLite a clock that runs out at its first look."""
    settings.ARCHIVE_SEARCH_BUDGET_MS = 1
    ticks = itertools.count()
    monkeypatch.setattr(budget.time, "monotonic", lambda: float(next(ticks)))


def test_a_search_past_its_budget_is_stopped_and_says_how_to_narrow_it(
    lopez, client, settings, monkeypatch, no_time_at_all
):
    # On PostgreSQL, 1 ms of statement_timeout: the statement of a page and its facets
    # takes longer than that even to plan.
    response = client.get("/search/", {"q": "the", "part": "interviewee", "language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Too broad a search" in html
    assert "add another word" in html
    page = response.context["page"]
    assert page.too_broad and page.hits == []
    # The connection is fine afterwards: with time, the same search answers.
    monkeypatch.undo()
    settings.ARCHIVE_SEARCH_BUDGET_MS = 1500
    page = search(q="the", parts=["interviewee"], languages=["en"])
    assert not page.too_broad and page.hits


def test_the_budget_does_not_stay_behind_on_the_connection(lopez, settings):
    settings.ARCHIVE_SEARCH_BUDGET_MS = 1500
    assert search(q="inflation").hits
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout'), current_setting('jit')")
            timeout, _jit = cursor.fetchone()
        assert timeout != "1500ms"
    else:
        connection.cursor().execute("SELECT count(*) FROM interviews_turn").fetchone()
