"""Decisions at a glance in a real browser: the whole organization's view with a filter, and an
approver who approves with a note that the agent then finds in its inbox. axe-core finds no
serious or critical violation; screenshots at 1366 and 390 px (test-artifacts/approvals-*)."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.axe import assert_accessible, at_both_widths
from tests.browser.conftest import _free_port, log_in, started

pytestmark = pytest.mark.browser
SPEND = re.compile(r"Bidwell \(agent\).*spend money outside OTP: \$1,200\.00")


@pytest.fixture(scope="module")
def served(tmp_path_factory, database_url):
    """`otp demo` on its own database, whose URL the test keeps to read the agent's inbox."""
    from tests.dbs import fresh_database
    port = _free_port()
    folder = tmp_path_factory.mktemp("decisions")
    with fresh_database(folder) as url:
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url}
        with started(["demo", "--port", str(port)], env, folder, port, wait=180) as base:
            yield base, url


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def test_an_owner_filters_what_waits_across_the_organization(page):
    log_in(page)
    page.goto("/approvals")
    expect(page.get_by_text("Nothing waits for your approval.")).to_be_visible()
    page.get_by_role("link", name="see the whole organization").click()
    expect(page.get_by_role("heading", name=SPEND)).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "approvals-org")
    page.get_by_label("Waiting on").select_option(label="Priya Raman")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"view=org&on="))
    expect(page.get_by_role("heading", name=SPEND)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Northwind's CMO asked to pause"))).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "approvals-org-filtered")


def _held_todos(url: str, titles: list[str]) -> None:
    """Sentry (level 1) tries to add to-dos: each is held for a person's approval."""
    from otp.auth.tokens import agent_actor
    from otp.core.db import Database
    from otp.core.errors import ApprovalRequired
    from otp.org.models import Agent, Seat
    from otp.work.todos import create_todo
    database = Database(url)
    try:
        for title in titles:
            try:
                with database.write() as s:
                    sentry = s.execute(select(Agent.id).where(Agent.name == "Sentry")).scalar_one()
                    seat = s.execute(select(Seat.id).where(Seat.title == "Quality Reviewer")).scalar_one()
                    create_todo(s, agent_actor(s, sentry), title=title, owner_seat_id=seat)
            except ApprovalRequired:
                pass
    finally:
        database.dispose()


def test_an_owner_ticks_two_requests_and_approves_them_together(page, served):
    _held_todos(served[1], ["Re-check the brand guide", "Proofread the Q3 deck"])
    log_in(page)
    page.goto("/approvals?view=org")
    expect(page.locator("article.approval")).to_have_count(3)
    assert_accessible(page)
    at_both_widths(page, "approvals-org-bulk")
    for title in ("Re-check the brand guide", "Proofread the Q3 deck"):
        page.locator("article.approval", has_text=title).get_by_role("checkbox").check()
    page.get_by_label(re.compile("Decide the ones you tick together")).fill("Both fine.")
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_role("heading", name="2 of 2 approved")).to_be_visible()
    expect(page.locator("article.approval")).to_have_count(1)  # Bidwell's spend still waits on Sam


def test_an_approver_approves_with_a_note_and_the_agent_finds_it_in_its_inbox(page, served):
    from otp.core.db import Database
    from otp.inbox.models import InboxItem
    from otp.org.models import Agent

    log_in(page, "sam@example.com")
    page.goto("/approvals")
    question = page.get_by_role("heading", name=SPEND)
    expect(question).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "approvals-card")
    card = page.locator("article.approval", has=question)
    card.get_by_label(re.compile("Note to Bidwell")).fill("Go ahead; cap it at $90 a day.")
    card.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("with your note")
    expect(page.get_by_role("heading", name=SPEND)).to_have_count(0)
    database = Database(served[1])
    try:
        with database.read() as s:
            bidwell = s.execute(select(Agent.id).where(Agent.name == "Bidwell")).scalar_one()
            bodies = list(s.execute(select(InboxItem.body).where(InboxItem.recipient_kind == "agent",
                                                                 InboxItem.recipient_id == bidwell)).scalars())
    finally:
        database.dispose()
    assert any("Go ahead; cap it at $90 a day." in body for body in bodies), bodies
