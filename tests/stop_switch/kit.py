"""Helpers for the stop switch and organization budget cap tests: an agent at level 8 in a seat
under a human (so its writes are allowed until the switch goes on), and short verbs for the
switch, a write, the reads an agent lives on, and cost reports."""
from __future__ import annotations

from otp.org.models import Organization
from tests.agentface.kit import World, world
from tests.helpers import OrgKit


def stoppable(org: OrgKit) -> World:
    """An agent at level 8 (may create its own to-dos without asking) under an admin."""
    return world(org, level=8)


def pause_all(org: OrgKit, reason: str = "Incident review", **kw):
    return org.post("/api/v1/org/agents/pause", {"reason": reason}, **kw)


def resume_all(org: OrgKit, reason: str = "Reviewed", **kw):
    return org.post("/api/v1/org/agents/resume", {"reason": reason}, **kw)


def create_todo(w: World):
    return w.org.post("/api/v1/todos", {"title": "Call the supplier", "owner_seat_id": w.seat["id"]}, token=w.token)


def reads(w: World) -> list[int]:
    """Status codes of what an agent reads every run: briefing, compiled context, inbox."""
    paths = ("/api/v1/me/briefing", f"/api/v1/agents/{w.agent['id']}/context", "/api/v1/me/inbox")
    return [w.org.get(p, token=w.token).status_code for p in paths]


def org_row(org: OrgKit) -> Organization:
    with org.db.read() as s:
        return s.get(Organization, org.org_id)


def set_cap(org: OrgKit, cents: int | None):
    return org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"org_monthly_budget_cents": cents}})


def spend(w: World, cents: int) -> dict:
    return w.org.ok("POST", "/api/v1/me/costs", {"cents": cents, "tokens": cents * 100, "model": "m"},
                    token=w.token, status=201)
