"""The reading pages: content, links, redirects and a fixed number of queries per page."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from interviews.charts import bar_chart
from interviews.citations import cite
from interviews.importing import import_document
from interviews.models import Interview, Source, Speaker, Topic, Turn

from .conftest import SEED, corpus_file

pytestmark = pytest.mark.django_db

SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"


@pytest.fixture
def archive(seed_interview):
    for prefix in ("19_", "21_", "15_"):
        path = corpus_file(prefix)
        import_document(path.read_bytes(), path.name)
    topic = Topic.objects.create(name="Alliance politics")
    seed_interview.topics.add(topic)
    return seed_interview


def long_interview(turns: int) -> Interview:
    lines = ["Title: A very long conversation", "Date: 2020-02-02", "Source: Long Radio", ""]
    for n in range(turns // 2):
        lines += [
            f"Q: Question number {n} about the harbour?",
            "",
            f"Ana Silva: Answer number {n}.",
            "",
        ]
    return import_document("\n".join(lines).encode(), "long.txt").interview


def html(response) -> str:
    return response.content.decode()


# --- home and lists -----------------------------------------------------------------


def test_home_shows_what_the_archive_holds(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/")
    page = html(response)
    assert response.status_code == 200
    assert re.search(r"<strong>4</strong><span>interviews</span>", page)
    assert "NATO TO JOIN ANTI-ISIS COALITION" in page
    assert 'href="/speakers/vladimir-putin/"' in page  # the most quoted person
    assert 'action="/search/"' in page
    assert 'href="/topics/alliance-politics/"' in page


def test_interview_list_is_newest_first_and_filterable(client, archive):
    page = html(client.get("/interviews/"))
    titles = re.findall(r'<h3><a href="/interviews/([^/]+)/">', page)
    assert (
        titles[0]
        == "version-estenografica-de-la-conferencia-de-prensa-matutina-jueves-1-de-agosto-2019"
    )
    assert titles[-1] == "interview-to-the-german-ard"
    assert re.findall(
        r'<h3><a href="/interviews/([^/]+)/">', html(client.get("/interviews/?source=euronews"))
    ) == [SEED_SLUG]
    # An outlet's list includes what it republished.
    assert SEED_SLUG in html(client.get("/interviews/?source=center-for-eurasian-studies"))
    putin = html(client.get("/interviews/?speaker=vladimir-putin"))
    assert (
        "interview-to-bloomberg" in putin
        and "interview-to-the-german-ard" in putin
        and SEED_SLUG not in putin
    )
    assert "interview-to-bloomberg" in html(
        client.get("/interviews/?speaker=Vladimir+Putin&year=2016")
    )
    assert "interview-to-the-german-ard" not in html(
        client.get("/interviews/?speaker=Vladimir+Putin&year=2016")
    )
    assert re.findall(
        r'<h3><a href="/interviews/([^/]+)/">',
        html(client.get("/interviews/?topic=alliance-politics")),
    ) == [SEED_SLUG]
    spanish = html(client.get("/interviews/?language=es"))
    assert "version-estenografica" in spanish and SEED_SLUG not in spanish
    ranged = html(client.get("/interviews/?date_from=2016-01-01&date_to=2017-12-31"))
    assert SEED_SLUG in ranged and "interview-to-bloomberg" in ranged and "german-ard" not in ranged


def test_interview_list_survives_nonsense_filters(client, archive):
    response = client.get("/interviews/?year=abc&date_from=yesterday&source=nowhere&page=999")
    assert response.status_code == 200


def test_interview_list_pagination_keeps_filters(client, sources):
    for n in range(30):
        text = f"Title: Briefing {n}\nDate: 2020-01-{n % 28 + 1:02d}\nSource: Daily Planet\nLanguage: en\n\nQ: Question {n}?\n\nJane Roe: Answer {n}.\n"
        import_document(text.encode(), f"briefing-{n}.txt")
    page = html(client.get("/interviews/?source=daily-planet&language=en"))
    assert 'href="?source=daily-planet&amp;language=en&amp;page=2"' in page
    second = html(client.get("/interviews/?source=daily-planet&language=en&page=2"))
    assert second.count('class="card"') == 5


def test_list_pages_run_a_fixed_number_of_queries(client, sources, django_assert_max_num_queries):
    for n in range(40):
        text = f"Title: Talk {n}\nDate: 2021-03-{n % 28 + 1:02d}\nSource: Outlet {n % 3}\n\nQ: Why {n}?\n\nPerson Number{n}: Because.\n"
        import_document(text.encode(), f"talk-{n}.txt")
    for url in (
        "/",
        "/interviews/",
        "/interviews/?source=outlet-1&year=2021",
        "/speakers/",
        "/speakers/?initial=P",
        "/sources/",
        "/sources/outlet-1/",
        "/topics/",
    ):
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200, url


# --- an interview and its turns ---------------------------------------------------


def test_interview_page_shows_the_dialogue(client, archive):
    response = client.get(f"/interviews/{SEED_SLUG}/")
    page = html(response)
    assert '<article lang="en">' in page
    assert "<h1>NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG</h1>" in page
    assert 'href="/sources/euronews/">EuroNews</a>' in page
    assert "Republished by" in page and "Center for Eurasian Studies (AVİM)" in page
    assert 'datetime="2017-05-25"' in page and 'datetime="2017-05-26"' in page
    assert re.search(
        r'<span class="part">Interviewee</span><a href="/speakers/jens-stoltenberg/">Jens Stoltenberg</a>, NATO Secretary-General',
        page,
    )
    assert re.search(
        r'<span class="part">Interviewer</span><a href="/speakers/andrei-beketov/">Andrei Beketov</a>',
        page,
    )
    assert page.count('class="turn turn--question"') == 4
    assert page.count('class="turn turn--answer"') == 4
    for turn in Turn.objects.filter(interview=archive):
        assert f'id="t-{turn.key}"' in page
        assert f'href="/interviews/{SEED_SLUG}/t/{turn.key}/"' in page
    assert (
        "<p>NATO is not going into a combat role. What NATO is doing is to training and capacity building.</p>"
        in page
    )
    assert "Kaynak" not in page


def test_spanish_interview_sets_its_language(client, archive):
    slug = Interview.objects.get(language="es").slug
    assert '<article lang="es">' in html(client.get(f"/interviews/{slug}/"))


def test_interview_page_queries_do_not_grow_with_length(client, sources, django_assert_num_queries):
    short = long_interview(10)
    long = long_interview(500)
    assert long.turn_count == 500
    for interview in (short, long):
        # The archive revision (for the page cache), the interview, its participants,
        # turns, its topics and places, and its turns' topics and places.
        with django_assert_num_queries(8):
            response = client.get(interview.get_absolute_url())
        assert response.status_code == 200
    assert html(client.get(long.get_absolute_url())).count('class="turn ') == 500


def test_turn_page_shows_the_question_neighbours_and_citations(
    client, archive, django_assert_max_num_queries
):
    turns = list(Turn.objects.filter(interview=archive).order_by("position"))
    answer = turns[3]
    with django_assert_max_num_queries(7):
        response = client.get(answer.get_absolute_url())
    page = html(response)
    assert "Andrei Beketov asked" in page
    assert "And what about boots on the ground. Or is it just symbolic?" in page
    assert '<blockquote class="quote" lang="en"' in page
    assert "NATO is not going into a combat role." in page
    assert f'rel="prev" href="/interviews/{SEED_SLUG}/t/{turns[2].key}/"' in page
    assert f'rel="next" href="/interviews/{SEED_SLUG}/t/{turns[4].key}/"' in page
    permalink = f"http://testserver/interviews/{SEED_SLUG}/t/{answer.key}/"
    assert f'value="{permalink}"' in page
    assert (
        "Stoltenberg, J. (2017, May 25). NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF "
        "STOLTENBERG [Interview by A. Beketov]. EuroNews. Republished by Center for Eurasian "
        f"Studies. {permalink}"
    ) in page
    assert (
        "Jens Stoltenberg, “NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG,” "
        "interview by Andrei Beketov, EuroNews, May 25, 2017, republished by Center for Eurasian "
        f"Studies, {permalink}."
    ) in page


def test_first_turn_has_no_previous_and_no_question(client, archive):
    first = Turn.objects.get(interview=archive, position=0)
    page = html(client.get(first.get_absolute_url()))
    assert 'rel="prev"' not in page and "asked</p>" not in page and 'rel="next"' in page


def test_unknown_turn_is_404_and_retired_turn_leads_to_the_interview(client, archive):
    assert client.get(f"/interviews/{SEED_SLUG}/t/nosuchkey/").status_code == 404
    removed = Turn.objects.get(interview=archive, position=2)
    shortened = SEED.read_text().replace(
        "euronews: And what about boots on the ground. Or is it just symbolic?\n\n", ""
    )
    import_document(shortened.encode(), SEED.name)
    response = client.get(f"/interviews/{SEED_SLUG}/t/{removed.key}/")
    assert response.status_code == 302 and response["Location"] == f"/interviews/{SEED_SLUG}/"


# --- addresses that outlive corrections -----------------------------------------------


def test_renamed_interview_keeps_its_old_address_and_turn_permalinks(client, archive):
    answer = Turn.objects.get(interview=archive, position=1)
    corrected = SEED.read_text().replace(
        "NATO TO JOIN ANTI-ISIS COALITION", "NATO JOINS ANTI-ISIS COALITION"
    )
    import_document(corrected.encode(), SEED.name)
    new_slug = Interview.objects.get(pk=archive.pk).slug
    assert new_slug == "nato-joins-anti-isis-coalition-says-alliance-chief-stoltenberg"
    response = client.get(f"/interviews/{SEED_SLUG}/")
    assert response.status_code == 301 and response["Location"] == f"/interviews/{new_slug}/"
    response = client.get(f"/interviews/{SEED_SLUG}/t/{answer.key}/")
    assert (
        response.status_code == 301
        and response["Location"] == f"/interviews/{new_slug}/t/{answer.key}/"
    )
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("model", "old", "new_name", "prefix"),
    [
        (Speaker, "jens-stoltenberg", "Jens Stoltenberg Jr", "/speakers/"),
        (Source, "euronews", "Euronews TV", "/sources/"),
        (Topic, "alliance-politics", "Alliance history", "/topics/"),
    ],
)
def test_renamed_speakers_sources_and_topics_redirect(
    client, archive, model, old, new_name, prefix
):
    obj = model.objects.get(slug=old)
    obj.name = new_name
    obj.save()
    response = client.get(f"{prefix}{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}{obj.slug}/" and obj.slug != old
    assert client.get(response["Location"]).status_code == 200


# --- speakers, sources, topics ------------------------------------------------------


def test_speaker_page(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        page = html(client.get("/speakers/vladimir-putin/"))
    assert "<h1>Vladimir Putin</h1>" in page and "President of Russia" in page
    assert "77 turns in 2 interviews" in page
    assert "Interview to Bloomberg" in page and "Interview to the German ARD" in page
    assert '<svg viewBox="0 0 560 140" role="img"' in page and "<desc" in page
    assert "2013: 1 interviews" in page and "2016: 1 interviews" in page
    quotes = re.findall(
        r'<time datetime="(\d{4}-\d\d-\d\d)">', page.split('id="quotes"')[1].split("</section>")[0]
    )
    assert quotes == sorted(quotes, reverse=True)
    assert 'name="speaker" value="vladimir-putin"' in page


def test_speaker_list_by_initial_and_name(client, archive):
    page = html(client.get("/speakers/"))
    assert "Jens Stoltenberg" in page and "Reporter" in page  # collective voices listed apart
    by_initial = html(client.get("/speakers/?initial=J"))
    assert (
        "Jens Stoltenberg" in by_initial
        and "John Micklethwait" in by_initial
        and "Vladimir Putin" not in by_initial
    )
    by_name = html(client.get("/speakers/?name=putin"))
    assert "Vladimir Putin" in by_name and "Jens Stoltenberg" not in by_name
    accented = html(client.get("/speakers/?initial=A"))
    assert "Andrés Manuel López Obrador" in accented


def test_source_and_topic_pages(client, archive):
    sources = html(client.get("/sources/"))
    assert "Center for Eurasian Studies (AVİM)" in sources and "1 republished" in sources
    assert SEED_SLUG in html(client.get("/sources/center-for-eurasian-studies/"))
    assert SEED_SLUG in html(client.get("/sources/euronews/"))
    assert "Alliance politics" in html(client.get("/topics/"))
    topic = html(client.get("/topics/alliance-politics/"))
    assert SEED_SLUG in topic and "interview-to-bloomberg" not in topic


def test_missing_pages_are_friendly_404s(client, db):
    for url in (
        "/interviews/nope/",
        "/speakers/nope/",
        "/sources/nope/",
        "/topics/nope/",
        "/nope/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in html(response)


def test_server_error_page_needs_no_database():
    from django.test import RequestFactory

    from interviews.views.errors import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_admin_pages_for_a_newsroom(client, archive):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "correct horse battery"
    )
    client.force_login(user)
    for url in (
        reverse("admin:interviews_interview_changelist") + "?q=NATO",
        reverse("admin:interviews_interview_change", args=[archive.pk]),
        reverse("admin:interviews_speaker_changelist") + "?q=putin",
        reverse("admin:interviews_turn_changelist") + "?q=deterrence",
        reverse("admin:interviews_source_changelist"),
        reverse("admin:interviews_topic_changelist"),
        reverse("admin:interviews_importrecord_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_admin_edit_of_a_turn_keeps_counts_in_step(client, archive):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "correct horse battery"
    )
    client.force_login(user)
    turn = Turn.objects.get(interview=archive, position=1)
    putin = Speaker.objects.get(name="Vladimir Putin")
    before = putin.turn_count
    response = client.post(
        reverse("admin:interviews_turn_change", args=[turn.pk]),
        {
            "interview": archive.pk,
            "position": 1,
            "speaker": putin.pk,
            "label": "Stoltenberg",
            "kind": "answer",
            "text": turn.text,
            "timecode": "",
        },
    )
    assert response.status_code == 302
    assert Speaker.objects.get(pk=putin.pk).turn_count == before + 1
    assert Speaker.objects.get(name="Jens Stoltenberg").turn_count == 3


# --- pieces ---------------------------------------------------------------------------


def test_citations():
    citation = cite(
        speaker="Jens Stoltenberg",
        title="On deterrence",
        date=dt.date(2017, 5, 25),
        outlet="EuroNews",
        interviewers=["Andrei Beketov", "Jane Roe"],
        url="https://example.org/q/1/",
    )
    assert (
        citation.apa
        == "Stoltenberg, J. (2017, May 25). On deterrence [Interview by A. Beketov and J. Roe]. EuroNews. https://example.org/q/1/"
    )
    assert (
        citation.chicago
        == "Jens Stoltenberg, “On deterrence,” interview by Andrei Beketov and Jane Roe, EuroNews, May 25, 2017, https://example.org/q/1/."
    )
    undated = cite(
        speaker="Reporter",
        title="Briefing",
        date=None,
        outlet="",
        interviewers=[],
        url="u",
        person=False,
    )
    assert undated.apa == "Reporter (n.d.). Briefing [Interview]. u"


def test_chart_escapes_labels_and_describes_itself():
    svg = str(bar_chart([("<b>2019</b>", 3), ("2020", 0)], title="Per year", unit="interviews"))
    assert "<b>" not in svg and "&lt;b&gt;2019&lt;/b&gt;" in svg
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    assert bar_chart([], title="Nothing") == ""


def test_feeds_sitemaps_and_robots(client, archive):
    feed = html(client.get("/feeds/interviews/"))
    assert (
        feed.startswith("<?xml") and "<feed" in feed and "NATO TO JOIN ANTI-ISIS COALITION" in feed
    )
    speaker = html(client.get("/speakers/jens-stoltenberg/feed/"))
    assert "Quotes by Jens Stoltenberg" in speaker and "/t/" in speaker
    assert "Interview to Bloomberg" in html(client.get("/sources/president-of-russia/feed/"))
    assert client.get("/speakers/nobody/feed/").status_code == 404
    index = html(client.get("/sitemap.xml"))
    assert "sitemap-interviews.xml" in index
    assert f"/interviews/{SEED_SLUG}/" in html(client.get("/sitemap-interviews.xml"))
    assert "/speakers/vladimir-putin/" in html(client.get("/sitemap-speakers.xml"))
    robots = html(client.get("/robots.txt"))
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_quote_pages_describe_themselves_for_sharing(client, archive):
    turn = Turn.objects.get(interview=archive, position=1)
    page = html(client.get(turn.get_absolute_url()))
    assert '<meta property="og:type" content="article">' in page
    assert f'<link rel="canonical" href="http://testserver{turn.get_absolute_url()}">' in page
