"""A per-test kit for people and sign-in: an organization (tests.helpers.OrgKit) plus a browser
of its own (a TestClient with its own cookies and its own client address, so throttling in one
test never touches another), and verbs: invite, accept, sign in, read the outbox."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import select

from otp.mail.models import MailMessage
from otp.people.models import Invitation
from tests.helpers import OrgKit


def address() -> str:
    """A client address no other test uses (10.x.y.z)."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def browser(app) -> TestClient:
    return TestClient(app, client=(address(), 50000), follow_redirects=False)


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)


def sign_in(client: TestClient, email: str, password: str):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def post_form(client: TestClient, page: str, path: str, data: dict | None = None):
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **(data or {})})


@dataclass
class PeopleKit:
    org: OrgKit

    def invite(self, email: str | None = None, role: str = "member") -> dict:
        email = email or f"new-{uuid.uuid4().hex[:8]}@example.com"
        return self.org.ok("POST", "/api/v1/invitations", {"email": email, "role": role}, status=201)

    def token_of(self, invitation: dict) -> str:
        return invitation["link"].rsplit("/", 1)[1]

    def accept(self, invitation: dict, name: str = "Nia New", password: str = "a-good-password"):
        return self.org.client.post("/api/v1/invitations/accept",
                                    json={"token": self.token_of(invitation), "name": name, "password": password})

    def member(self, role: str = "member", password: str = "a-good-password") -> dict:
        """A person who joined through an invitation; returns the accept answer plus the password."""
        invitation = self.invite(role=role)
        body = self.accept(invitation, password=password).json()
        return {**body, "id": body["person_id"], "password": password}

    def invitation(self, invitation_id: str) -> Invitation:
        with self.org.db.read() as s:
            return s.get(Invitation, invitation_id)

    def mails(self, kind: str | None = None, to: str | None = None) -> list[MailMessage]:
        with self.org.db.read() as s:
            q = select(MailMessage).where(MailMessage.org_id == self.org.org_id).order_by(MailMessage.created_at)
            if kind:
                q = q.where(MailMessage.kind == kind)
            if to:
                q = q.where(MailMessage.to_address == to)
            return list(s.execute(q).scalars())
