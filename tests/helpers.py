"""A per-test kit: one organization with an owner token, and short verbs for the common steps,
so each test stays a few lines long."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from otp.auth.tokens import person_actor
from otp.core.db import Database
from otp.events.models import Event
from otp.governance.tokens import create_token
from otp.org import orgs, people


def wait_for(condition, seconds: float = 5) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False): for what another thread
    or process does in its own time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


RESPS = ["Do the first thing", "Do the second thing", "Do the third thing"]


@dataclass
class OrgKit:
    db: Database
    client: TestClient
    org_id: str
    slug: str
    owner_id: str
    token: str
    _tokens: dict = field(default_factory=dict)

    @classmethod
    def create(cls, db: Database, client: TestClient, **org_kwargs) -> "OrgKit":
        suffix = uuid.uuid4().hex[:10]
        with db.write() as s:
            owner = people.create_person(s, email=f"owner-{suffix}@example.com", name="Olive Owner", password="pw-owner")
            org = orgs.create_organization(s, name=f"Org {suffix}", slug=f"org-{suffix}", owner_person_id=owner.id,
                                           **org_kwargs)
            actor = person_actor(s, owner.id, org.id)
            _, token = create_token(s, actor, person_id=owner.id, scopes=["read", "write", "admin"])
        return cls(db=db, client=client, org_id=org.id, slug=org.slug, owner_id=owner.id, token=token)

    # --- HTTP -------------------------------------------------------------------------------
    def call(self, method: str, path: str, json=None, token: str | None = None, **kwargs):
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return self.client.request(method, path, json=json, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)

    def ok(self, method: str, path: str, json=None, status: int | None = None, **kw):
        """Call and assert success; return the JSON body."""
        response = self.call(method, path, json=json, **kw)
        expected = status or (201 if method == "POST" and response.status_code == 201 else 200)
        assert response.status_code in (expected, 204), (response.status_code, response.text)
        return response.json() if response.content else None

    # --- chart ------------------------------------------------------------------------------
    def person(self, name: str = "Pat Person", role: str = "member") -> dict:
        email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com"
        return self.ok("POST", "/api/v1/people", {"email": email, "name": name, "role": role, "password": "pw-person"},
                       status=201)

    def agent(self, name: str | None = None, level: int = 1) -> dict:
        return self.ok("POST", "/api/v1/agents", {"name": name or f"agent-{uuid.uuid4().hex[:6]}", "level": level},
                       status=201)

    def seat(self, title: str = "Seat", parent: str | None = None, holder: dict | None = None,
             kind: str | None = None) -> dict:
        seat = self.ok("POST", "/api/v1/seats", {"title": title, "responsibilities": RESPS, "parent_id": parent},
                       status=201)
        if holder is not None:
            seat = self.ok("PUT", f"/api/v1/seats/{seat['id']}/occupant",
                           {"kind": kind or ("agent" if "level" in holder else "person"), "id": holder["id"]})
        return seat

    def root(self) -> dict:
        """A root seat held by the owner (a human at the top, as most charts have)."""
        return self.seat("CEO", holder={"id": self.owner_id}, kind="person")

    def token_for(self, *, agent: dict | None = None, person: dict | None = None, scopes=None,
                  expires_at=None) -> str:
        body = {"agent_id": agent["id"]} if agent else {"person_id": person["id"]}
        if scopes:
            body["scopes"] = scopes
        if expires_at:
            body["expires_at"] = expires_at
        return self.ok("POST", "/api/v1/tokens", body, status=201)["token"]

    # --- state ------------------------------------------------------------------------------
    def chart(self) -> list[dict]:
        return self.ok("GET", "/api/v1/chart")["seats"]

    def event_count(self) -> int:
        with self.db.read() as s:
            return s.execute(select(func.count()).select_from(Event).where(Event.org_id == self.org_id)).scalar_one()

    def events(self, action: str | None = None) -> list[Event]:
        with self.db.read() as s:
            q = select(Event).where(Event.org_id == self.org_id).order_by(Event.seq)
            if action:
                q = q.where(Event.action == action)
            return list(s.execute(q).scalars())
