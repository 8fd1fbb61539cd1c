"""A journalist looking for a quote, in a real browser, from the home page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOME_SEARCH = 'form[role="search"][action="/search/"] input[name="q"]'


def search_from_home(page, words: str) -> None:
    """Type words into the home page's search box (straight to /search/ if it has none)."""
    page.goto("/")
    box = page.locator(HOME_SEARCH)
    if box.count():
        box.first.fill(words)
        box.first.press("Enter")
    else:
        page.goto("/search/")
        page.locator("#search-q").fill(words)
        page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?*q=*")


def hits(page):
    return page.locator("ol.hits > li.hit")


def test_from_the_home_page_to_the_exact_quote(page, archive):
    search_from_home(page, "deterrence dialogue")
    first = hits(page).first
    assert first.locator(".hit__speaker").inner_text() == "Jens Stoltenberg"
    marked = first.locator(".hit__quote mark").all_inner_texts()
    assert {"deterrent", "dialogue", "deterrence"} <= set(marked)
    assert "doesnt mention Russia" in first.locator(".hit__asked").inner_text()

    # An exact phrase finds the continuation paragraph of his second answer.
    page.locator("#search-q").fill('"combat role"')
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**q=%22combat+role%22*")
    assert hits(page).count() == 1
    assert hits(page).first.locator(".hit__quote mark").all_inner_texts() == ["combat role"]

    # Narrow by speaker from the facets: ISIS in his words is his first answer.
    page.locator("#search-q").fill("ISIS")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**q=ISIS*")
    page.locator(".facets").get_by_role("link", name="Jens Stoltenberg").click()
    page.wait_for_url("**speaker=jens-stoltenberg*")
    assert set(hits(page).locator(".hit__speaker").all_inner_texts()) == {"Jens Stoltenberg"}
    assert "NATO will decide today" in hits(page).first.locator(".hit__quote").inner_text()

    # Questions only: coalition finds the first question alone.
    page.get_by_label("Speaker: Jens Stoltenberg").uncheck()
    page.get_by_text("Filters and order").click()
    page.get_by_label("Interviewer", exact=True).check()
    page.locator("#search-q").fill("coalition")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**part=interviewer*")
    assert "speaker=" not in page.url and "date_from" not in page.url
    assert hits(page).count() == 1
    assert "it would be an occasion" in hits(page).first.inner_text()

    # The permalink leads to the quote's own page.
    hits(page).first.locator("a.hit__permalink").click()
    page.wait_for_url("**/t/*/")
    assert "it would be an occasion" in page.locator("blockquote").first.inner_text()
    assert page.errors == []


def test_the_speaker_box_suggests_names_as_you_type(page, archive):
    page.goto("/search/")
    page.get_by_text("Filters and order").click()
    box = page.get_by_label("Add a speaker")
    box.press_sequentially("stolt", delay=30)
    options = page.locator("#speaker-names option")
    options.first.wait_for(state="attached")
    # Not wait_for_function("..."): Playwright evaluates a string with eval(), which the
    # page's Content-Security-Policy forbids, as it should.
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "Jens Stoltenberg"
    box.fill("Jens Stoltenberg")
    page.locator("#search-q").fill("NATO")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**speaker=Jens+Stoltenberg*")
    assert set(hits(page).locator(".hit__speaker").all_inner_texts()) == {"Jens Stoltenberg"}
    assert page.errors == []


def test_search_works_without_javascript(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/search/?q=Russia")
    assert tab.locator("ol.hits > li.hit").count() > 3
    assert tab.locator("figure.chart svg").count() == 1
    tab.locator(".facets").get_by_role("link", name="2017").click()
    tab.wait_for_url("**date_from=2017-01-01*")
    assert set(tab.locator("time").evaluate_all("els => els.map(e => e.dateTime.slice(0, 4))")) == {
        "2017"
    }
    context.close()


def test_the_results_page_fits_a_phone(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto("/search/?q=Russia+OR+NATO")
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    assert tab.locator("main h1").count() == 1
    context.close()
