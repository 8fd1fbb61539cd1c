"""Editors in the browser: permissions, the import preview, corrections, speakers, history.

Against the real database (SQLite or PostgreSQL), through the real views and services.
"""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from interviews import corrections
from interviews.editing import pending as pending_imports
from interviews.editing.accounts import EDITORS, is_editor, make_editor
from interviews.editing.speakers import merge_speakers
from interviews.editing.turns import merge_with_next, split_turn
from interviews.importing import InterviewWriter, import_document
from interviews.models import (
    EditRecord,
    ImportRecord,
    Interview,
    Participant,
    PendingImport,
    RetiredTurn,
    SlugRedirect,
    Speaker,
    Turn,
)
from interviews.parsing import parse_document

from .conftest import SEED, corpus_file

pytestmark = pytest.mark.django_db

SEED_SLUG = "nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return make_editor("editor", email="editor@example.org", password=PASSWORD)[0]


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user("reader", "reader@example.org", PASSWORD)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def upload(client, *files, text=""):
    """POST files [(name, bytes)] and/or pasted text to the import page."""
    documents = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(reverse("editing:import"), {"documents": documents, "text": text})


def html(response) -> str:
    return response.content.decode()


def review_url(pending) -> str:
    return reverse("editing:review", args=[pending.pk])


def review_data(client, pending, **changes) -> dict:
    """The preview form as the browser would send it, with some fields changed."""
    response = client.get(review_url(pending))
    forms = response.context["forms"]
    data = {"revision": str(len(PendingImport.objects.get(pk=pending.pk).corrections))}
    for form in forms.all():
        for name in form.fields:
            key = form.add_prefix(name)
            value = form[name].value()
            if value is None:
                value = ""
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            data[key] = value
    data.update({key: str(value) for key, value in changes.items()})
    return data


def pending_seed(client):
    response = upload(client, (SEED.name, SEED.read_bytes()))
    assert response.status_code == 302, html(response)
    return PendingImport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


# --- accounts and the navigation ---------------------------------------------------------


def test_every_page_offers_sign_in_returning_to_the_page(client, db):
    response = client.get("/speakers/?initial=S")
    assert 'href="/accounts/login/?next=/speakers/%3Finitial%3DS"' in html(response)
    assert "Import" not in re.search(r'<nav class="account-nav".*?</nav>', html(response), re.S)[0]


def test_sign_in_goes_back_to_the_page(client, editor):
    response = client.post(
        "/accounts/login/?next=/speakers/",
        {"username": "editor", "password": PASSWORD, "next": "/speakers/"},
    )
    assert response.status_code == 302 and response["Location"] == "/speakers/"
    page = html(client.get("/speakers/"))
    assert 'href="/edit/"' in page and 'href="/edit/history/"' in page
    assert 'action="/accounts/logout/"' in page and "Sign out" in page


def test_sign_out_is_a_post(client, editor):
    client.force_login(editor)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "Sign in" in html(client.get("/"))


def test_a_reader_sees_no_editing_links(client, reader, seed_interview):
    client.force_login(reader)
    page = html(client.get(seed_interview.get_absolute_url()))
    assert "Sign out" in page and 'href="/edit/"' not in page
    assert "Edit this interview" not in page


def test_editors_see_edit_links_on_interview_and_speaker_pages(as_editor, seed_interview):
    page = html(as_editor.get(seed_interview.get_absolute_url()))
    assert f'href="/edit/interviews/{SEED_SLUG}/"' in page
    page = html(as_editor.get("/speakers/jens-stoltenberg/"))
    assert 'href="/edit/speakers/jens-stoltenberg/"' in page


def test_superusers_are_editors_and_inactive_accounts_are_not(db):
    boss = get_user_model().objects.create_superuser("boss", "b@example.org", PASSWORD)
    assert is_editor(boss)
    gone, _ = make_editor("gone", password=PASSWORD)
    gone.is_active = False
    assert not is_editor(gone)


