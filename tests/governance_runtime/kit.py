"""Helpers for the governance runtime tests: a small chart in one line, actors for service
calls, short reads of approvals, escalations, the ledger and the inbox, an app serving an overdue
escalation, and two workers racing over one job."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from otp.auth.actor import Actor
from otp.auth.tokens import agent_actor, person_actor
from otp.core import clock
from otp.core.db import Database
from otp.events.models import Event
from otp.governance.models import ApprovalRequest, Escalation, Incident, LedgerEntry
from otp.inbox.models import InboxItem
from otp.org.models import Agent
from tests.helpers import OrgKit


@dataclass
class Chart:
    """CEO (the owner) → COO (an admin) → Lead (a member) → Worker seat held by an agent."""
    org: OrgKit
    ceo: dict
    coo: dict
    lead: dict
    worker: dict
    admin: dict
    member: dict
    agent: dict

    @cached_property
    def agent_token(self) -> str:
        return self.org.token_for(agent=self.agent)


def chart(org: OrgKit, level: int = 1, *, lead_holder: str = "member") -> Chart:
    """`lead_holder`: 'member', 'vacant' or 'agent' (an L8 agent) — to test routing skips."""
    ceo = org.root()
    admin = org.person("Ada Admin", role="admin")
    member = org.person("Mel Member", role="member")
    coo = org.seat("COO", parent=ceo["id"], holder=admin, kind="person")
    if lead_holder == "member":
        lead = org.seat("Lead", parent=coo["id"], holder=member, kind="person")
    elif lead_holder == "agent":
        lead = org.seat("Lead", parent=coo["id"], holder=org.agent("Boss", level=8), kind="agent")
    else:
        lead = org.seat("Lead", parent=coo["id"])
    agent = org.agent("Worker", level=level)
    worker = org.seat("Worker", parent=lead["id"], holder=agent, kind="agent")
    out = Chart(org, ceo, coo, lead, worker, admin, member, agent)
    out.agent_token  # minted up front, so tests that count events start after it
    return out


def as_agent(db, agent_id: str, **kw) -> Actor:
    with db.read() as s:
        a = agent_actor(s, agent_id)
    return Actor(**{**a.__dict__, **kw})


def as_person(db, person_id: str, org_id: str) -> Actor:
    with db.read() as s:
        return person_actor(s, person_id, org_id)


def approvals(db, org_id: str) -> list[ApprovalRequest]:
    with db.read() as s:
        return list(s.execute(select(ApprovalRequest).where(ApprovalRequest.org_id == org_id)
                              .order_by(ApprovalRequest.created_at)).scalars())


def escalations(db, org_id: str) -> list[Escalation]:
    with db.read() as s:
        return list(s.execute(select(Escalation).where(Escalation.org_id == org_id)
                              .order_by(Escalation.created_at, Escalation.id)).scalars())


def ledger(db, agent_id: str) -> list[LedgerEntry]:
    with db.read() as s:
        return list(s.execute(select(LedgerEntry).where(LedgerEntry.agent_id == agent_id)
                              .order_by(LedgerEntry.created_at, LedgerEntry.id)).scalars())


def incidents(db, agent_id: str) -> list[Incident]:
    with db.read() as s:
        return list(s.execute(select(Incident).where(Incident.agent_id == agent_id)
                              # The clock is frozen in these tests: created_at ties; ids sort by real time.
                              .order_by(Incident.created_at, Incident.id)).scalars())


def agent_row(db, agent_id: str) -> Agent:
    with db.read() as s:
        return s.get(Agent, agent_id)


def inbox(db, kind: str, recipient_id: str, item_kind: str | None = None) -> list[InboxItem]:
    with db.read() as s:
        q = select(InboxItem).where(InboxItem.recipient_kind == kind, InboxItem.recipient_id == recipient_id)
        if item_kind:
            q = q.where(InboxItem.kind == item_kind)
        return list(s.execute(q.order_by(InboxItem.created_at)).scalars())


def declare(org: OrgKit, token: str, action: str = "external.spend", **body):
    body.setdefault("amount_cents", 50_000) if action == "external.spend" else None
    if action == "external.communicate":
        body.setdefault("channel", "email:press")
    return org.post("/api/v1/governance/declare", {"action": action, **body}, token=token)


def later(hours: float) -> None:
    clock.freeze(clock.now() + timedelta(hours=hours))


def mid_next_month() -> datetime:
    """Freeze the clock at noon on the 10th of next month (a month with room on both sides)."""
    now = clock.now()
    at = (now.replace(day=1) + timedelta(days=32)).replace(day=10, hour=12, minute=0, second=0, microsecond=0,
                                                           tzinfo=timezone.utc)
    clock.freeze(at)
    return at


def spend(org: OrgKit, c: Chart, cents: int) -> dict:
    """The chart's agent reports a cost; returns the budget check ({spent_cents, status, …})."""
    return org.ok("POST", "/api/v1/me/costs", {"cents": cents, "tokens": cents * 10, "model": "m"},
                  token=c.agent_token, status=201)


def agent_events(db, agent_id: str, action: str) -> list[Event]:
    with db.read() as s:
        return list(s.execute(select(Event).where(Event.entity_type == "agent", Event.entity_id == agent_id,
                                                  Event.action == action).order_by(Event.id)).scalars())


def give_open_work(db, org: OrgKit, seat_id: str) -> None:
    """An open to-do on the seat when the work domain exists (without it, a seat is open work)."""
    try:
        from otp.work.todos import create_todo
    except ImportError:
        return
    with db.write() as s:
        create_todo(s, as_person(db, org.owner_id, org.org_id), title="Ship the report", owner_seat_id=seat_id)


@contextmanager
def serving_an_overdue_escalation(db, settings, *, run_worker: bool):
    """An app on `db` (its in-process worker on or off, ticking every 0.05 s) whose chart's agent
    raised a critical escalation 1.5 hours ago (the clock is frozen). Yields (org, chart) while
    the app runs; the app stops at the end of the block."""
    from fastapi.testclient import TestClient

    from otp.api.app import create_app
    app = create_app(settings, db)
    app.state.run_worker, app.state.worker_interval = run_worker, 0.05
    with TestClient(app) as client:
        org = OrgKit.create(db, client)
        c = chart(org)
        clock.freeze(clock.now())
        org.ok("POST", "/api/v1/escalations", {"reason": "Blocked", "urgency": "critical"}, token=c.agent_token,
               status=201)
        later(1.5)
        yield org, c


def run_twice_concurrently(db, job) -> list:
    """Two workers, each with its own engine on `db`'s database, released together by a barrier
    to run `job(database)`. Returns both results; an error in either worker is raised here."""
    workers = [Database(db.url) for _ in range(2)]
    barrier, results, errors = threading.Barrier(2), [], []

    def work(worker: Database) -> None:
        barrier.wait()
        try:
            results.append(job(worker))
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for w in workers:
            w.dispose()
    if errors:
        raise errors[0]
    return results
