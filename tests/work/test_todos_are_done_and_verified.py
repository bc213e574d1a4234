"""To-dos: due in 7 days by default, done by their owner, verified by someone else."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from otp.core import clock
from tests.work.kit import refused, team, todo


def test_a_todo_is_due_seven_days_after_creation_by_default(org):
    t = team(org)
    clock.freeze(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    created = todo(org, t.lead["id"])
    assert created["due_at"].startswith("2026-03-09T09:00:00")
    assert created["source"] == "manual" and not created["done"]


def test_completing_records_who_and_when_once(org):
    t = team(org)
    item = todo(org, t.lead["id"])
    done = org.ok("POST", f"/api/v1/todos/{item['id']}/complete", token=t.ann_token)
    assert done["done"] and done["done_by"]["id"] == t.ann["id"]
    org.ok("POST", f"/api/v1/todos/{item['id']}/complete", token=t.ann_token)
    assert len(org.events("todo.completed")) == 1


def test_the_owner_cannot_verify_their_own_todo(org):
    t = team(org)
    item = todo(org, t.lead["id"])
    org.ok("POST", f"/api/v1/todos/{item['id']}/complete", token=t.ann_token)
    before = org.event_count()
    refused(org, org.post(f"/api/v1/todos/{item['id']}/verify", token=t.ann_token), 403, "verified_by", before)
    verified = org.ok("POST", f"/api/v1/todos/{item['id']}/verify")
    assert verified["verified"] and verified["verified_by"]["id"] == org.owner_id


def test_an_open_todo_cannot_be_verified(org):
    t = team(org)
    item = todo(org, t.lead["id"])
    before = org.event_count()
    refused(org, org.post(f"/api/v1/todos/{item['id']}/verify"), 409, "todo_id", before)


def test_reassigning_records_the_move(org):
    t = team(org)
    item = todo(org, t.lead["id"])
    moved = org.ok("POST", f"/api/v1/todos/{item['id']}/assign", {"owner_seat_id": t.bot["id"]})
    assert moved["owner_seat_id"] == t.bot["id"]
    assert org.events("todo.assigned")[0].payload == {"from_seat_id": t.lead["id"], "to_seat_id": t.bot["id"]}


def test_todos_filter_by_seat_and_done(org):
    t = team(org)
    a = todo(org, t.lead["id"], "A")
    todo(org, t.bot["id"], "B", due_at=(clock.now() + timedelta(days=1)).isoformat())
    org.ok("POST", f"/api/v1/todos/{a['id']}/complete")
    assert [x["title"] for x in org.ok("GET", "/api/v1/todos", params={"owner_seat_id": t.bot["id"]})["items"]] == ["B"]
    assert [x["title"] for x in org.ok("GET", "/api/v1/todos", params={"done": "true"})["items"]] == ["A"]
