"""A whole weekly meeting in a real browser: the agent's prep is on the agenda, the team runs
every segment, a second participant's page follows along through server-sent events, and the
minutes and the average rating appear at the end."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import httpx
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _log_in(page, email: str, then: str = "/meetings") -> None:
    page.goto(f"/login?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


@pytest.fixture
def second(browser, server):
    """Another participant's browser (Daniel, the COO), to watch the live updates."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _rate_on_page(tab, score: str) -> None:
    """The signed-in holder's own rating form: one per seat they hold, none for anyone else's."""
    tab.reload()
    forms = tab.locator("#conclude form[action$='/rate']")
    assert forms.count() == 1
    forms.get_by_label(re.compile("^Your rating")).select_option(score)
    forms.get_by_role("button", name=re.compile("^Rate as ")).click()
    tab.locator("#conclude form[action$='/rate']").get_by_text(f"rated {score}").wait_for()


def _rate_as_agent(page, meeting_url: str, name: str, score: str) -> None:
    """The agent rates over REST with a token of its own (minted by the owner, as an admin would)."""
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    agent = next(a for a in page.request.get("/api/v1/agents").json() if a["name"] == name)
    token = page.request.post("/api/v1/tokens", data={"agent_id": agent["id"]},
                              headers={"x-csrf-token": csrf}).json()["token"]
    meeting_id = urlparse(meeting_url).path.rsplit("/", 1)[1]
    seat = next(a["seat_id"] for a in page.request.get(f"/api/v1/meetings/{meeting_id}").json()["attendees"]
                if a["holder"] and a["holder"]["name"] == name)
    base = f"{urlparse(meeting_url).scheme}://{urlparse(meeting_url).netloc}"
    response = httpx.post(f"{base}/api/v1/meetings/{meeting_id}/rate", json={"seat_id": seat, "score": int(score)},
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text


def _next(page, title: str) -> None:
    page.get_by_role("button", name=f"Next segment: {title}").click()
    page.get_by_role("heading", name=f"Now: {title}").wait_for()


def test_running_a_whole_meeting_from_prep_to_ratings(page, second):
    _log_in(page, "owner@example.com")
    assert page.get_by_text("1 of 7 prepared").is_visible()
    screenshot(page, "meetings")
    page.locator("article.mtg-next h3 a").first.click()
    page.wait_for_url(re.compile(r"/meetings/mtg_"))
    meeting_url = page.url
    prep = page.locator("#prep")
    assert prep.get_by_text("Quill's long-form drafts now pass QA first time").is_visible()  # Relay, an agent
    assert prep.get_by_text("Two clients want video content").is_visible()
    screenshot(page, "meeting-prep")

    page.get_by_role("button", name="Start meeting").click()
    page.get_by_role("heading", name="Now: Segue").wait_for()
    assert page.get_by_role("timer").is_visible()
    _log_in(second, "daniel@example.com", urlparse(meeting_url).path)
    second.get_by_role("heading", name="Now: Segue").wait_for()

    _next(page, "Scorecard")
    second.get_by_role("heading", name="Now: Scorecard").wait_for(timeout=10_000)  # live, without a reload
    page.get_by_role("button", name="Mark Blended cost per acquisition off track").click()
    page.get_by_text("issue raised").first.wait_for()
    screenshot(page, "meeting-scorecard")

    _next(page, "Rock review")
    page.get_by_label("Reason for Month-end close in 3 business days").fill("Bank feed broke twice")
    page.get_by_role("button", name="Mark Month-end close in 3 business days off track").click()
    page.get_by_text("Bank feed broke twice").first.wait_for()

    _next(page, "Headlines")
    page.get_by_label("Headline", exact=True).fill("Acme signed a second year")
    page.get_by_role("button", name="Add headline").click()
    page.get_by_text("Acme signed a second year").wait_for()

    _next(page, "To-do list")
    page.get_by_role("button", name="Mark “Rewrite the onboarding checklist” done").click()
    page.locator("s", has_text="Rewrite the onboarding checklist").wait_for()

    _next(page, "IDS")
    page.get_by_label("First").select_option(index=1)
    page.get_by_role("button", name="Set the top 3").click()
    # The choice reloads the page; filling the issue forms before it lands would type into the
    # page being replaced (the agenda already shows the three highest-ranked issues).
    page.get_by_text("Top issues chosen.").wait_for()
    first_issue = page.locator("article.ids-issue").first
    first_issue.get_by_label("Discussion notes").fill("Two clients affected this month")
    first_issue.get_by_label("Solution").fill("Jordan calls the bank; Tally re-runs the import")
    first_issue.get_by_label("To-do 1", exact=True).fill("Call the bank about the feed")
    first_issue.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_role("heading", name="Solved in this meeting").wait_for()
    screenshot(page, "meeting-ids")

    _next(page, "Conclude")
    assert page.locator("#conclude").get_by_text("Call the bank about the feed").is_visible()  # the recap
    page.get_by_label("Cascading message").fill("The bank feed is fixed by Friday")
    page.get_by_role("button", name="Add message").click()
    page.locator("#conclude").get_by_text("The bank feed is fixed by Friday").wait_for()
    # Each rating comes from its seat's holder: Maya and Daniel on their own pages (each sees a
    # form for their own seat only), Relay, an agent, over REST with its own token.
    _rate_on_page(page, "9")
    _rate_on_page(second, "8")
    _rate_as_agent(page, meeting_url, "Relay", "10")
    page.reload()
    assert page.locator("#conclude li", has_text="Relay").get_by_text("rated 10").is_visible()
    assert page.get_by_text("average 9").is_visible()
    screenshot(page, "meeting-conclude")

    page.get_by_role("button", name="End meeting").click()
    page.get_by_role("heading", name="Minutes").wait_for()
    assert page.get_by_text("Average rating: 9").is_visible()
    minutes = page.locator("pre.minutes").inner_text()
    for text in ("Relay (agent)", "Jordan calls the bank", "Call the bank about the feed", "The bank feed is fixed"):
        assert text in minutes, text
    second.get_by_role("heading", name="Minutes").wait_for(timeout=10_000)
    screenshot(page, "meeting-minutes")
