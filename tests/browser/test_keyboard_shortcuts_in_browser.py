"""The frequent moves from the keyboard (static/keys.js): "/" searches, "g s" and "g c" go to the
scorecard and the chart, "?" lists the shortcuts, and on the approvals page "j" focuses a request,
"r" moves to its note and "a" approves it. Keys typed into a field stay in the field."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import blocking_violations
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_slash_focuses_the_header_search_box_without_typing_the_slash(page):
    log_in(page)
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name=re.compile("Search"))
    expect(box).to_be_focused()
    expect(box).to_have_value("")


def test_g_then_s_opens_the_scorecard_and_g_then_c_the_chart(page):
    log_in(page)
    page.keyboard.press("g")
    page.keyboard.press("s")
    page.wait_for_url(re.compile(r"/scorecard$"))
    page.keyboard.press("g")
    page.keyboard.press("c")
    page.wait_for_url(re.compile(r"/chart/diagram$"))


def test_letters_typed_into_a_field_are_text_not_shortcuts(page):
    log_in(page)
    box = page.get_by_role("searchbox", name=re.compile("Search"))
    box.focus()
    box.press_sequentially("g s ?", delay=30)
    expect(box).to_have_value("g s ?")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_question_mark_lists_the_shortcuts_and_escape_closes_the_list(page):
    log_in(page)
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Go to the scorecard")
    assert blocking_violations(page) == []
    screenshot(page, "keyboard-shortcuts")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_the_approver_focuses_a_request_with_j_and_approves_it_with_a(page):
    log_in(page, "sam@example.com")
    page.goto("/approvals")
    question = page.get_by_role("heading", name=re.compile(r"Bidwell \(agent\).*spend money outside OTP"))
    card = page.locator("article.approval", has=question)
    page.keyboard.press("j")
    expect(card).to_be_focused()
    page.keyboard.press("r")  # a rejection needs a reason: "r" goes to the note first
    note = card.get_by_label(re.compile("Note to"))
    expect(note).to_be_focused()
    note.press_sequentially("a go, and report the results", delay=20)  # "a" and "r" typed here are text
    expect(note).to_have_value("a go, and report the results")
    expect(question).to_be_visible()
    page.keyboard.press("Tab")  # to the Approve button, still inside the request
    page.keyboard.press("a")
    expect(page.locator(".flash")).to_contain_text("Approved")
    expect(question).to_have_count(0)
