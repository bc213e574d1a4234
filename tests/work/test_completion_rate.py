"""A seat's to-do completion rate over the last 13 weeks: done by the due date / counted."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from otp.core import clock
from tests.work.kit import refused, team, todo

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def test_the_rate_counts_todos_done_by_their_due_date(org):
    t = team(org)
    clock.freeze(T0)
    on_time, late, missed = (todo(org, t.lead["id"], name) for name in ("on time", "late", "missed"))
    todo(org, t.bot["id"], "someone else's")
    org.ok("POST", f"/api/v1/todos/{on_time['id']}/complete")
    clock.freeze(T0 + timedelta(days=9))
    org.ok("POST", f"/api/v1/todos/{late['id']}/complete")
    clock.freeze(T0 + timedelta(days=10))
    rate = org.ok("GET", "/api/v1/todos/completion", params={"seat_id": t.lead["id"]})
    assert (rate["counted"], rate["done"], rate["done_on_time"]) == (3, 2, 1)
    assert rate["rate"] == round(1 / 3, 4)


def test_todos_older_than_thirteen_weeks_are_not_counted(org):
    t = team(org)
    clock.freeze(T0)
    todo(org, t.lead["id"])
    clock.freeze(T0 + timedelta(weeks=15))
    rate = org.ok("GET", "/api/v1/todos/completion", params={"seat_id": t.lead["id"]})
    assert rate["counted"] == 0 and rate["rate"] is None


def test_an_unknown_seat_is_refused(org):
    team(org)
    refused(org, org.get("/api/v1/todos/completion", params={"seat_id": "seat_nope"}), 404, "seat_id", org.event_count())
    refused(org, org.get("/api/v1/todos/completion"), 422, "seat_id", org.event_count())
