"""A reader's path through the archive in a real browser."""

import pytest

pytestmark = pytest.mark.browser

SEED_PATH = "/interviews/nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg/"


def test_home_to_interview_to_turn_permalink(page, archive):
    page.goto("/")
    page.get_by_role("link", name="NATO TO JOIN ANTI-ISIS COALITION").first.click()
    page.wait_for_url(f"**{SEED_PATH}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("NATO TO JOIN")
    first_answer = page.locator("li.turn").nth(1)
    assert "NATO will decide today" in first_answer.inner_text()
    first_answer.hover()
    first_answer.locator("a.permalink").click()
    page.wait_for_url("**/t/*/")
    assert "NATO will decide today" in page.locator("blockquote.quote").inner_text()
    assert "Andrei Beketov asked" in page.locator(".asked").text_content()
    # The citation is ready to copy, and the full interview link jumps to the turn.
    assert page.locator("#cite-apa").input_value().startswith("Stoltenberg, J. (2017, May 25).")
    page.get_by_role("link", name="Full interview").click()
    page.wait_for_url(f"**{SEED_PATH}#t-*")
    target = page.url.split("#")[1]
    assert page.locator(f"#{target}").is_visible()
    assert page.errors == []


def test_filters_narrow_the_interview_list(page, archive):
    page.goto("/interviews/")
    assert page.locator("li.card").count() == 3
    page.get_by_label("Outlet").select_option(label="EuroNews")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/interviews/?*source=euronews*")
    assert page.locator("li.card").count() == 1
    assert "NATO TO JOIN" in page.locator("li.card").inner_text()
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Speaker").fill("Vladimir Putin")
    page.get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**year=2013*")
    assert page.locator("li.card").count() == 1
    assert "Interview to the German ARD" in page.locator("li.card").inner_text()
    assert page.errors == []


def test_every_reading_page_loads_cleanly_on_a_phone(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    errors = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in (
        "/",
        "/interviews/",
        SEED_PATH,
        "/speakers/",
        "/speakers/vladimir-putin/",
        "/sources/",
        "/sources/euronews/",
        "/topics/",
        "/topics/terrorism/",
        "/places/",
        "/places/russia/",
        "/organisations/nato/",
    ):
        response = tab.goto(path)
        assert response.status == 200, path
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        assert tab.locator("main h1").count() == 1, path
    assert errors == []
    context.close()


def test_skip_link_moves_focus_to_the_content(page, archive):
    page.goto(SEED_PATH)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
