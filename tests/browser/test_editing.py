"""An editor's path in a real browser: sign in, import, correct, save, find it, import again."""

import io
import re

import pytest

from tests.conftest import FIXTURES, SEED

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def newsroom(transactional_db):
    """Known outlets and one editor account; the archive holds no interview yet."""
    from django.core.management import call_command

    from interviews.editing.accounts import make_editor

    call_command("load_sources", str(FIXTURES / "sources.json"), stdout=io.StringIO())
    return make_editor("editor", password=PASSWORD)[0]


def sign_in(page):
    page.goto("/interviews/")
    page.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/?next=/interviews/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/interviews/")


def test_import_correct_save_find_and_recognise_again(page, newsroom):
    sign_in(page)
    page.get_by_role("link", name="Import").click()
    page.wait_for_url("**/edit/")
    page.get_by_label("Documents", exact=True).set_input_files(str(SEED))
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_url("**/edit/review/*/")
    assert "New to the archive" in page.locator("main").inner_text()
    assert page.get_by_label("Outlet").input_value() == "EuroNews"
    assert page.get_by_label("Date of the interview").input_value() == "2017-05-25"
    # The third turn ("And what about boots on the ground") goes to Stoltenberg.
    third = page.locator("#turn-3")
    assert "boots on the ground" in third.inner_text()
    page.get_by_label("Speaker of turn 3").select_option(label="Jens Stoltenberg")
    page.get_by_role("button", name="Save to the archive").click()
    page.wait_for_url(
        "**/interviews/nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg/"
    )
    assert "Imported “NATO TO JOIN" in page.locator(".messages").inner_text()
    turn = page.locator("li.turn").nth(2)
    assert "boots on the ground" in turn.inner_text()
    assert turn.locator(".turn__speaker").inner_text() == "Jens Stoltenberg"
    # Readers find it on the public pages.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    page.get_by_role("link", name=re.compile("NATO TO JOIN ANTI-ISIS COALITION")).first.click()
    page.wait_for_url("**/interviews/nato-to-join-*/")
    assert page.get_by_role("link", name="Edit this interview").is_visible()
    # The same document again is recognised.
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Documents", exact=True).set_input_files(str(SEED))
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_url("**/edit/review/*/")
    notice = page.locator("#already").inner_text()
    assert "This document is already in the archive" in notice
    assert page.get_by_role("button", name="Update the archived interview").is_visible()
    assert page.errors == []


def test_corrections_after_import_keep_the_permalink(page, newsroom):
    from interviews.importing import import_document

    interview = import_document(SEED.read_bytes(), SEED.name).interview
    key = interview.turns.get(position=1).key
    sign_in(page)
    page.goto(interview.get_absolute_url())
    page.get_by_role("link", name="Edit this interview").click()
    page.get_by_role("link", name="Edit turn 2 by Jens Stoltenberg").click()
    text = page.get_by_label("Text")
    text.fill(text.input_value().replace("fighting ISIS", "fighting Daesh"))
    page.get_by_role("button", name="Save the turn").click()
    page.wait_for_url(f"**/edit/interviews/{interview.slug}/#t-{key}")
    page.goto(f"{interview.get_absolute_url()}t/{key}/")
    assert "fighting Daesh" in page.locator("blockquote.quote").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.errors == []


def test_the_preview_works_without_javascript(browser, live_server, newsroom):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/?next=/edit/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/edit/")
    page.get_by_label("Or paste the text of an interview").fill(
        "Title: A short talk\nDate: 2021-03-04\n\nQ: Is it short?\n\nAna Silva: Very short.\n\n"
        "It is.\n\nQ: Sure?\n\nAna Silva: Yes."
    )
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_url("**/edit/review/*/")
    page.get_by_role("button", name="Split turn 2 here").click()
    assert page.locator("li.review-turn").count() == 5
    page.get_by_role("button", name="Merge turn 2 with the next").click()
    assert page.locator("li.review-turn").count() == 4
    page.get_by_role("button", name="Save to the archive").click()
    page.wait_for_url("**/interviews/a-short-talk/")
    assert page.locator("li.turn").count() == 4
    context.close()
