"""The acceptance walk, as an MCP host does it: the `mcp` SDK's OAuthClientProvider against a real
`otp serve` process. MCP answers 401 → discovery → dynamic registration → the consent page, driven
over HTTP by a signed-in person who picks the agent → code with PKCE → token → a tool call as that
agent → refresh (by the SDK, once the token is due) → revocation → 401."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken
from sqlalchemy import select

from otp.org.models import Person
from tests.agentface.kit import served, structured, world

pytestmark = pytest.mark.slow
CALLBACK = "http://127.0.0.1:3030/callback"


class Memory:
    """The host's token storage."""

    def __init__(self):
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client_info):
        self.client = client_info


class Browser:
    """A person in a browser: signed in, answers the consent page, hands the code to the host."""

    def __init__(self, base: str, email: str, password: str, agent_id: str):
        self.browser = httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30)
        self.email, self.password, self.agent_id = email, password, agent_id
        self.answer: dict = {}
        self.pages: list[str] = []

    async def sign_in(self):
        page = await self.browser.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = await self.browser.post("/login", data={"email": self.email, "password": self.password,
                                                       "csrf_token": csrf})
        assert done.status_code == 303, done.text

    async def open(self, authorization_url: str):  # the host's redirect_handler
        to_consent = await self.browser.get(authorization_url)
        assert to_consent.status_code == 302, to_consent.text
        path = to_consent.headers["location"]
        page = await self.browser.get(path)
        assert page.status_code == 200, page.text
        self.pages.append(page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        back = await self.browser.post(path, data={"csrf_token": csrf, "agent_id": self.agent_id,
                                                   "decision": "allow"})
        assert back.status_code == 303 and back.headers["location"].startswith(CALLBACK), back.text
        self.answer = {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}

    async def callback(self) -> AuthorizationCodeResult:  # the host's callback_handler
        return AuthorizationCodeResult(code=self.answer["code"], state=self.answer["state"],
                                       iss=self.answer.get("iss"))


async def walk(base: str, person: Browser) -> dict:
    storage = Memory()
    auth = OAuthClientProvider(
        server_url=f"{base}/mcp/", storage=storage, redirect_handler=person.open, callback_handler=person.callback,
        client_metadata=OAuthClientMetadata(client_name="Acceptance host", redirect_uris=[CALLBACK],
                                            grant_types=["authorization_code", "refresh_token"],
                                            response_types=["code"]))
    await person.sign_in()
    out: dict = {}
    async with httpx2.AsyncClient(auth=auth, timeout=30) as hc:
        async with Client(streamable_http_client(f"{base}/mcp/", http_client=hc)) as client:
            out["heartbeat"] = structured(await client.call_tool("heartbeat", {}))
            out["headline"] = structured(await client.call_tool("post_headline", {"text": "Connected over OAuth"}))
        out["first"] = storage.tokens
        auth.context.token_expiry_time = time.time() - 1  # due: the SDK refreshes before the next call
        async with Client(streamable_http_client(f"{base}/mcp/", http_client=hc)) as client:
            out["briefing"] = structured(await client.call_tool("briefing", {}))
        out["second"] = storage.tokens
    out["client"] = storage.client
    return out


def mcp_status(base: str, token: str) -> int:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    return httpx.post(f"{base}/mcp/", json=body, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json, text/event-stream"}).status_code


def test_an_mcp_host_connects_acts_as_the_chosen_agent_refreshes_and_is_revoked(org, database_url, tmp_path):
    w = world(org, level=3)
    with org.db.read() as s:
        email = s.execute(select(Person.email).where(Person.id == org.owner_id)).scalar_one()
    with served(database_url, tmp_path, public=True) as base:
        person = Browser(base, email, "pw-owner", w.agent["id"])
        out = anyio.run(walk, base, person)
        first, second, client = out["first"], out["second"], out["client"]
        assert w.agent["name"] in person.pages[0] and "Acceptance host" in person.pages[0]
        assert out["heartbeat"]["status"] == "done" and out["heartbeat"]["result"]["agent_id"] == w.agent["id"]
        assert out["briefing"]["status"] == "done"
        assert second.access_token != first.access_token and second.refresh_token != first.refresh_token
        assert mcp_status(base, first.access_token) == 401  # rotated away by the refresh
        assert mcp_status(base, second.access_token) == 200
        revoked = httpx.post(f"{base}/revoke", data={"client_id": client.client_id,
                                                     "client_secret": client.client_secret,
                                                     "token": second.access_token})
        assert revoked.status_code == 200
        assert mcp_status(base, second.access_token) == 401
        again = httpx.post(f"{base}/token", data={"grant_type": "refresh_token", "client_id": client.client_id,
                                                   "client_secret": client.client_secret,
                                                   "refresh_token": second.refresh_token})
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert out["headline"]["status"] == "done"
    posted = org.events("headline.posted")[-1]
    assert posted.actor_kind == "agent" and posted.actor_id == w.agent["id"]
    actions = [e.action for e in org.events()]
    for expected in ("oauth.consented", "token.created", "oauth.connected", "token.reissued", "token.revoked",
                     "oauth.revoked"):
        assert expected in actions, expected
