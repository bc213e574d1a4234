"""A person logs in and works the accountability chart in a real browser."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_owner_logs_in_and_sees_humans_agents_and_vacancies(page):
    log_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Chart").click()
    page.wait_for_url(re.compile(r"/chart$"))
    assert page.get_by_role("heading", name="Accountability chart").is_visible()
    assert page.locator("article.seat.person").count() == 5
    assert page.locator("article.seat.agent").count() == 8
    assert page.locator("article.seat.vacant").count() >= 1
    for label in ["Chart", "Scorecard", "Rocks", "Issues", "To-dos", "Meetings", "Approvals"]:
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).is_visible()
    screenshot(page, "chart")


def _card(page, title: str):
    return page.locator(f"article[aria-label='{title}']")


def _branch(page, title: str):
    """The chart's list item holding a seat's card and everything below it."""
    return page.locator("li", has=page.locator(f"article[aria-label='{title}']")).last


def test_moving_a_seat_on_the_chart(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Quality Reviewer").get_by_role("link", name="Move").click()
    picker = page.get_by_label("Reports to")
    picker.select_option(label="Head of Finance & Ops (Jordan Blake)")
    page.get_by_role("button", name="Move seat").click()
    finance_branch = _branch(page, "Head of Finance & Ops")
    finance_branch.locator("article[aria-label='Quality Reviewer']").wait_for()
    assert re.search(r"/chart$", page.url)  # moved in place: the chart page never left
    assert page.get_by_label("Reports to").count() == 0
    # The tree came back whole, and the keyboard focus is on the moved seat's Move link.
    assert page.locator("article.seat").count() == 14
    # expect() polls: htmx applies autofocus when the swap settles, a moment after the card appears.
    expect(_branch(page, "Head of Finance & Ops").locator("article[aria-label='Quality Reviewer']")
           .get_by_role("link", name="Move")).to_be_focused()
    screenshot(page, "chart-after-move")


def test_the_move_picker_on_a_card_offers_no_seat_below_it(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Head of Delivery").get_by_role("link", name="Move").click()
    picker = page.get_by_label("Reports to")
    picker.wait_for()  # all_text_contents() does not wait: the form arrives with the htmx swap
    options = picker.locator("option").all_text_contents()
    assert "Head of Finance & Ops (Jordan Blake)" in options
    assert not any(o.startswith("Content Writer") for o in options)  # nothing below it is offered


def test_editing_a_seat_in_place_on_the_chart(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Bookkeeper").get_by_role("link", name="Edit").click()
    title = page.get_by_label("Title")
    expect(title).to_be_focused()  # the form takes the keyboard focus (polled: htmx focuses on settle)
    title.fill("Bookkeeper & Billing")
    page.get_by_label("Responsibilities").fill("Categorize transactions\nChase invoices\nClose the books\n"
                                               "Pay suppliers\nReconcile accounts\nFile receipts")
    page.get_by_role("button", name="Save").click()
    error = page.get_by_role("alert")
    error.wait_for()
    assert "3 to 5" in error.text_content()
    # Let htmx finish swapping and settling the refused form before typing into it again: a
    # keypress inside that 20 ms window now and then went to the form being replaced.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    page.get_by_label("Responsibilities").fill("Categorize transactions\nChase invoices\nClose the books")
    page.get_by_role("button", name="Save").press("Enter")  # the keyboard works the form
    # Polled: the refused form kept the typed title, so the new card's label alone proves nothing
    # until the form is gone.
    expect(page.get_by_label("Title")).to_have_count(0)
    card = page.locator("article[aria-label='Bookkeeper & Billing']")
    expect(card.locator("ul.resp li")).to_have_text(["Categorize transactions", "Chase invoices",
                                                     "Close the books"])
    assert re.search(r"/chart$", page.url)
    page.reload()
    assert page.locator("article[aria-label='Bookkeeper & Billing']").count() == 1
    screenshot(page, "chart-after-edit")
