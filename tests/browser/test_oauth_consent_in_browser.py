"""The OAuth consent page in a real browser: an MCP host registered itself and sent the owner to
/authorize; signed in, the owner sees who asks and for what, picks the agent it will act as and
allows it; the browser lands on the host's redirect URI with a code and the state it sent. axe-core
finds nothing serious; screenshots at 1366 and 390 px (test-artifacts/oauth-consent-*)."""
from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from mcp.client.auth.oauth2 import PKCEParameters
from playwright.sync_api import expect

from tests.browser.axe import at_both_widths, blocking_violations
from tests.browser.conftest import _free_port, log_in, started

pytestmark = pytest.mark.browser

REDIRECT = "http://127.0.0.1:3030/callback"  # nothing listens: the browser's request is caught below


@pytest.fixture(scope="module")
def server(tmp_path_factory, database_url):
    """`otp demo` with OTP_PUBLIC_URL set to its own loopback address, which turns OAuth on."""
    from tests.dbs import fresh_database
    port = _free_port()
    folder = tmp_path_factory.mktemp("browser-oauth")
    with fresh_database(folder) as url:
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url,
               "OTP_PUBLIC_URL": f"http://127.0.0.1:{port}"}
        with started(["demo", "--port", str(port)], env, folder, port, wait=180) as base:
            yield base


def test_the_owner_connects_a_host_as_an_agent_from_the_consent_page(page, server):
    client = httpx.post(server + "/register", json={"redirect_uris": [REDIRECT], "client_name": "Nimbus IDE"})
    assert client.status_code == 201, client.text
    pkce = PKCEParameters.generate()
    log_in(page)
    landed: list[str] = []
    page.route(REDIRECT + "**", lambda route: (landed.append(route.request.url),
                                               route.fulfill(status=200, body="connected")))
    query = {"response_type": "code", "client_id": client.json()["client_id"], "redirect_uri": REDIRECT,
             "code_challenge": pkce.code_challenge, "code_challenge_method": "S256", "state": "st-42",
             "scope": "read write"}
    page.goto(server + "/authorize?" + httpx.QueryParams(query).__str__())
    expect(page.get_by_role("heading", name=re.compile("^Connect Nimbus IDE to"))).to_be_visible()
    expect(page.get_by_text("read", exact=True)).to_be_visible()
    assert blocking_violations(page) == []
    at_both_widths(page, "oauth-consent")
    choice = page.get_by_role("group", name="Act as").get_by_role("radio").first
    chosen = choice.get_attribute("value")
    choice.check()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:3030/callback"))
    sent = {k: v[0] for k, v in parse_qs(urlsplit(landed[-1]).query).items()}
    assert sent["state"] == "st-42" and sent["code"]
    token = httpx.post(server + "/token", data={
        "grant_type": "authorization_code", "code": sent["code"], "redirect_uri": REDIRECT,
        "client_id": client.json()["client_id"], "client_secret": client.json().get("client_secret") or "",
        "code_verifier": pkce.code_verifier})
    assert token.status_code == 200, token.text
    briefing = httpx.get(server + "/api/v1/me/briefing",
                         headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert briefing.status_code == 200, briefing.text
    assert briefing.json()["actor"]["kind"] == "agent" and briefing.json()["actor"]["id"] == chosen
