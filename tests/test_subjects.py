"""Topics, places and organisations in the archive: loading, import, search, pages and
editors' choices. Runs on SQLite and on PostgreSQL."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from interviews.filters import search_params
from interviews.importing import import_document
from interviews.models import (
    EditRecord,
    Entity,
    Interview,
    InterviewTopic,
    TagChoice,
    Topic,
    Turn,
    TurnEntity,
    TurnTopic,
)
from interviews.search import search
from interviews.subjects.retag import retag_interview

from .conftest import SEED, corpus_file

TERRORISM, DEFENCE, RELATIONS = "medtop:20000103", "medtop:20000598", "medtop:20000638"


def html(response):
    return response.content.decode()


@pytest.fixture
def vocabulary(db):
    call_command("load_topics", stdout=io.StringIO())


@pytest.fixture
def editor(client, db):
    user = User.objects.create_user("eda", password="a long enough password")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def topic(qcode):
    return Topic.objects.get(qcode=qcode)


def test_load_topics_is_idempotent_and_keeps_the_hierarchy(vocabulary):
    assert Topic.objects.vocabulary().count() == 1286
    terrorism = topic(TERRORISM)
    assert terrorism.parent.qcode == "medtop:20000082" and terrorism.level == 3
    assert terrorism.parent.parent.parent is None
    assert terrorism.label("tr") == "terörizm" and terrorism.label("es") == "Terrorismo"
    assert terrorism.label("de") == "terrorism"  # no German labels: English
    assert Entity.objects.get(code="RU").names == {"en": "Russia", "es": "Rusia", "tr": "Rusya"}
    assert Entity.objects.get(code="NATO").kind == Entity.ORGANISATION
    assert Entity.objects.get(code="x-middle-east").kind == Entity.REGION
    slugs = dict(Topic.objects.values_list("qcode", "slug"))
    out = io.StringIO()
    call_command("load_topics", stdout=out)
    assert "0 created, 0 updated" in out.getvalue() and "IPTC" in out.getvalue()
    assert dict(Topic.objects.values_list("qcode", "slug")) == slugs


def test_import_tags_the_interview_and_its_turns(seed_interview):
    qcodes = set(seed_interview.topics.values_list("qcode", flat=True))
    assert {TERRORISM, DEFENCE, RELATIONS} <= qcodes
    assert all(link.auto for link in seed_interview.topic_links.all())
    codes = set(seed_interview.entity_links.values_list("entity__code", flat=True))
    assert {"NATO", "US", "RU"} <= codes
    turn = seed_interview.turns.get(position=1)
    assert list(turn.topic_links.values_list("topic__qcode", flat=True)) == [TERRORISM]
    assert {"NATO", "ISIL"} <= set(turn.entity_links.values_list("entity__code", flat=True))
    # Topics were made from the vocabulary as they were needed, broader ones included.
    assert topic(TERRORISM).parent.parent.qcode == "medtop:02000000"


def test_a_header_topic_is_the_documents_own_choice(sources, tmp_path):
    text = (
        "Title: On the budget\nDate: 2020-01-02\nSource: Radio\nTopics: Terrorismo, Press briefings\n\n"
        "Q: What about the budget?\n\nMinister Doe: The budget deficit will fall.\n"
    )
    interview = import_document(text.encode(), "budget.txt").interview
    chosen = dict(interview.topic_links.values_list("topic__name", "auto"))
    assert chosen["terrorism"] is False  # a label in Spanish names the vocabulary's topic
    assert chosen["Press briefings"] is False  # a name it lacks is the archive's own topic
    assert Topic.objects.get(name="Press briefings").qcode is None
    assert chosen["government budget"] is True  # the tagger's


def test_dry_run_json_reports_tags_as_documented(seed_interview, capsys):
    call_command("import_interviews", str(SEED), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out.split("\n1 parsed")[0])[0]
    assert {"qcode": TERRORISM, "label": "terrorism", "auto": True} in data["topics"]
    assert {"code": "RU", "name": "Russia"} in data["places"]
    assert {"code": "NATO", "name": "NATO"} in data["organisations"]
    assert set(data["turns"][1]) >= {"topics", "places", "organisations"}
    assert data["turns"][1]["topics"] == [{"qcode": TERRORISM, "label": "terrorism", "auto": True}]
    assert all(re.fullmatch(r"[A-Z]{2}|\d{3}|x-[a-z-]+", p["code"]) for p in data["places"])


def test_the_seed_is_found_through_each_of_its_topics_and_places(client, seed_interview):
    for qcode in (TERRORISM, DEFENCE, RELATIONS):
        slug = topic(qcode).slug
        listed = html(client.get(f"/interviews/?topic={slug}"))
        assert seed_interview.slug in listed, qcode
        assert seed_interview.slug in html(client.get(f"/topics/{slug}/")), qcode
    for code in ("NATO", "US", "RU"):
        entity = Entity.objects.get(code=code)
        assert seed_interview.slug in html(client.get(entity.get_absolute_url())), code
        assert seed_interview.slug in html(client.get(f"/interviews/?place={entity.slug}"))
        kind = "organisation" if code == "NATO" else "place"
        page = search(search_params({kind: [entity.slug]}))
        assert page.count and all(h.turn.interview_id == seed_interview.pk for h in page.hits)
    for qcode in (TERRORISM, DEFENCE, RELATIONS):  # relations: through diplomacy, narrower
        page = search(search_params({"topic": [topic(qcode).slug]}))
        assert page.count and {h.turn.interview_id for h in page.hits} == {seed_interview.pk}


def test_search_by_a_broad_topic_finds_the_narrower_ones(seed_interview):
    crime = Topic.objects.get(qcode="medtop:02000000")  # crime, law and justice
    tagged = Turn.objects.filter(topic_links__topic__qcode=TERRORISM).count()
    page = search(topics=[crime])
    assert page.count == tagged > 0
    assert search(q="NATO", topics=[crime]).count <= tagged
    facets = {v.label: v.count for v in search(q="NATO").facets["topic"]}
    assert facets["terrorism"] == tagged
    places = {v.label: v.count for v in search(q="NATO").facets["place"]}
    organisations = {v.label: v.count for v in search(q="NATO").facets["organisation"]}
    assert "Russia" in places and "NATO" in organisations and "NATO" not in places


def test_facets_leave_out_their_own_selection(seed_interview):
    russia = Entity.objects.get(code="RU")
    page = search(q="NATO", places=[russia])
    values = {v.label: v for v in page.facets["place"]}
    assert values["Russia"].selected and len(values) > 1  # other places stay choosable
    assert all(
        TurnEntity.objects.filter(turn=hit.turn, entity=russia).exists() for hit in page.hits
    )


def test_pages_show_topics_and_places(client, seed_interview):
    page = html(client.get(seed_interview.get_absolute_url()))
    assert 'aria-label="Topics, places and organisations of this interview"' in page
    assert "Terrorism" in page and "Russia" in page and 'title="Tagged automatically"' in page
    assert page.count('aria-label="Topics and places of this turn"') >= 5
    results = html(client.get("/search/", {"q": "terrorism"}))
    assert 'aria-label="Topics and places of this quote"' in results
    assert 'id="facet-topic"' in results and 'id="facet-organisation"' in results


def test_topic_place_and_organisation_pages(client, seed_interview, vocabulary):
    tree = html(client.get("/topics/"))
    assert "Crime, law and justice" in tree and "Terrorism" in tree and "IPTC" in tree
    assert "Creative Commons Attribution 4.0" in tree
    turkish = html(client.get("/topics/?lang=tr"))
    assert "Suç, hukuk ve adalet" in turkish and "Terörizm" in turkish
    spanish = html(client.get("/topics/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9"))
    assert "Terrorismo" in spanish
    terrorism = html(client.get(f"/topics/{topic(TERRORISM).slug}/"))
    assert "<svg" in terrorism and 'role="img"' in terrorism  # quotes per year
    assert "Who speaks most on it" in terrorism and "Jens Stoltenberg" in terrorism
    assert "Latest quotes" in terrorism and "Narrower topics" not in terrorism
    assert 'type="application/atom+xml"' in terrorism
    crime = html(client.get(f"/topics/{topic('medtop:02000000').slug}/"))
    assert "Narrower topics" in crime and seed_interview.slug in crime
    feed = client.get(f"/topics/{topic(TERRORISM).slug}/feed/")
    assert feed.status_code == 200 and b"<feed" in feed.content and b"Stoltenberg" in feed.content
    places = html(client.get("/places/"))
    assert "Russia" in places and "NATO" not in places
    assert "NATO" in html(client.get("/organisations/"))
    russia = Entity.objects.get(code="RU")
    page = html(client.get(russia.get_absolute_url()))
    assert "ISO 3166-1" in page and "<svg" in page and seed_interview.slug in page
    assert client.get(f"/places/{russia.slug}/feed/").status_code == 200
    nato = Entity.objects.get(code="NATO")
    assert client.get(f"/places/{nato.slug}/").status_code == 404
    assert client.get(nato.get_absolute_url()).status_code == 200


def test_editors_choices_win_and_outlive_reimports_and_retagging(client, editor, seed_interview):
    url = f"/edit/interviews/{seed_interview.slug}/tags/"
    terrorism, defence = topic(TERRORISM), topic(DEFENCE)
    turn = seed_interview.turns.get(position=1)
    canada = Entity.objects.get(code="CA")
    # Remove an automatic topic, confirm another, add one; on the interview and a turn.
    client.post(url, {"action": "remove", "kind": "topic", "target": terrorism.slug})
    client.post(url, {"action": "confirm", "kind": "topic", "target": defence.slug})
    client.post(url, {"action": "add", "kind": "topic", "target": "Diplomacia"})
    client.post(url, {"action": "remove", "kind": "place", "target": "CA"})
    client.post(url, {"action": "add", "kind": "place", "target": "Belgium", "turn": turn.key})
    response = client.post(
        url, {"action": "add", "kind": "topic", "target": "summit meetings", "turn": turn.key}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#t-{turn.key}")

    def state():
        interview = Interview.objects.get(pk=seed_interview.pk)
        turn_now = interview.turns.get(key=turn.key)
        return (
            dict(interview.topic_links.values_list("topic__qcode", "auto")),
            set(interview.entity_links.values_list("entity__code", flat=True)),
            set(turn_now.topic_links.values_list("topic__qcode", flat=True)),
            set(turn_now.entity_links.values_list("entity__code", flat=True)),
        )

    topics, places, turn_topics, turn_places = state()
    assert TERRORISM not in topics and topics[DEFENCE] is False
    assert topics["medtop:20000639"] is False  # diplomacy, added by its Spanish label
    assert "CA" not in places and "BE" in turn_places and "medtop:20000640" in turn_topics
    assert TagChoice.objects.filter(interview=seed_interview).count() == 6
    assert EditRecord.objects.filter(action=EditRecord.TOPICS).count() == 6
    before = state()
    retag_interview(Interview.objects.get(pk=seed_interview.pk))
    assert state() == before
    # A corrected version of the document: the turn keeps its key, and the choices hold.
    corrected = SEED.read_bytes().replace(b"boots on the ground", b"troops on the ground")
    assert import_document(corrected, SEED.name).status == "updated"
    assert state() == before
    assert not InterviewTopic.objects.filter(interview=seed_interview, topic=terrorism).exists()
    assert canada.pk not in set(seed_interview.entity_links.values_list("entity_id", flat=True))
    # Unknown names are refused with a message, and nothing changes.
    response = client.post(
        url, {"action": "add", "kind": "place", "target": "Atlantis"}, follow=True
    )
    assert "No place or organisation is called “Atlantis”" in html(response)
    assert state() == before


def test_editor_page_shows_tags_with_their_state(client, editor, seed_interview):
    page = html(client.get(f"/edit/interviews/{seed_interview.slug}/"))
    assert 'id="tags-title"' in page and ">automatic<" in page
    assert 'name="action" value="confirm"' in page and 'name="action" value="remove"' in page
    assert page.count('class="tag-add"') == seed_interview.turn_count + 1


def test_retag_command(seed_interview):
    TurnTopic.objects.all().delete()
    InterviewTopic.objects.all().delete()
    out = io.StringIO()
    call_command("retag", "--no-progress", stdout=out)
    assert "1 interviews tagged again" in out.getvalue()
    assert seed_interview.topics.filter(qcode=TERRORISM).exists()
    assert TurnTopic.objects.filter(turn__interview=seed_interview).exists()


def test_bulk_import_tags_as_one_by_one_does(sources, tmp_path):
    from interviews.bulk import bulk_import

    paths = [corpus_file(p) for p in ("19_", "21_", "15_")]
    result = bulk_import(paths, jobs=1)
    assert result.counts == {"created": 3}
    assert TurnTopic.objects.count() and TurnEntity.objects.count()
    spanish = Interview.objects.get(language="es")
    assert spanish.entity_links.filter(entity__code="MX").exists()