def test_create_editor_command(db, monkeypatch):
    monkeypatch.setenv("ARCHIVE_EDITOR_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("create_editor", "ana", "--email", "ana@example.org", stdout=out)
    assert "Created editor ana" in out.getvalue()
    ana = get_user_model().objects.get(username="ana")
    assert ana.check_password(PASSWORD) and ana.groups.filter(name=EDITORS).exists()
    # An existing account is promoted and keeps its password unless asked.
    get_user_model().objects.create_user("ben", password="an old password 123")
    monkeypatch.setenv("ARCHIVE_EDITOR_PASSWORD", "a different password 456")
    call_command("create_editor", "ben", stdout=io.StringIO())
    ben = get_user_model().objects.get(username="ben")
    assert is_editor(ben) and ben.check_password("an old password 123")
    call_command("create_editor", "ben", "--reset-password", stdout=io.StringIO())
    assert get_user_model().objects.get(username="ben").check_password("a different password 456")


def test_create_editor_refuses_weak_or_missing_passwords(db, monkeypatch):
    monkeypatch.setenv("ARCHIVE_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "ana", stdout=io.StringIO())
    monkeypatch.delenv("ARCHIVE_EDITOR_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="ARCHIVE_EDITOR_PASSWORD"):
        call_command("create_editor", "ana", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="ana").exists()


# --- permissions: every editing URL --------------------------------------------------------


@pytest.fixture
def targets(editor, seed_interview):
    """Every editing URL, with the method and data an editor would use."""
    duplicate = Speaker.objects.create(name="J. Stoltenberg")
    pending = PendingImport.objects.create(
        owner=editor, file_name=SEED.name, original=SEED.read_bytes(), checksum="x", size=1
    )
    stoltenberg = Participant.objects.get(
        interview=seed_interview, speaker__name="Jens Stoltenberg"
    )
    turn = seed_interview.turns.get(position=3)  # two paragraphs
    edit = f"/edit/interviews/{SEED_SLUG}/"
    first = seed_interview.turns.get(position=0)
    return [
        ("get", "/edit/", {}, 200),
        ("post", "/edit/", {"text": "Q: Why?\n\nAna Silva: Because."}, 302),
        ("get", f"/edit/review/{pending.pk}/", {}, 200),
        ("post", f"/edit/review/{pending.pk}/", {"action": "discard"}, 302),
        ("get", "/edit/history/", {}, 200),
        ("get", f"/edit/documents/{seed_interview.document_id}/", {}, 200),
        ("get", edit, {}, 200),
        ("post", f"{edit}topics/", {"topics": "Defence"}, 302),
        (
            "post",
            f"{edit}participants/{stoltenberg.pk}/",
            {f"p{stoltenberg.pk}-part": "interviewee"},
            302,
        ),
        ("get", f"{edit}history/", {}, 200),
        ("get", f"{edit}t/{turn.key}/", {}, 200),
        ("post", f"{edit}t/{turn.key}/split/", {"at": "1"}, 302),
        ("post", f"{edit}t/{first.key}/merge/", {}, 302),
        (
            "post",
            f"{edit}t/{first.key}/",
            {"text": "Edited.", "speaker": first.speaker_id, "kind": "question"},
            302,
        ),
        ("get", "/edit/speakers/jens-stoltenberg/", {}, 200),
        ("get", "/edit/speakers/", {}, 200),
        ("post", "/edit/speakers/jens-stoltenberg/names/", {"name": "Jens S."}, 302),
        ("post", "/edit/speakers/jens-stoltenberg/roles/", {"role": "Prime Minister"}, 302),
        (
            "post",
            "/edit/speakers/jens-stoltenberg/merge/",
            {"duplicate": str(duplicate.pk), "confirm": "on"},
            302,
        ),
        (
            "post",
            "/edit/speakers/jens-stoltenberg/",
            {"name": "Jens Stoltenberg", "kind": "person"},
            302,
        ),
        (
            "post",
            edit,
            {"title": "NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG"},
            302,
        ),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, targets):
    for method, url, data, _ in targets:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=/edit/"), url


def test_signed_in_readers_are_refused(client, reader, targets):
    client.force_login(reader)
    for method, url, data, _ in targets:
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert "This page is for editors" in html(response), url


def test_editors_may_use_every_editing_url(as_editor, targets):
    for method, url, data, expected in targets:
        response = getattr(as_editor, method)(url, data)
        assert response.status_code == expected, (method, url, html(response)[:2000])
        if method == "get" and "/documents/" not in url:
            assert response["Cache-Control"].startswith("max-age=0"), url


def test_post_only_urls_refuse_get(as_editor, seed_interview):
    turn = seed_interview.turns.get(position=0)
    for url in (
        f"/edit/interviews/{SEED_SLUG}/topics/",
        f"/edit/interviews/{SEED_SLUG}/t/{turn.key}/merge/",
        "/edit/speakers/jens-stoltenberg/merge/",
    ):
        assert as_editor.get(url).status_code == 405, url


def test_pending_imports_belong_to_their_editor(client, editor):
    other, _ = make_editor("other", password=PASSWORD)
    pending = PendingImport.objects.create(
        owner=other, file_name="a.txt", original=b"x", checksum="x", size=1
    )
    client.force_login(editor)
    assert client.get(review_url(pending)).status_code == 404


# --- CSRF on every form ---------------------------------------------------------------


def test_every_form_requires_the_csrf_token(editor, targets):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    posts = [(url, data) for method, url, data, _ in targets if method == "post"]
    posts += [
        ("/accounts/logout/", {}),
        ("/accounts/password/", {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert b"CSRF" in response.content, url
    assert PendingImport.objects.count() == 1 and EditRecord.objects.count() == 0
    assert Interview.objects.get().title.startswith("NATO")
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 403


def test_the_upload_form_accepts_its_token(editor, sources):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = html(client.get("/edit/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(
        "/edit/",
        {
            "csrfmiddlewaretoken": token,
            "documents": [SimpleUploadedFile(SEED.name, SEED.read_bytes())],
        },
    )
    assert response.status_code == 302 and "/edit/review/" in response["Location"]


# --- uploading, and its limits ---------------------------------------------------------------


def test_upload_leads_to_a_preview_of_everything_understood(as_editor, sources):
    pending = pending_seed(as_editor)
    response = as_editor.get(review_url(pending))
    page = html(response)
    assert response.status_code == 200
    assert "NATO TO JOIN ANTI-ISIS COALITION, SAYS ALLIANCE CHIEF STOLTENBERG" in page
    assert 'value="2017-05-25"' in page and 'value="2017-05-26"' in page
    assert 'value="EuroNews"' in page and 'value="Center for Eurasian Studies"' in page
    assert 'value="en"' in page and "Andrei Beketov sat down with Jens Stoltenberg" in page
    assert '<span class="label-chip">Stoltenberg</span>' in page
    assert '<span class="label-chip">euronews</span>' in page
    assert "NATO Secretary-General" in page
    assert page.count('class="review-turn ') == 8
    assert "New to the archive" in page
    assert Interview.objects.count() == 0  # nothing is written before saving


def test_several_files_and_pasted_text_wait_for_review(as_editor, sources):
    pasted = "Title: A short talk\nDate: 2021-03-04\n\nQ: Is it short?\n\nAna Silva: Very short."
    response = upload(
        as_editor,
        (SEED.name, SEED.read_bytes()),
        ("ard.txt", corpus_file("19_").read_bytes()),
        text=pasted,
    )
    assert response.status_code == 302 and response["Location"] == "/edit/"
    names = list(PendingImport.objects.values_list("file_name", flat=True))
    assert names[:2] == [SEED.name, "ard.txt"] and re.fullmatch(r"pasted-\w{10}\.txt", names[2])
    page = html(as_editor.get("/edit/"))
    assert "Waiting for review" in page and "ard.txt" in page


def test_refused_files_are_named_with_their_reason_and_the_rest_go_on(as_editor, sources):
    response = upload(
        as_editor,
        ("report.pdf", b"%PDF-1.4 binary"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("notes.txt", b"Title: Notes\n\nJust a paragraph of notes.\n\nAnd another one."),
        ("empty.md", b""),
        (SEED.name, SEED.read_bytes()),
    )
    page = html(response)
    assert response.status_code == 200
    refusals = re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", page)
    reasons = dict(refusals)
    assert "this PDF cannot be read" in reasons["report.pdf"]
    # Refused by its first bytes as it arrives, before the parser sees it.
    assert "binary file (an image)" in reasons["photo.txt"]
    assert re.match(r"line \d+: no speaker turns found", reasons["notes.txt"])
    assert "empty" in reasons["empty.md"]
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == [SEED.name]
    assert "1 document ready for review; 4 not imported" in page


def test_too_many_files_and_too_large_files(as_editor, sources, settings):
    settings.ARCHIVE_MAX_UPLOAD_FILES = 2
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 3000
    small = b"Title: A short talk\n\nQ: Is it short?\n\nAna Silva: Very short."
    response = upload(
        as_editor,
        ("one.txt", small),
        (SEED.name, SEED.read_bytes()),  # 3.3 kB: over the limit
        ("three.txt", small.replace(b"short talk", b"third talk")),
        ("four.txt", small),
    )
    reasons = dict(re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", html(response)))
    assert "larger than the limit of 2.9 KB" in reasons[SEED.name]
    assert "at most 2 files" in reasons["three.txt"] and "at most 2 files" in reasons["four.txt"]
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["one.txt"]


def test_an_empty_upload_says_what_to_do(as_editor):
    response = upload(as_editor)
    assert "Choose one or more files, or paste the text" in html(response)


def test_pasted_text_beyond_the_limit_is_refused(as_editor, settings):
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 100
    response = upload(as_editor, text="Q: Why?\n\nAna Silva: " + "Because. " * 40)
    assert "the file is too large" in html(response)
    assert not PendingImport.objects.exists()


def test_expired_uploads_are_forgotten(as_editor, editor):
    old = PendingImport.objects.create(
        owner=editor, file_name="old.txt", original=b"x", checksum="x", size=1
    )
    PendingImport.objects.filter(pk=old.pk).update(
        updated_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    as_editor.get("/edit/")
    assert not PendingImport.objects.filter(pk=old.pk).exists()


# --- the preview: corrections and saving -----------------------------------------------------


def test_corrections_in_the_preview_are_saved_through_the_import_service(
    as_editor, editor, sources
):
    pending = pending_seed(as_editor)
    data = review_data(
        as_editor,
        pending,
        **{
            "doc-title": "NATO joins the coalition against ISIS",
            "doc-topics": "Defence, Terrorism",
            "t2-speaker": "0",  # turn 3 "And what about boots on the ground" -> Stoltenberg
            "t5-kind": "remark",
            "action": "save",
        },
    )
    assert data["t2-speaker"] == "0" and data["s0-name"] == "Jens Stoltenberg"
    response = as_editor.post(review_url(pending), data)
    interview = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    assert interview.title == "NATO joins the coalition against ISIS"
    # The header's topics, as the editor corrected them, are the interview's own choice.
    chosen = interview.topic_links.filter(auto=False).values_list("topic__name", flat=True)
    assert sorted(chosen) == ["defence", "terrorism"]
    turns = list(interview.turns.order_by("position").select_related("speaker"))
    assert turns[2].speaker.name == "Jens Stoltenberg" and turns[2].kind == "answer"
    assert turns[2].label == "euronews" and turns[2].part == "interviewee"
    assert turns[5].kind == "remark"
    assert interview.imported_by == editor
    assert Speaker.objects.get(name="Jens Stoltenberg").turn_count == 5
    assert Speaker.objects.get(name="Andrei Beketov").turn_count == 3
    labels = Participant.objects.get(speaker__name="Jens Stoltenberg").labels
    assert labels == ["Stoltenberg", "euronews"]
    record = ImportRecord.objects.get(interview=interview)
    assert record.action == "created" and bytes(record.original) == SEED.read_bytes()
    edit = EditRecord.objects.get(action=EditRecord.PREVIEW)
    assert edit.interview == interview and edit.edited_by == editor
    assert any(
        "turn 3: speaker Andrei Beketov → Jens Stoltenberg" in n
        for n in edit.changes["corrections"][1]
    )
    assert not PendingImport.objects.exists()
    page = html(as_editor.get(interview.get_absolute_url()))
    assert "Imported “NATO joins the coalition against ISIS”: 8 turns." in page


def test_apply_keeps_corrections_until_saved_and_undo_takes_the_last_back(as_editor, sources):
    pending = pending_seed(as_editor)
    response = as_editor.post(
        review_url(pending), review_data(as_editor, pending, **{"t0-kind": "remark"})
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert [c["op"] for c in pending.corrections] == ["kind"]
    page = html(as_editor.get(review_url(pending)))
    assert '<option value="remark" selected>' in page and "1 correction" in page
    response = as_editor.post(review_url(pending), {"revision": "1", "action": "undo"})
    pending.refresh_from_db()
    assert pending.corrections == []
    assert "Undone: turn 1: question → remark." in html(as_editor.get(response["Location"]))


def test_a_preview_changed_elsewhere_is_not_overwritten(as_editor, sources):
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"t0-kind": "remark"})
    pending.corrections = [{"op": "kind", "turn": 1, "kind": "remark", "note": "elsewhere"}]
    pending.save()
    as_editor.post(review_url(pending), data)
    pending.refresh_from_db()
    assert len(pending.corrections) == 1


def test_merge_and_split_buttons(as_editor, sources):
    pending = pending_seed(as_editor)
    response = as_editor.post(
        review_url(pending), review_data(as_editor, pending, action="merge:0")
    )
    assert response["Location"].endswith("#turn-1")
    response = as_editor.post(
        review_url(pending), review_data(as_editor, pending, action="split:2:1")
    )
    draft = pending_imports.draft_of(PendingImport.objects.get(pk=pending.pk))
    turns = draft.parsed.turns
    assert len(turns) == 8
    assert (
        turns[0].text.startswith("Secretary-General") and "NATO will decide today" in turns[0].text
    )
    assert len(turns[2].paragraphs) == 1 and turns[2].text.startswith("This is not symbolic")
    assert turns[3].paragraphs[0].startswith("NATO is not going into a combat role")
    assert turns[3].speaker == "Jens Stoltenberg"


def test_a_refused_correction_is_explained_and_the_others_kept(as_editor, sources):
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"s1-name": "Jens Stoltenberg", "t1-kind": "remark"})
    response = as_editor.post(review_url(pending), data)
    page = html(response)
    assert response.status_code == 200
    assert "another speaker in this document is called" in page
    pending.refresh_from_db()
    assert [c["op"] for c in pending.corrections] == ["kind"]


def test_invalid_fields_are_shown_and_nothing_is_saved(as_editor, sources):
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"doc-date": "not a date", "action": "save"})
    response = as_editor.post(review_url(pending), data)
    assert response.status_code == 200 and "Enter a valid date." in html(response)
    assert "some fields below need attention" in html(response)
    assert not Interview.objects.exists()


def test_speakers_are_suggested_by_similar_names_and_can_be_chosen(as_editor, sources):
    known = Speaker.objects.create(name="Andrej Beketov", role="Correspondent")
    Speaker.objects.create(name="Somebody Else")
    pending = pending_seed(as_editor)
    response = as_editor.get(review_url(pending))
    form = response.context["forms"].speakers[1]
    choices = [value for value, _ in form.fields["use"].choices]
    assert choices == [str(known.pk), "new"]
    assert "Andrej Beketov, Correspondent (similar name; 0 turns)" in html(response)
    data = review_data(as_editor, pending, **{"s1-use": known.pk, "action": "save"})
    as_editor.post(review_url(pending), data)
    known.refresh_from_db()
    assert known.name == "Andrej Beketov" and known.labels == ["euronews"]
    assert known.turn_count == 4 and not Speaker.objects.filter(name="Andrei Beketov").exists()


def test_a_chosen_speaker_merged_away_meanwhile_leaves_the_choice_to_the_importer(
    as_editor, sources
):
    known = Speaker.objects.create(name="Andrej Beketov")
    pending = pending_seed(as_editor)
    as_editor.post(review_url(pending), review_data(as_editor, pending, **{"s1-use": known.pk}))
    known.delete()
    as_editor.post(review_url(pending), review_data(as_editor, pending, action="save"))
    assert Interview.objects.get().turns.filter(speaker__name="Andrei Beketov").count() == 4


def test_a_speaker_can_be_named_by_hand_or_kept_apart_from_a_namesake(as_editor, sources):
    # An earlier interview has a Jens Stoltenberg; this document's is someone else.
    import_document(corpus_file("19_").read_bytes(), "ard.txt")
    putin = Speaker.objects.get(name="Vladimir Putin")
    namesake = Speaker.objects.create(name="Jens Stoltenberg", role="Someone else")
    pending = pending_seed(as_editor)
    data = review_data(
        as_editor, pending, **{"s0-use": "new", "s1-other": "vladimir putin", "action": "save"}
    )
    as_editor.post(review_url(pending), data)
    interview = Interview.objects.get(title__startswith="NATO")
    speakers = {t.speaker for t in interview.turns.all()}
    assert putin in speakers and namesake not in speakers
    new = next(s for s in speakers if s != putin)
    assert new.name == "Jens Stoltenberg" and new.slug == "jens-stoltenberg-2"


def test_labels_can_move_to_a_speaker_the_importer_missed(as_editor, sources):
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"add-name": "Jane Roe", "add-part": "interviewer"})
    as_editor.post(review_url(pending), data)
    data = review_data(as_editor, pending, **{"s1-label0": "2", "action": "save"})
    as_editor.post(review_url(pending), data)
    interview = Interview.objects.get()
    assert set(interview.turns.values_list("speaker__name", flat=True)) == {
        "Jane Roe",
        "Jens Stoltenberg",
    }
    # Andrei Beketov lost all his turns: he is not saved.
    assert not Speaker.objects.filter(name="Andrei Beketov").exists()
    assert Participant.objects.get(speaker__name="Jane Roe").labels == ["euronews"]


def test_changing_parts_classifies_the_turns_again(as_editor, sources):
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"s0-part": "interviewer", "s1-part": "interviewee"})
    as_editor.post(review_url(pending), data)
    draft = pending_imports.draft_of(PendingImport.objects.get(pk=pending.pk))
    turns = draft.parsed.turns
    assert turns[1].speaker == "Jens Stoltenberg" and turns[1].kind == "question"
    assert turns[2].speaker == "Andrei Beketov" and turns[2].kind == "answer"


def test_discard_forgets_the_upload(as_editor, sources):
    pending = pending_seed(as_editor)
    response = as_editor.post(review_url(pending), {"action": "discard"})
    assert response["Location"] == "/edit/"
    assert not PendingImport.objects.exists() and not Interview.objects.exists()


def test_saving_is_atomic(as_editor, sources, monkeypatch):
    pending = pending_seed(as_editor)
    as_editor.post(
        review_url(pending), review_data(as_editor, pending, **{"doc-title": "Corrected"})
    )
    speakers = Speaker.objects.count()

    def fail(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(InterviewWriter, "_turns", fail)
    with pytest.raises(RuntimeError):
        pending_imports.save(PendingImport.objects.get(pk=pending.pk), None)
    assert not Interview.objects.exists() and Speaker.objects.count() == speakers
    assert not EditRecord.objects.exists() and not ImportRecord.objects.exists()
    assert PendingImport.objects.get(pk=pending.pk).corrections[0]["value"] == "Corrected"


def test_a_document_already_in_the_archive_is_recognised_and_can_be_updated(
    as_editor, seed_interview
):
    keys = list(seed_interview.turns.order_by("position").values_list("key", flat=True))
    pending = pending_seed(as_editor)
    page = html(as_editor.get(review_url(pending)))
    assert "This document is already in the archive" in page
    assert f'href="/interviews/{SEED_SLUG}/"' in page and "Update the archived interview" in page
    # Saved unchanged: nothing changes.
    response = as_editor.post(review_url(pending), review_data(as_editor, pending, action="save"))
    assert "already in the archive, unchanged" in html(as_editor.get(response["Location"]))
    assert ImportRecord.objects.filter(action="unchanged").count() == 1
    # Saved with a correction: the interview is updated in place and keeps its permalinks.
    pending = pending_seed(as_editor)
    data = review_data(as_editor, pending, **{"t4-kind": "remark", "action": "save"})
    as_editor.post(review_url(pending), data)
    assert Interview.objects.count() == 1
    interview = Interview.objects.get()
    assert list(interview.turns.order_by("position").values_list("key", flat=True)) == keys
    assert interview.turns.get(position=4).kind == "remark"
    assert ImportRecord.objects.filter(action="updated").count() == 1


def test_a_corrected_version_is_recognised_as_a_version(as_editor, seed_interview):
    corrected = SEED.read_bytes().replace(b"boots on the ground", b"troops on the ground")
    response = upload(as_editor, ("nato-corrected.txt", corrected))
    page = html(as_editor.get(response["Location"]))
    assert "A version of this interview is already in the archive" in page


# --- corrections, as pure operations ----------------------------------------------------------


def test_corrections_replay_on_a_fresh_parse_and_skip_what_no_longer_fits():
    parsed = parse_document(SEED.read_bytes(), SEED.name)
    draft = corrections.replay(
        parsed,
        [
            {"op": "set", "field": "date", "value": "2017-05-24"},
            {"op": "merge", "turn": 99},
            {"op": "speaker", "index": 1, "field": "name", "value": "Andrei  Beketov Jr."},
            {"op": "unknown"},
        ],
    )
    assert draft.parsed.date == dt.date(2017, 5, 24)
    assert draft.parsed.turns[0].speaker == "Andrei Beketov Jr."
    assert parsed.date == dt.date(2017, 5, 25)  # the parse itself is untouched
    with pytest.raises(corrections.CorrectionError):
        corrections.apply(draft, {"op": "split", "turn": 0, "at": 1})
    with pytest.raises(corrections.CorrectionError):
        corrections.apply(draft, {"op": "set", "field": "title", "value": "  "})


# --- editing after import: turns --------------------------------------------------------------


def turn_at(interview, position) -> Turn:
    return Turn.objects.select_related("speaker").get(interview=interview, position=position)


def test_editing_a_turn_keeps_its_key_and_records_the_change(as_editor, editor, seed_interview):
    turn = turn_at(seed_interview, 1)
    url = reverse("editing:turn", args=[SEED_SLUG, turn.key])
    text = turn.text.replace("fighting ISIS", "fighting Daesh") + "\r\n\r\nA new  paragraph."
    response = as_editor.post(
        url, {"text": text, "speaker": turn.speaker_id, "kind": "answer", "other": ""}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#t-{turn.key}")
    edited = turn_at(seed_interview, 1)
    assert edited.key == turn.key and "fighting Daesh" in edited.text
    assert edited.paragraphs[-1] == "A new paragraph."
    record = EditRecord.objects.get(action=EditRecord.TURN)
    assert record.edited_by == editor and set(record.changes) == {"text"}
    assert record.target == f"turn {turn.key}"


def test_crediting_a_turn_to_someone_else_moves_parts_and_counts(as_editor, seed_interview):
    turn = turn_at(seed_interview, 2)  # a question by Andrei Beketov
    url = reverse("editing:turn", args=[SEED_SLUG, turn.key])
    response = as_editor.post(
        url, {"text": turn.text, "speaker": "", "other": "Jane Roe", "kind": "question"}
    )
    assert response.status_code == 302
    jane = Speaker.objects.get(name="Jane Roe")
    turn = turn_at(seed_interview, 2)
    assert turn.speaker == jane and turn.part == "interviewer" and turn.label == "euronews"
    assert jane.turn_count == 1 and jane.interview_count == 1
    assert Speaker.objects.get(name="Andrei Beketov").turn_count == 3
    # Back to Beketov: Jane no longer takes part.
    as_editor.post(
        url,
        {
            "text": turn.text,
            "speaker": Speaker.objects.get(name="Andrei Beketov").pk,
            "kind": "question",
        },
    )
    jane.refresh_from_db()
    assert jane.turn_count == 0 and jane.interview_count == 0
    assert not Participant.objects.filter(speaker=jane).exists()


def test_an_empty_turn_is_refused(as_editor, seed_interview):
    turn = turn_at(seed_interview, 1)
    url = reverse("editing:turn", args=[SEED_SLUG, turn.key])
    response = as_editor.post(url, {"text": " \n\n ", "speaker": turn.speaker_id, "kind": "answer"})
    assert response.status_code == 200 and "merge them" in html(response)


def test_merging_turns_keeps_the_first_key_and_the_second_leads_to_it(
    client, as_editor, seed_interview
):
    first, second, third = (turn_at(seed_interview, n) for n in (2, 3, 4))
    response = as_editor.post(reverse("editing:merge_turn", args=[SEED_SLUG, first.key]))
    assert response.status_code == 302
    merged = turn_at(seed_interview, 2)
    assert merged.key == first.key and merged.text == f"{first.text}\n\n{second.text}"
    assert turn_at(seed_interview, 3).key == third.key
    assert list(seed_interview.turns.values_list("position", flat=True).order_by("position")) == [
        *range(7)
    ]
    assert RetiredTurn.objects.get(key=second.key).replaced_by == first.key
    interview = Interview.objects.get()
    assert interview.turn_count == 7
    assert Speaker.objects.get(name="Jens Stoltenberg").turn_count == 3
    # The old permalink of the second turn leads to the merged one.
    response = client.get(f"/interviews/{SEED_SLUG}/t/{second.key}/")
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{SEED_SLUG}/t/{first.key}/"
    # Merged again into the turn before: the oldest permalink follows.
    before = turn_at(seed_interview, 1)
    merge_with_next(before, None)
    response = client.get(f"/interviews/{SEED_SLUG}/t/{second.key}/")
    assert response["Location"] == f"/interviews/{SEED_SLUG}/t/{before.key}/"
    # The last turn has nothing to merge with.
    last = seed_interview.turns.order_by("-position").first()
    response = as_editor.post(
        reverse("editing:merge_turn", args=[SEED_SLUG, last.key]), follow=True
    )
    assert "Not merged" in html(response)


def test_splitting_a_turn_gives_the_new_part_a_fresh_key(client, as_editor, seed_interview):
    turn = turn_at(seed_interview, 3)
    keys = set(seed_interview.turns.values_list("key", flat=True))
    response = as_editor.post(
        reverse("editing:split_turn", args=[SEED_SLUG, turn.key]), {"at": "1"}
    )
    assert response.status_code == 302
    first, second = turn_at(seed_interview, 3), turn_at(seed_interview, 4)
    assert first.key == turn.key and first.text == turn.paragraphs[0]
    assert second.key not in keys and second.text == turn.paragraphs[1]
    assert second.speaker == turn.speaker and second.part == "interviewee"
    assert response["Location"].endswith(f"#t-{second.key}")
    assert Interview.objects.get().turn_count == 9
    assert Speaker.objects.get(name="Jens Stoltenberg").turn_count == 5
    assert client.get(f"/interviews/{SEED_SLUG}/t/{second.key}/").status_code == 200
    with pytest.raises(ValueError):
        split_turn(first, 1, None)


def test_an_edit_page_of_a_merged_turn_leads_to_the_turn_it_joined(as_editor, seed_interview):
    first, second = turn_at(seed_interview, 0), turn_at(seed_interview, 1)
    merge_with_next(first, None)
    response = as_editor.get(reverse("editing:turn", args=[SEED_SLUG, second.key]))
    assert response["Location"] == reverse("editing:turn", args=[SEED_SLUG, first.key])


# --- editing after import: the interview ----------------------------------------------------


def test_metadata_corrections_keep_the_permalinks(client, as_editor, seed_interview, sources):
    turn = turn_at(seed_interview, 1)
    source = seed_interview.source
    response = as_editor.post(
        reverse("editing:interview", args=[SEED_SLUG]),
        {
            "title": "NATO joins the anti-ISIS coalition",
            "date": "2017-05-24",
            "published": "2017-05-26",
            "source": source.pk,
            "publisher": "",
            "url": "example.org/nato",
            "language": "en",
            "location": "Brussels",
            "intro": "One paragraph.\r\n\r\n\r\nTwo  paragraphs.",
        },
    )
    interview = Interview.objects.get()
    assert response["Location"] == f"/edit/interviews/{interview.slug}/"
    assert interview.slug == "nato-joins-the-anti-isis-coalition"
    assert interview.url == "https://example.org/nato" and interview.publisher is None
    assert interview.intro_paragraphs == ["One paragraph.", "Two paragraphs."]
    assert turn_at(interview, 1).date == dt.date(2017, 5, 24)
    assert client.get(f"/interviews/{SEED_SLUG}/")["Location"] == f"/interviews/{interview.slug}/"
    response = client.get(f"/interviews/{SEED_SLUG}/t/{turn.key}/")
    assert response["Location"] == f"/interviews/{interview.slug}/t/{turn.key}/"
    assert as_editor.get(f"/edit/interviews/{SEED_SLUG}/").status_code == 301
    record = EditRecord.objects.get(action=EditRecord.INTERVIEW)
    assert record.changes["date"] == ["2017-05-25", "2017-05-24"]
    assert record.changes["publisher"][1] is None
    assert record.changes["slug"] == [SEED_SLUG, interview.slug]


def test_topics_are_added_and_removed(as_editor, seed_interview):
    url = reverse("editing:topics", args=[SEED_SLUG])
    tagged = sorted(seed_interview.topics.values_list("name", flat=True))
    assert tagged == ["defence", "international relations", "terrorism"]  # by the tagger
    # A name the vocabulary has is its topic (in any case); another is the archive's own.
    as_editor.post(url, {"topics": "Defence, Alliance politics , Defence"})
    assert sorted(seed_interview.topics.values_list("name", flat=True)) == [
        "Alliance politics",
        "defence",
    ]
    assert not seed_interview.topic_links.filter(auto=True).exists()  # an editor's choice
    as_editor.post(url, {"topics": "defence"})
    assert list(seed_interview.topics.values_list("name", flat=True)) == ["defence"]
    changes = [r.changes["topics"] for r in EditRecord.objects.order_by("id")]
    assert changes == [
        [tagged, ["Alliance politics", "defence"]],
        [["Alliance politics", "defence"], ["defence"]],
    ]
    as_editor.post(url, {"topics": "Defence"})
    assert EditRecord.objects.count() == 2  # no change, no entry


def test_a_participant_part_follows_onto_the_turns(as_editor, seed_interview):
    participant = Participant.objects.get(interview=seed_interview, speaker__name="Andrei Beketov")
    as_editor.post(
        reverse("editing:participant", args=[SEED_SLUG, participant.pk]),
        {f"p{participant.pk}-part": "other", f"p{participant.pk}-role": "Euronews"},
    )
    assert set(
        Turn.objects.filter(speaker__name="Andrei Beketov").values_list("part", flat=True)
    ) == {"other"}
    assert Participant.objects.get(pk=participant.pk).role == "Euronews"


# --- speakers ------------------------------------------------------------------------------------


def test_renaming_a_speaker_keeps_the_old_address(client, as_editor, seed_interview):
    response = as_editor.post(
        "/edit/speakers/jens-stoltenberg/",
        {
            "name": "Jens  Stoltenberg-Berg",
            "kind": "person",
            "role": "Secretary-General",
            "description": "",
        },
    )
    assert response["Location"] == "/edit/speakers/jens-stoltenberg-berg/"
    speaker = Speaker.objects.get(slug="jens-stoltenberg-berg")
    assert speaker.name == "Jens Stoltenberg-Berg" and speaker.role == "Secretary-General"
    assert (
        client.get("/speakers/jens-stoltenberg/")["Location"] == "/speakers/jens-stoltenberg-berg/"
    )
    assert EditRecord.objects.get(speaker=speaker).changes["name"] == [
        "Jens Stoltenberg",
        "Jens Stoltenberg-Berg",
    ]


def test_merging_speakers_moves_turns_labels_and_addresses(client, as_editor, seed_interview):
    # A second document credits Stoltenberg under a name nothing resolves, in two interviews.
    other = import_document(
        b"Title: Another talk\nDate: 2018-01-01\n\nQ: Anything?\n\nJens S.: Something.",
        "other.txt",
    ).interview
    duplicate = Speaker.objects.get(name="Jens S")
    # ...and in the seed interview itself, for one turn (the unique participant case).
    Turn.objects.filter(interview=seed_interview, position=7).update(speaker=duplicate)
    Participant.objects.create(
        interview=seed_interview, speaker=duplicate, part="interviewee", labels=["JS"], position=5
    )
    SlugRedirect.objects.create(kind="speaker", old_slug="js-old", object_id=duplicate.pk)
    page = html(as_editor.get("/edit/speakers/jens-stoltenberg/"))
    assert f'<option value="{duplicate.pk}">Jens S' in page  # suggested
    response = as_editor.post(
        "/edit/speakers/jens-stoltenberg/merge/", {"duplicate": duplicate.pk, "confirm": "on"}
    )
    assert response["Location"] == "/edit/speakers/jens-stoltenberg/"
    kept = Speaker.objects.get(name="Jens Stoltenberg")
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    assert kept.turn_count == 5 and kept.interview_count == 2
    assert set(kept.labels) == {"Stoltenberg", "Jens S."}
    assert Participant.objects.get(interview=seed_interview, speaker=kept).labels == [
        "Stoltenberg",
        "JS",
    ]
    assert other.turns.get(position=1).speaker == kept
    assert other.turns.get(position=1).part == "interviewee"
    for old in ("jens-s", "js-old"):
        assert client.get(f"/speakers/{old}/")["Location"] == "/speakers/jens-stoltenberg/"
    record = EditRecord.objects.get(action=EditRecord.MERGE_SPEAKERS)
    assert record.speaker == kept and record.changes["turns moved"] == [0, 2]


def test_a_merge_needs_confirmation_and_another_speaker(as_editor, seed_interview):
    beketov = Speaker.objects.get(name="Andrei Beketov")
    url = "/edit/speakers/jens-stoltenberg/merge/"
    response = as_editor.post(url, {"other": "Andrei Beketov"})
    assert response.status_code == 200 and "This field is required." in html(response)
    response = as_editor.post(url, {"other": "jens-stoltenberg", "confirm": "on"})
    assert "Choose another speaker than this one." in html(response)
    response = as_editor.post(url, {"other": "Nobody Known", "confirm": "on"})
    assert "No speaker called “Nobody Known”" in html(response)
    assert Speaker.objects.filter(pk=beketov.pk).exists()
    with pytest.raises(ValueError):
        merge_speakers(beketov, beketov, None)


# --- history and the original documents ----------------------------------------------------


def test_history_lists_imports_and_edits_with_who_and_when(as_editor, editor, seed_interview):
    as_editor.post(reverse("editing:topics", args=[SEED_SLUG]), {"topics": "Defence"})
    page = html(as_editor.get("/edit/history/"))
    assert "Topics changed" in page and "Created" in page
    assert "editor" in page and "from the command line" in page
    assert f'href="/edit/documents/{seed_interview.document_id}/"' in page
    page = html(as_editor.get(f"/edit/interviews/{SEED_SLUG}/history/"))
    assert "Topics changed" in page and SEED.name in page and "current version" in page


def test_the_admin_shows_the_edit_history(client, seed_interview):
    boss = get_user_model().objects.create_superuser("boss", "b@example.org", PASSWORD)
    client.force_login(boss)
    EditRecord.objects.create(action=EditRecord.TOPICS, interview=seed_interview, target="x")
    assert client.get("/admin/interviews/editrecord/").status_code == 200


def test_history_pages(as_editor, seed_interview):
    for n in range(60):
        EditRecord.objects.create(
            action=EditRecord.TOPICS, interview=seed_interview, target=f"#{n}"
        )
    page = html(as_editor.get("/edit/history/"))
    assert "Page 1 · 61 entries" in page and 'href="?page=2"' in page
    page = html(as_editor.get("/edit/history/?page=2"))
    assert page.count('class="history__entry ') == 11 and "Created" in page


def test_the_original_document_downloads_as_it_was_received(as_editor, seed_interview):
    response = as_editor.get(f"/edit/documents/{seed_interview.document_id}/")
    assert response.status_code == 200
    assert response.content == SEED.read_bytes()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{SEED.name}"'


def test_word_and_html_documents_download_with_their_own_types(as_editor, sources):
    record = ImportRecord.objects.create(
        action="created",
        file_name="Entrevista Ñ.docx",
        original=b"PK\x03\x04",
        size=4,
        encoding="docx",
    )
    response = as_editor.get(f"/edit/documents/{record.pk}/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''Entrevista%20%C3%91.docx" in response["Content-Disposition"]
    page = ImportRecord.objects.create(
        action="updated",
        file_name="page.html",
        original=b"<p>x</p>",
        size=8,
        encoding="cp1252+html",
    )
    response = as_editor.get(f"/edit/documents/{page.pk}/")
    assert response["Content-Type"] == "text/html; charset=windows-1252"
    assert response["Content-Disposition"].startswith("attachment;")
    failed = ImportRecord.objects.create(action="failed", file_name="bad.txt", size=3)
    assert as_editor.get(f"/edit/documents/{failed.pk}/").status_code == 404


# --- the command reads the same file types ---------------------------------------------------


def test_the_command_imports_word_html_and_markdown_documents(tmp_path, sources):
    import docx

    document = docx.Document()
    document.add_paragraph("A talk in Word")
    document.add_paragraph("Date: 2020-05-05")
    document.add_paragraph("Q: Does Word work?")
    document.add_paragraph("Ana Silva: It does.")
    document.save(tmp_path / "talk.docx")
    (tmp_path / "talk.html").write_text(
        "<html><head><title>A talk on the web</title></head><body><article>"
        "<p><strong>Q:</strong> Does HTML work?</p><p><strong>Ana Silva:</strong> It does.</p>"
        "</article></body></html>"
    )
    (tmp_path / "talk.md").write_text(
        "---\ntitle: A talk in Markdown\n---\n\n**Q:** And Markdown?\n\n**Ana Silva:** Yes.\n"
    )
    out = io.StringIO()
    call_command("import_interviews", str(tmp_path), "--no-progress", stdout=out)
    assert "3 created" in out.getvalue()
    assert set(Interview.objects.values_list("title", flat=True)) == {
        "A talk in Word",
        "A talk on the web",
        "A talk in Markdown",
    }
    assert Speaker.objects.get(name="Ana Silva").turn_count == 3


def test_the_editors_group_is_created_by_a_migration(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    Group.objects.filter(name=EDITORS).delete()
    import_module("interviews.migrations.0003_editing").create_editors_group(apps, None)
    assert Group.objects.filter(name=EDITORS).count() == 1
