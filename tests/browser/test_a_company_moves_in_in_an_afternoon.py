"""A company moves in through the web in one sitting, as an operator who never opens a terminal
would: the owner of a new, empty organization imports a 30-seat chart from CSV, invites three
people (the invitations arrive at a real SMTP server and each link signs its person in), creates
two agents and their tokens, edits one cell of the policy matrix after seeing its preview, pauses
all agents and resumes them. Every step is on the record (the events)."""
from __future__ import annotations

import os
import re
import time

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _free_port, started
from tests.imports.kit import FIXTURES
from tests.mail.kit import Inbox, body

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "owner@harbour.example", "pw-harbour-owner"
INVITEES = ["ana@harbour.example", "ben@harbour.example", "cho@harbour.example"]


@pytest.fixture(scope="module")
def mailbox():
    from aiosmtpd.controller import Controller
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def company(tmp_path_factory, mailbox):
    """`otp serve` (worker inline, mail to the test SMTP server) over a new organization that has
    only its owner."""
    from otp.core.db import Database
    from otp.org import orgs, people
    from tests.dbs import fresh_database
    folder = tmp_path_factory.mktemp("afternoon")
    with fresh_database(folder) as url:
        db = Database(url)
        with db.write() as s:
            owner = people.create_person(s, email=EMAIL, name="Hana Harbour", password=PASSWORD)
            orgs.create_organization(s, name="Harbour & Co", slug="harbour", owner_person_id=owner.id)
        db.dispose()
        port = _free_port()
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url,
               "OTP_SMTP_URL": f"smtp://127.0.0.1:{mailbox[1]}", "OTP_PUBLIC_URL": f"http://127.0.0.1:{port}"}
        with started(["serve", "--port", str(port)], env, folder, port, wait=90) as base:
            yield base


def mail_to(inbox: Inbox, address: str, within: float = 90) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = inbox.to(address)
        if found:
            return body(found[0])
        time.sleep(0.5)
    raise AssertionError(f"no mail reached {address} within {within} s")


def test_the_owner_sets_the_company_up_in_an_afternoon(browser, company, mailbox):
    inbox = mailbox[0]
    context = browser.new_context(base_url=company, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))

    # 1. The chart, 30 seats, from CSV: previewed, then confirmed.
    page.goto("/import")
    page.get_by_role("radio", name=re.compile(r"^Chart")).check()
    page.get_by_label("CSV file").set_input_files(str(FIXTURES / "chart_30_seats.csv"))
    page.get_by_role("button", name="Preview import").click()
    page.get_by_role("button", name=re.compile(r"^Import \d+ changes")).click()
    page.wait_for_url(re.compile(r"/chart$"))
    expect(page.locator(".flash")).to_contain_text("30 seats created")

    # 2. Three people invited; each invitation arrives by mail and its link signs the person in.
    for address in INVITEES:
        page.goto("/people")
        page.get_by_label("Email").fill(address)
        page.get_by_label("Role").select_option("member")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_text(address).first).to_be_visible()
    for n, address in enumerate(INVITEES):
        link = re.search(r"https?://\S+/join/\S+", mail_to(inbox, address)).group(0)
        assert link.startswith(company)
        invitee = browser.new_context(base_url=company)
        tab = invitee.new_page()
        tab.goto(link)
        tab.get_by_label("Your name").fill(f"Invitee {n}")
        tab.get_by_label("Choose a password").fill(f"invitee-secret-{n}")
        tab.get_by_role("button", name="Join and sign in").click()
        tab.wait_for_url(re.compile(r"/$"))
        expect(tab.get_by_role("button", name="Log out")).to_be_visible()
        invitee.close()

    # 3. Two agents and a token each, from the agents page.
    tokens = []
    for name in ("Pathfinder", "Ledger"):
        page.goto("/agents")
        page.get_by_label("Name").fill(name)
        page.get_by_role("button", name="Create agent").click()
        page.wait_for_url(re.compile(r"/agents/agt_"))
        page.get_by_label("Label (where it is used)").fill(f"{name} runner")
        page.get_by_role("button", name="Create token").click()
        tokens.append(page.get_by_label("New token").input_value())
    assert all(t.startswith("otp_") for t in tokens)

    # 4. One cell of the matrix, changed after its preview.
    page.goto("/settings/policy")
    page.get_by_label("L3 Task executor: todo.create").select_option("ask")
    page.get_by_role("button", name="Preview changes").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Preview: what this change would do")).to_be_visible()
    preview.get_by_role("button", name="Save this change").click()
    expect(page.locator(".flash")).to_contain_text("Policy saved")

    # 5. Every agent paused, then resumed.
    page.goto("/agents")
    page.get_by_text("Pause all agents…").click()
    page.get_by_label("Why? (shown here and on the record)").fill("Moving in: nobody writes yet")
    page.get_by_label("Every agent stops writing until someone resumes them").check()
    page.get_by_role("button", name="Pause all agents now").click()
    expect(page.get_by_role("heading", name="All agents are paused")).to_be_visible()
    page.get_by_role("button", name="Resume all agents").click()
    expect(page.get_by_role("heading", name="Stop switch")).to_be_visible()
    context.close()

    # Every step is on the record.
    def count(action: str) -> int:
        answer = httpx.get(f"{company}/api/v1/events", params={"action": action, "limit": 200},
                           headers={"Authorization": f"Bearer {tokens[0]}"})
        assert answer.status_code == 200, answer.text
        return len(answer.json()["items"])
    assert count("seat.created") == 30
    assert count("invitation.created") == 3 and count("invitation.accepted") == 3
    assert count("agent.created") == 9 + 2  # the chart's nine agents, then the two from /agents
    assert count("token.created") == 2
    assert count("policy.changed") == 1
    assert count("organization.agents_paused") == 1 and count("organization.agents_resumed") == 1
