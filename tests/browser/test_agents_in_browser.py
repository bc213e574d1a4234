"""Agents in a real browser: the owner creates an agent and its token from /agents, the token
works (and is refused a write while the stop switch is on), pauses all agents with a reason
and resumes them. The new pages have no serious or critical axe-core violation; screenshots at
1366 and 390 px wide go to test-artifacts/."""
from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible as _accessible, at_both_widths as _both_widths
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _todo(server: str, token: str) -> httpx.Response:
    seats = httpx.get(f"{server}/api/v1/chart", headers={"Authorization": f"Bearer {token}"}).json()["seats"]
    return httpx.post(f"{server}/api/v1/todos", headers={"Authorization": f"Bearer {token}"},
                      json={"title": "Draft the brief", "owner_seat_id": seats[0]["id"]})


def test_the_owner_creates_an_agent_and_its_token_then_pauses_and_resumes_all_agents(page, server):
    log_in(page)
    page.get_by_role("link", name="Agents", exact=True).first.click()
    page.wait_for_url(re.compile(r"/agents$"))
    expect(page.get_by_role("heading", name="Stop switch")).to_be_visible()
    _accessible(page)
    _both_widths(page, "agents")

    page.get_by_label("Name").fill("Pathfinder")
    page.get_by_label("Runtime", exact=True).select_option("claude-code")
    page.get_by_label("Model (optional)").fill("claude-sonnet-4")
    page.get_by_label("Monthly budget in $ (optional)").fill("120")
    page.get_by_label("What it does (runtime description)").fill("Researches prospects before sales calls.")
    page.get_by_role("button", name="Create agent").click()
    page.wait_for_url(re.compile(r"/agents/agt_"))
    expect(page.get_by_role("heading", name="Pathfinder", exact=True)).to_be_visible()
    page.get_by_label("Label (where it is used)").fill("laptop runner")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("New token").input_value()
    assert token.startswith("otp_")
    _accessible(page)
    _both_widths(page, "agent")

    page.goto("/agents")
    page.get_by_text("Pause all agents…").click()
    page.get_by_label("Why? (shown here and on the record)").fill("Quarter close: nobody writes")
    page.get_by_label("Every agent stops writing until someone resumes them").check()
    page.get_by_role("button", name="Pause all agents now").click()
    expect(page.get_by_role("heading", name="All agents are paused")).to_be_visible()
    expect(page.get_by_text("“Quarter close: nobody writes”")).to_be_visible()
    refused = _todo(server, token)
    assert refused.status_code == 403 and "stop_switch" in refused.text
    _accessible(page)
    _both_widths(page, "agents-paused")

    page.get_by_role("button", name="Resume all agents").click()
    expect(page.get_by_role("heading", name="Stop switch")).to_be_visible()
    assert _todo(server, token).status_code in (201, 202)  # a level 1 agent asks; nothing refuses it
    for action in ("agent.created", "token.created", "organization.agents_paused", "organization.agents_resumed"):
        found = httpx.get(f"{server}/api/v1/events", params={"action": action},
                          headers={"Authorization": f"Bearer {token}"}).json()["items"]
        assert found, action  # every step is on the record
