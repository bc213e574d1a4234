"""The operating pages in a real browser: approve a request, enter a scorecard value and watch
its cell turn red or green, and a screenshot of every main page (test-artifacts/)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_approver_approves_the_pending_request(page):
    log_in(page, "sam@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    question = page.get_by_role("heading", name=re.compile(r"Bidwell \(agent\).*spend money outside OTP: \$1,200"))
    expect(question).to_be_visible()
    card = page.locator("article.approval", has=question)
    expect(card.get_by_text("recommended: approve")).to_be_visible()
    screenshot(page, "approvals")
    card.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_contain_text("Approved")
    expect(page.get_by_role("heading", name=re.compile(r"Bidwell \(agent\).*spend money"))).to_have_count(0)


def test_entering_a_scorecard_value_turns_its_cell_red_then_green(page):
    log_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecard").click()
    row = page.locator("tr.measurable", has_text="Projects delivered on time")
    current = row.locator("td.cell").last  # the period the form enters by default
    row.get_by_label("Value for Projects delivered on time").fill("2")
    row.get_by_role("button", name="Save").click()
    expect(current).to_have_class(re.compile(r"\boff\b"))
    expect(current).to_have_text("2")
    screenshot(page, "scorecard-after-red")
    row = page.locator("tr.measurable", has_text="Projects delivered on time")
    row.get_by_label("Value for Projects delivered on time").fill("9")
    row.get_by_role("button", name="Save").click()
    expect(row.locator("td.cell").last).to_have_class(re.compile(r"\bon\b"))
    expect(row.get_by_role("status")).to_have_text("Saved")


MAIN_PAGES = [("home", "/"), ("scorecard", "/scorecard"), ("rocks", "/rocks"), ("issues", "/issues"),
              ("todos", "/todos"), ("escalations", "/escalations"), ("sops", "/sops"), ("events", "/events")]


def test_screenshots_of_the_main_pages_without_script_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page)
    for name, path in MAIN_PAGES:
        page.goto(path)
        expect(page.get_by_role("main")).to_be_visible()
        screenshot(page, name)
    page.goto("/chart")
    page.get_by_role("link", name="Content Writer", exact=True).click()
    expect(page.get_by_role("heading", name="Autonomy ledger")).to_be_visible()
    screenshot(page, "seat-agent")
    page.goto("/sops")
    page.get_by_role("link", name="Pre-delivery checklist").click()
    expect(page.get_by_role("heading", name=re.compile("Changes from v2 to v3"))).to_be_visible()
    screenshot(page, "sop")
    page.goto("/oos")
    if page.get_by_role("button", name="Generate a draft").count():
        page.get_by_role("button", name="Generate a draft").click()
    expect(page.get_by_role("heading", name="Quality score")).to_be_visible()
    screenshot(page, "oos")
    assert errors == []


def test_the_home_page_and_scorecard_fit_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page)
    screenshot(page, "home-phone")
    page.goto("/scorecard")
    screenshot(page, "scorecard-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # the table scrolls inside its region


def test_editing_a_meeting_agenda_in_the_browser(page):
    """Reorder, re-time, bind and add sections of the weekly agenda from the meetings page."""
    log_in(page)
    page.goto("/meetings")
    page.get_by_role("link", name="Edit the agenda").first.click()
    page.wait_for_url(re.compile(r"/meetings/series/[^/]+/agenda$"))
    first = page.locator("#s0-title").input_value()
    page.get_by_role("button", name="Move section 1 down").click()
    page.wait_for_url(re.compile(r"/agenda$"))
    expect(page.locator("#s1-title")).to_have_value(first)
    expect(page.locator(".flash")).to_contain_text("Agenda saved")
    page.locator("#s0-minutes").fill("0")
    page.get_by_role("button", name="Save agenda").click()
    expect(page.locator("#s0-minutes:invalid")).to_have_count(1)  # the browser holds it back (min 1)
    page.locator("#s0-minutes").fill("7")
    scorecard = page.locator("select[id$='-kind']").evaluate_all(
        "els => els.findIndex(e => e.value === 'scorecard')")
    page.locator(f"#s{scorecard}-seat_ids").select_option(label="Visionary / CEO (Maya Chen)")
    page.get_by_label("Kind", exact=True).last.select_option("headlines")
    page.locator("#new-title").fill("Customer stories")
    page.get_by_role("button", name="Add section").click()
    page.wait_for_url(re.compile(r"/agenda$"))
    expect(page.locator("#s0-minutes")).to_have_value("7")
    expect(page.locator(f"#s{scorecard}-seat_ids option:checked")).to_have_count(1)
    expect(page.locator("ol.agenda-sections input[id$='-title']").last).to_have_value("Customer stories")
    screenshot(page, "meeting-agenda-editor")
