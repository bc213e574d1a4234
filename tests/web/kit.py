"""A per-test kit for the web pages: the demo organization in a database of its own, a client
logged in as its owner, and short verbs (get a page, post a form with its CSRF token, make data
through the services) so each test stays a few lines long."""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from otp.auth.tokens import person_actor
from otp.core.db import Database
from otp.events.models import Event
from otp.org.models import Organization, Person, Seat
from otp.scorecard.measurables import create_measurable
from tests.web.test_login_and_chart import demo_client, login


@dataclass
class WebKit:
    db: Database
    client: TestClient
    org_id: str
    owner_id: str

    # --- pages and forms --------------------------------------------------------------------
    def get(self, path: str, **kw):
        return self.client.get(path, **kw)

    def csrf(self) -> str:
        page = self.client.get("/chart").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def post(self, path: str, data: dict | None = None, htmx: bool = False, headers: dict | None = None):
        headers = {**({"HX-Request": "true"} if htmx else {}), **(headers or {})}
        return self.client.post(path, data={"csrf_token": self.csrf(), **(data or {})}, headers=headers,
                                follow_redirects=False)

    def login(self, email: str) -> None:
        self.client.cookies.clear()
        login(self.client, email, "demo")

    # --- data through the services ----------------------------------------------------------
    def actor(self, s, email: str = "owner@example.com"):
        person_id = s.execute(select(Person.id).where(Person.email == email)).scalar_one()
        return person_actor(s, person_id, self.org_id)

    def do(self, work, email: str = "owner@example.com"):
        """Run work(session, actor) as a demo person; returns its result."""
        with self.db.write() as s:
            return work(s, self.actor(s, email))

    def seat(self, title: str) -> str:
        with self.db.read() as s:
            return s.execute(select(Seat.id).where(Seat.org_id == self.org_id, Seat.title == title)).scalar_one()

    def measurable(self, title: str = "Qualified leads", seat: str = "Integrator / COO", target: float = 10,
                   comparator: str = ">=") -> str:
        seat_id = self.seat(seat)
        return self.do(lambda s, a: create_measurable(s, a, title=title, owner_seat_id=seat_id, target=target,
                                                      comparator=comparator).id)

    def events(self, action: str | None = None) -> int:
        with self.db.read() as s:
            q = select(func.count()).select_from(Event).where(Event.org_id == self.org_id)
            if action:
                q = q.where(Event.action == action)
            return s.execute(q).scalar_one()


@contextmanager
def web(demo_db):
    with demo_client(demo_db) as client:
        with demo_db.read() as s:
            org = s.execute(select(Organization).where(Organization.slug == "demo")).scalar_one()
            owner = s.execute(select(Person.id).where(Person.email == "owner@example.com")).scalar_one()
        login(client, "owner@example.com", "demo")
        yield WebKit(db=demo_db, client=client, org_id=org.id, owner_id=owner)


def held_request(kit: WebKit, agent: str = "Sentry", title: str = "Re-check the brand guide") -> tuple[str, str]:
    """An agent at level 1 asks to create a to-do: governance holds it for a human. Returns
    (approval id, the approver's email)."""
    from otp.auth.tokens import agent_actor
    from otp.core.errors import ApprovalRequired
    from otp.org.models import Agent
    from otp.work.todos import create_todo

    with kit.db.read() as s:
        agent_id = s.execute(select(Agent.id).where(Agent.org_id == kit.org_id, Agent.name == agent)).scalar_one()
    seat = kit.seat("Quality Reviewer")
    try:
        with kit.db.write() as s:
            create_todo(s, agent_actor(s, agent_id), title=title, owner_seat_id=seat)
    except ApprovalRequired as held:
        with kit.db.read() as s:
            email = s.execute(select(Person.email).where(Person.id == held.approver["person_id"])).scalar_one()
        return held.approval_id, email
    raise AssertionError(f"{agent} was allowed to create a to-do; expected an approval request")
