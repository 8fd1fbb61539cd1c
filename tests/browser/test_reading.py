"""A reader's path through the archive in a real browser."""

import pytest

pytestmark = pytest.mark.browser


def test_home_to_interview_to_turn_permalink(page, archive):
    page.goto("/")
    page.get_by_role("link", name="NATO TO JOIN ANTI-ISIS COALITION").first.click()
    page.wait_for_url(
        "**/interviews/nato-to-join-anti-isis-coalition-says-alliance-chief-stoltenberg/"
    )
    assert page.get_by_role("heading", level=1).inner_text().startswith("NATO TO JOIN")
    first_answer = page.locator("li.turn").nth(1)
    assert "NATO will decide today" in first_answer.inner_text()
    first_answer.locator("a.permalink").click()
    page.wait_for_url("**/t/*/")
    assert "NATO will decide today" in page.locator("blockquote").inner_text()
    assert page.errors == []
