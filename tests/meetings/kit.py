"""Helpers for the meeting tests: a small team with a human and an agent at the table, a weekly
series, and short verbs for the runner, so each test stays a few lines long."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select

from otp.core import clock
from otp.inbox.models import InboxItem
from tests.helpers import OrgKit

MONDAY_9 = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)  # Monday 09:00 in New York (EST)


@dataclass
class Room:
    """CEO (the owner) above Lead (Ann) above Bot (agent Robo, level 5, with its own token).
    A measurable owned by Lead, a rock owned by Bot, an open issue; a weekly series of all three."""
    org: OrgKit
    ceo: dict
    lead: dict
    bot: dict
    ann: dict
    robo: dict
    robo_token: str
    measurable: dict
    rock: dict
    issue: dict
    series: dict

    @property
    def meeting_id(self) -> str:
        return self.series["next_meeting_id"]

    def path(self, suffix: str = "", meeting_id: str | None = None) -> str:
        return f"/api/v1/meetings/{meeting_id or self.meeting_id}{suffix}"

    def do(self, verb: str, body: dict | None = None, **kw) -> dict:
        return self.org.ok("POST", self.path(f"/{verb}"), body or {}, **kw)

    def get(self) -> dict:
        return self.org.ok("GET", self.path())


def room(org: OrgKit, *, at: datetime = MONDAY_9, **series_fields) -> Room:
    clock.freeze(at)
    ceo = org.root()
    ann = org.person("Ann Able")
    lead = org.seat("Lead", parent=ceo["id"], holder=ann)
    robo = org.agent("Robo", level=5)
    bot = org.seat("Bot", parent=lead["id"], holder=robo)
    measurable = org.ok("POST", "/api/v1/measurables", {"title": "Qualified leads", "owner_seat_id": lead["id"],
                                                         "target": 10, "comparator": ">="}, status=201)
    rock = org.ok("POST", "/api/v1/outcomes", {"title": "Launch the newsletter", "definition_of_done": "Issue 1 sent",
                                                "owner_seat_id": bot["id"], "kind": "rock"}, status=201)
    issue = org.ok("POST", "/api/v1/issues", {"title": "Churn is up", "owner_seat_id": lead["id"]}, status=201)
    body = {"team": "Leadership", "weekday": 0, "time_of_day": "09:00", "timezone": "America/New_York",
            "attendee_seat_ids": [ceo["id"], lead["id"], bot["id"]], **series_fields}
    series = org.ok("POST", "/api/v1/meetings/series", body, status=201)
    return Room(org, ceo, lead, bot, ann, robo, org.token_for(agent=robo), measurable, rock, issue, series)


def inbox_count(org: OrgKit, kind: str, recipient_id: str) -> int:
    with org.db.read() as s:
        return s.execute(select(func.count()).select_from(InboxItem).where(
            InboxItem.org_id == org.org_id, InboxItem.kind == kind,
            InboxItem.recipient_id == recipient_id)).scalar_one()


def refused(org: OrgKit, response, status_code: int, field: str, events_before: int) -> dict:
    assert response.status_code == status_code, response.text
    error = response.json()["error"]
    assert error["field"] == field, error
    assert org.event_count() == events_before
    return error
