"""Search in a real browser: typing in the header box opens a panel of results grouped by kind,
reachable with the arrow keys and closed with Escape; Enter goes to the /search page. axe-core
finds nothing serious on either. Screenshots at 1366 and 390 px (test-artifacts/search-*)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import at_both_widths, blocking_violations
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_typing_in_the_header_shows_grouped_results_as_you_type(page):
    log_in(page)
    box = page.get_by_role("searchbox", name=re.compile("Search"))
    box.press_sequentially("cli", delay=40)
    panel = page.get_by_role("region", name="Search results")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name=re.compile("^Seats"))).to_be_visible()
    expect(panel.get_by_role("link", name=re.compile("^Head of Client Services"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="results for")).to_have_count(1)
    assert blocking_violations(page) == []
    at_both_widths(page, "search-panel")
    box.press("ArrowDown")
    first = panel.get_by_role("link").first
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(box).to_be_focused()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=cli"))
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Seats"))).to_be_visible()
    assert blocking_violations(page) == []
    at_both_widths(page, "search-page")
    _phone_view(page, "search-page-phone-top")


def _phone_view(page, name: str) -> None:
    """What a phone shows first (the full-page shot of a long list is too tall to judge)."""
    from tests.browser.axe import WIDTHS
    from tests.browser.conftest import ARTIFACTS
    page.set_viewport_size(WIDTHS["phone"])
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(WIDTHS["wide"])


def test_following_a_result_opens_its_page(page):
    log_in(page)
    box = page.get_by_role("searchbox", name=re.compile("Search"))
    box.press_sequentially("maya", delay=40)
    page.get_by_role("region", name="Search results").get_by_role("link", name=re.compile("^Maya Chen")).click()
    page.wait_for_url(re.compile(r"/people/per_"))
    expect(page.get_by_role("heading", name=re.compile("Maya Chen"))).to_be_visible()


def test_an_issue_is_found_by_a_word_of_its_details_and_a_sop_by_a_word_of_a_step(page):
    # Tally's issue says only in its details that the mailbox is full; "statistic" is in a step of
    # the content lead's SOP, not in its title.
    log_in(page)
    _find_and_open(page, "mailbox", group="Issues", result="Invoice reminders bounce for two clients",
                   lands_on=r"/issues")
    expect(page.get_by_text("Invoice reminders bounce for two clients").first).to_be_visible()

    _find_and_open(page, "statistic", group="SOPs", result="Client-facing content", lands_on=r"/sops/")
    expect(page.get_by_role("listitem").filter(has_text="Every statistic links to its primary source")).to_be_visible()


def _find_and_open(page, word: str, *, group: str, result: str, lands_on: str) -> None:
    """Type `word` in the header's search, see the results grouped under `group`, follow the
    result whose name starts with `result`, and wait for a page whose address matches `lands_on`."""
    page.get_by_role("searchbox", name=re.compile("Search")).press_sequentially(word, delay=40)
    panel = page.get_by_role("region", name="Search results")
    expect(panel.get_by_role("heading", name=re.compile(f"^{group}"))).to_be_visible()
    panel.get_by_role("link", name=re.compile(f"^{re.escape(result)}")).click()
    page.wait_for_url(re.compile(lands_on))
