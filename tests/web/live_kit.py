"""Helpers for the live-stream tests: the demo on a real uvicorn server, a person signed in
through the login form (a real cookie), a reader that collects a live page's SSE messages in a
thread, and agents asking for approvals that route to a chosen person (or another organization)."""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager

import httpx
from sqlalchemy import select

from otp.api.app import create_app
from otp.auth.tokens import agent_actor, person_actor
from otp.core.config import Settings
from otp.core.errors import ApprovalRequired
from otp.org import agents, chart, orgs, people
from otp.org.models import Agent, Seat
from otp.work.todos import create_todo
from tests.helpers import wait_for
from tests.outbox.kit import serve


@contextmanager
def served(demo_db):
    """The demo organization's app on a free localhost port; yields its base URL."""
    app = create_app(Settings(database_url=demo_db.url, data_dir=None, secret_key="k"), demo_db)
    with serve(app) as (base, _):
        yield base


@contextmanager
def signed_in(base: str, email: str, password: str = "demo"):
    """An HTTP client signed in through the login form (its cookie is a real web session)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        answer = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf})
        assert answer.status_code == 303, answer.text
        yield client


def csrf_of(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


class Listener:
    """Reads one live URL in a thread; `messages` holds each SSE message as it arrives
    ({"event", "data", "id"}), and `closed` is set when the server ended the stream."""

    def __init__(self, client: httpx.Client, path: str):
        self.client, self.path = client, path
        self.messages: list[dict] = []
        self.status: int | None = None
        self.opened, self.closed = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self._response = None

    def _read(self) -> None:
        try:
            with self.client.stream("GET", self.path, timeout=httpx.Timeout(10, read=30)) as response:
                self.status, self._response = response.status_code, response
                message: dict = {}
                for line in response.iter_lines():
                    if line.startswith("retry:"):
                        self.opened.set()
                    elif line == "":
                        if message:
                            self.messages.append(message)
                        message = {}
                    elif not line.startswith(":") and ":" in line:
                        key, _, value = line.partition(":")
                        message[key] = value.strip()
        except httpx.HTTPError:
            pass
        finally:
            self.opened.set()
            self.closed.set()

    def __enter__(self) -> "Listener":
        self.thread.start()
        assert self.opened.wait(10), f"{self.path} did not open"
        return self

    def __exit__(self, *exc) -> None:
        if self._response is not None and not self.closed.is_set():
            self._response.close()
        self.thread.join(5)

    def events(self, name: str = "changed") -> list[dict]:
        return [m for m in self.messages if m.get("event") == name]


def eventually(condition, seconds: float = 8.0) -> bool:
    return wait_for(condition, seconds)


def agent_asks(db, org_id: str, agent: str, seat: str, title: str) -> None:
    """An agent whose level makes adding a to-do an `ask`: the request routes to the nearest
    person above it (Sentry → Sam, Tally → Jordan in the demo)."""
    try:  # the refusal leaves its approval request behind once it leaves db.write() (persist_after_rollback)
        with db.write() as s:
            agent_id = s.execute(select(Agent.id).where(Agent.org_id == org_id, Agent.name == agent)).scalar_one()
            seat_id = s.execute(select(Seat.id).where(Seat.org_id == org_id, Seat.title == seat)).scalar_one()
            create_todo(s, agent_actor(s, agent_id), title=title, owner_seat_id=seat_id)
    except ApprovalRequired:
        return
    raise AssertionError(f"{agent} was allowed to add a to-do without asking")


def another_organization_asks(db) -> str:
    """A second organization (owner Olga, her level-1 agent Echo below her); Echo asks to add a
    to-do, which waits on Olga. Returns that organization's id."""
    with db.write() as s:
        olga = people.create_person(s, email="olga@elsewhere.example", name="Olga Else",
                                    password="a long enough password")
        org = orgs.create_organization(s, name="Elsewhere Ltd", slug="elsewhere", owner_person_id=olga.id,
                                       timezone="UTC")
        actor = person_actor(s, olga.id, org.id)
        echo = agents.create_agent(s, actor, name="Echo", level=1)
        duties = ["Set direction", "Hire", "Keep the books"]
        top = chart.create_seat(s, actor, title="Director", responsibilities=duties)
        chart.assign_occupant(s, actor, top.id, kind="person", occupant_id=olga.id)
        below = chart.create_seat(s, actor, title="Helper", responsibilities=duties, parent_id=top.id)
        chart.assign_occupant(s, actor, below.id, kind="agent", occupant_id=echo.id)
        org_id = org.id
    agent_asks(db, org_id, "Echo", "Helper", "Tidy the shared drive")
    return org_id
