"""Helpers for the work domain tests: a small team, and short verbs for outcomes, issues, to-dos."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select

from otp.auth.actor import system_actor
from otp.auth.tokens import person_actor
from otp.work.models import Issue
from tests.helpers import OrgKit

DOD = "Signed contract in the CRM"


@dataclass
class Team:
    """CEO (the org owner) above Lead (Ann, a person) above Bot (an agent). Ann has her own token."""
    org: OrgKit
    ceo: dict
    lead: dict
    bot: dict
    ann: dict
    ann_token: str

    def actor(self, person_id: str | None = None):
        with self.org.db.read() as s:
            return person_actor(s, person_id or self.org.owner_id, self.org.org_id)

    @property
    def system(self):
        return system_actor(self.org.org_id)


def team(org: OrgKit) -> Team:
    ceo = org.root()
    ann = org.person("Ann Able")
    lead = org.seat("Lead", parent=ceo["id"], holder=ann)
    bot = org.seat("Bot", parent=lead["id"], holder=org.agent("Robo", level=5))
    return Team(org, ceo, lead, bot, ann, org.token_for(person=ann))


def outcome(org: OrgKit, seat_id: str, **fields) -> dict:
    body = {"title": "Win Acme", "definition_of_done": DOD, "owner_seat_id": seat_id, **fields}
    return org.ok("POST", "/api/v1/outcomes", body, status=201)


def evidence(org: OrgKit, outcome_id: str, **fields) -> dict:
    body = {"kind": "link", "summary": "The signed contract", "url": "https://crm.example.com/deal/1", **fields}
    return org.ok("POST", f"/api/v1/outcomes/{outcome_id}/evidence", body, status=201)


def status(org: OrgKit, outcome_id: str, value: str, note: str = "", **kw):
    return org.post(f"/api/v1/outcomes/{outcome_id}/status", {"status": value, "note": note}, **kw)


def issue(org: OrgKit, seat_id: str, title: str = "Churn is up", **fields) -> dict:
    return org.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": seat_id, **fields}, status=201)


def todo(org: OrgKit, seat_id: str, title: str = "Call Acme", **fields) -> dict:
    return org.ok("POST", "/api/v1/todos", {"title": title, "owner_seat_id": seat_id, **fields}, status=201)


def walk(org: OrgKit, issue_id: str, *states: str) -> dict:
    body = None
    for state in states:
        body = org.ok("POST", f"/api/v1/issues/{issue_id}/transition", {"state": state})
    return body


def issues(org: OrgKit, **filters) -> list[dict]:
    return org.ok("GET", "/api/v1/issues", params={"limit": 200, **filters})["items"]


def issue_count(org: OrgKit) -> int:
    with org.db.read() as s:
        return s.execute(select(func.count()).select_from(Issue).where(Issue.org_id == org.org_id)).scalar_one()


def refused(org: OrgKit, response, status_code: int, field: str, events_before: int) -> dict:
    assert response.status_code == status_code, response.text
    error = response.json()["error"]
    assert error["field"] == field, error
    assert error["message"]
    assert org.event_count() == events_before
    return error


def in_threads(n: int, fn) -> list:
    """Run fn(i) in n threads started together; re-raise the first failure."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results
