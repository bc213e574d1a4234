"""Live where it matters, in a real browser on the real `otp demo` server: the meeting runner
shows an agent's prep and rating as they land (keeping what the person was typing), the home page shows a new approval for the signed-in person,
and the approvals list shows a new request and drops a decided one — each without a reload (a
marker set on `window` survives, which a navigation would wipe). axe-core finds no serious or
critical violation; screenshots at 1366 and 390 px (test-artifacts/live-*)."""
from __future__ import annotations

import os
import re
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.axe import assert_accessible, at_both_widths
from tests.browser.conftest import _free_port, log_in, started

pytestmark = pytest.mark.browser
SPEND = re.compile(r"Bidwell \(agent\).*spend money outside OTP: \$1,200\.00")


@pytest.fixture(scope="module")
def served(tmp_path_factory, database_url):
    """`otp demo` on its own database, whose URL the tests keep to act as agents and people."""
    from tests.dbs import fresh_database
    port = _free_port()
    folder = tmp_path_factory.mktemp("live")
    with fresh_database(folder) as url:
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url}
        with started(["demo", "--port", str(port)], env, folder, port, wait=180) as base:
            yield base, url


@pytest.fixture(scope="module")
def server(served):
    return served[0]


@pytest.fixture(scope="module")
def database(served):
    from otp.core.db import Database
    db = Database(served[1])
    yield db
    db.dispose()


def _org(database) -> str:
    from otp.org.models import Organization
    with database.read() as s:
        return s.execute(select(Organization.id).where(Organization.slug == "demo")).scalar_one()


def _mark(page) -> None:
    """A marker only this document holds: a reload or a navigation would lose it."""
    page.evaluate("window.__stayed = 'still here'")


def _stayed(page) -> bool:
    return page.evaluate("window.__stayed") == "still here"


def _agent_token(page, name: str) -> str:
    """A token for a demo agent, minted by the signed-in owner (as an admin would)."""
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    agent = next(a for a in page.request.get("/api/v1/agents").json() if a["name"] == name)
    return page.request.post("/api/v1/tokens", data={"agent_id": agent["id"]},
                             headers={"x-csrf-token": csrf}).json()["token"]


def test_the_runner_shows_an_agents_prep_as_it_lands_without_a_reload(page, server):
    log_in(page)
    page.goto("/meetings")
    page.locator("article.mtg-next h3 a").first.click()
    page.wait_for_url(re.compile(r"/meetings/mtg_"))
    prep = page.locator("#prep")
    expect(prep).to_contain_text("1 of 7 prepared")
    token = _agent_token(page, "Bidwell")
    page.get_by_text("Submit your prep").click()  # Maya starts writing her own prep meanwhile
    page.get_by_label("Headline", exact=True).fill("Acme renewed")
    _mark(page)
    meeting_id = urlparse(page.url).path.rsplit("/", 1)[1]
    auth = {"Authorization": f"Bearer {token}"}
    answer = httpx.post(f"{server}/api/v1/meetings/{meeting_id}/prep", headers=auth,
                        json={"headlines": [{"kind": "customer", "text": "Northwind doubled its search budget"}]})
    assert answer.status_code == 200, answer.text
    expect(prep).to_contain_text("Northwind doubled its search budget", timeout=10_000)
    expect(prep).to_contain_text("2 of 7 prepared")
    expect(prep.locator("li.ready", has_text="Bidwell")).to_be_visible()
    expect(page.get_by_label("Headline", exact=True)).to_have_value("Acme renewed")  # her draft is kept
    assert _stayed(page)
    assert_accessible(page)
    at_both_widths(page, "live-runner-prep")

    page.get_by_role("button", name="Start meeting").click()
    page.get_by_role("heading", name="Now: Segue").wait_for()
    _mark(page)
    seat = next(a["seat_id"] for a in page.request.get(f"/api/v1/meetings/{meeting_id}").json()["attendees"]
                if a["holder"] and a["holder"]["name"] == "Bidwell")
    answer = httpx.post(f"{server}/api/v1/meetings/{meeting_id}/rate", headers=auth, json={"seat_id": seat, "score": 8})
    assert answer.status_code == 200, answer.text
    expect(page.locator("#prep li", has_text="Paid Media Specialist")).to_contain_text("rated 8", timeout=10_000)
    assert _stayed(page)


def test_the_home_page_shows_a_new_approval_for_the_signed_in_person_without_a_reload(page, database):
    from tests.web.live_kit import agent_asks
    log_in(page, "sam@example.com")
    waiting = page.locator("section", has=page.get_by_role("heading", name="Approvals waiting for you"))
    expect(waiting).to_contain_text("Bidwell")
    expect(waiting).not_to_contain_text("Sentry")
    expect(page.locator(".summary")).to_contain_text("1 approval waiting")
    _mark(page)
    agent_asks(database, _org(database), "Sentry", "Quality Reviewer", "Re-check the brand guide")
    expect(waiting).to_contain_text("Sentry", timeout=10_000)
    expect(page.locator(".summary")).to_contain_text("2 approvals waiting")
    assert _stayed(page) and urlparse(page.url).path == "/"
    assert_accessible(page)
    at_both_widths(page, "live-home")


def test_the_approvals_list_shows_a_new_request_and_drops_a_decided_one_without_a_reload(page, database):
    from otp.auth.tokens import person_actor
    from otp.governance import approvals
    from otp.governance.models import ApprovalRequest
    from otp.org.models import Person
    from tests.web.live_kit import agent_asks

    log_in(page, "sam@example.com")
    page.goto("/approvals")
    expect(page.get_by_role("heading", name=SPEND)).to_be_visible()
    _mark(page)
    org = _org(database)
    agent_asks(database, org, "Sentry", "Quality Reviewer", "Proofread the Q3 deck")
    card = page.locator("article.approval", has_text="Proofread the Q3 deck")
    expect(card).to_be_visible(timeout=10_000)
    card.get_by_label(re.compile("^Note to Sentry")).fill("Checking the deck now")

    with database.write() as s:  # Sam decides the spend elsewhere (another tab, the API, a phone)
        sam = s.execute(select(Person.id).where(Person.email == "sam@example.com")).scalar_one()
        spend = s.execute(select(ApprovalRequest.id).where(ApprovalRequest.org_id == org,
                                                           ApprovalRequest.action == "external.spend")).scalar_one()
        approvals.decide_request(s, person_actor(s, sam, org), approval_id=spend, approve=False,
                                 note="Not this month.")
    expect(page.get_by_role("heading", name=SPEND)).to_have_count(0, timeout=10_000)
    expect(card).to_be_visible()
    expect(card.get_by_label(re.compile("^Note to Sentry"))).to_have_value("Checking the deck now")  # kept
    assert _stayed(page)
    assert_accessible(page)
    at_both_widths(page, "live-approvals")
