"""Helpers for the OAuth tests: a browser-like client of the app (its own cookies) that registers
an OAuth client, signs in a person, answers the consent page and redeems codes — every step plain
HTTP against the real endpoints, so each test stays a few lines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from mcp.client.auth.oauth2 import PKCEParameters
from sqlalchemy import func, select

from otp.oauth.models import OAuthCode, OAuthGrant
from otp.org.models import Person
from tests.helpers import OrgKit

REDIRECT = "http://127.0.0.1:3030/callback"


@dataclass
class OAuthKit:
    org: OrgKit
    browser: TestClient
    client_id: str = ""
    client_secret: str = ""
    pkce: PKCEParameters = field(default_factory=PKCEParameters.generate)

    # --- the MCP host's side ---------------------------------------------------------------
    def register(self, **metadata) -> dict:
        body = {"redirect_uris": [REDIRECT], "client_name": "Test host", **metadata}
        response = self.browser.post("/register", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        self.client_id, self.client_secret = answer["client_id"], answer.get("client_secret") or ""
        return answer

    def authorize(self, redirect_uri: str = REDIRECT, **extra):
        params = {"response_type": "code", "client_id": self.client_id, "redirect_uri": redirect_uri,
                  "code_challenge": self.pkce.code_challenge, "code_challenge_method": "S256", "state": "st-1",
                  "scope": "read write", **extra}
        params = {k: v for k, v in params.items() if v is not None}  # None: leave the parameter out
        return self.browser.get("/authorize", params=params, follow_redirects=False)

    def token(self, **form):
        body = {"client_id": self.client_id, "client_secret": self.client_secret, **form}
        return self.browser.post("/token", data=body)

    def redeem(self, code: str, verifier: str | None = "", redirect_uri: str = REDIRECT):
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if verifier is not None:
            form["code_verifier"] = verifier or self.pkce.code_verifier
        return self.token(**form)

    def refresh(self, refresh_token: str):
        return self.token(grant_type="refresh_token", refresh_token=refresh_token)

    def revoke(self, token: str):
        return self.browser.post("/revoke", data={"client_id": self.client_id, "client_secret": self.client_secret,
                                                  "token": token})

    # --- the person's side -----------------------------------------------------------------
    def sign_in(self, person_id: str | None = None, password: str = "pw-owner") -> None:
        with self.org.db.read() as s:
            email = s.get(Person, person_id or self.org.owner_id).email
        page = self.browser.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = self.browser.post("/login", data={"email": email, "password": password, "csrf_token": csrf},
                                 follow_redirects=False)
        assert done.status_code == 303, done.text

    def consent_page(self) -> str:
        """/authorize → the consent page's path."""
        response = self.authorize()
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def decide(self, path: str, agent_id: str, decision: str = "allow"):
        page = self.browser.get(path)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.browser.post(path, data={"csrf_token": csrf, "agent_id": agent_id, "decision": decision},
                                 follow_redirects=False)

    def code_for(self, agent_id: str) -> str:
        """Register if needed, sign in as the owner, consent for `agent_id`: the code sent back."""
        if not self.client_id:
            self.register()
        self.sign_in()
        answer = self.decide(self.consent_page(), agent_id)
        assert answer.status_code == 303, answer.text
        query = returned(answer)
        assert query["state"] == "st-1", query
        return query["code"]

    def connect(self, agent_id: str) -> dict:
        """The whole flow to the first token answer (JSON)."""
        response = self.redeem(self.code_for(agent_id))
        assert response.status_code == 200, response.text
        return response.json()

    # --- what the database holds -----------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        with self.org.db.read() as s:
            codes = s.execute(select(func.count()).select_from(OAuthCode).where(
                OAuthCode.org_id == self.org.org_id)).scalar_one()
            grants = s.execute(select(func.count()).select_from(OAuthGrant).where(
                OAuthGrant.org_id == self.org.org_id)).scalar_one()
        return codes, grants


def returned(answer) -> dict:
    """The query the consent page sent back to the client's redirect URI."""
    location = answer.headers["location"]
    assert location.startswith(REDIRECT), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def oauth(org: OrgKit) -> OAuthKit:
    return OAuthKit(org=org, browser=TestClient(org.client.app))


def briefing_status(org: OrgKit, token: str) -> int:
    return org.client.get("/api/v1/me/briefing", headers={"Authorization": f"Bearer {token}"}).status_code
