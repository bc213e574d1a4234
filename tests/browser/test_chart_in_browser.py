"""A person logs in and works the accountability chart in a real browser."""
from __future__ import annotations

import re

import pytest

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


def test_moving_a_seat_on_the_chart(page):
    log_in(page)
    page.goto("/chart")
    page.get_by_role("link", name="Quality Reviewer").click()
    page.get_by_label("Reports to").select_option(label="Head of Finance & Ops (Jordan Blake)")
    page.get_by_role("button", name="Save seat").click()
    page.wait_for_url(re.compile(r"/chart(#.*)?$"))
    finance_branch = page.locator("li", has=page.locator("article[aria-label='Head of Finance & Ops']")).last
    assert finance_branch.locator("article[aria-label='Quality Reviewer']").count() == 1
    screenshot(page, "chart-after-move")
