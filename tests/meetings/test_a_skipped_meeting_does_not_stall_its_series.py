"""A meeting nobody starts, or one called off, does not stall its series: the worker marks a
meeting whose whole slot has passed as missed, a person can cancel one meeting with a reason, and
either way the next meeting is scheduled at once, so agents keep being asked to prepare."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.meetings.jobs import mark_missed_meetings
from otp.meetings.prep import prep_requests
from tests.meetings.kit import refused, room
from tests.work.kit import in_threads

FIRST = datetime(2026, 3, 9, 13, 0, tzinfo=timezone.utc)  # Monday 09:00 New York, just after DST began
SLOT = timedelta(minutes=90)  # the default agenda


def _tick(r) -> int:
    return mark_missed_meetings(r.org.db, clock.now())


def _series_meetings(r) -> list[dict]:
    return r.org.ok("GET", f"/api/v1/meetings?series_id={r.series['id']}")


def test_a_meeting_never_started_is_marked_missed_once_its_slot_has_passed_and_the_next_is_scheduled(org):
    r = room(org)
    assert r.get()["scheduled_at"].startswith("2026-03-09T13:00")
    clock.freeze(FIRST + SLOT - timedelta(minutes=1))
    _tick(r)
    assert r.get()["state"] == "scheduled"  # still within its slot: it may yet start
    clock.freeze(FIRST + SLOT)
    in_threads(3, lambda _: _tick(r))  # several workers at once
    assert r.get()["state"] == "missed"
    [missed] = r.org.events("meeting.missed")
    following = [m for m in _series_meetings(r) if m["state"] == "scheduled"]
    assert [m["id"] for m in following] == [missed.payload["next_meeting_id"]]
    assert following[0]["scheduled_at"].startswith("2026-03-16T13:00")
    assert len(r.org.events("meeting.scheduled")) == 2  # the first meeting and its successor
    _tick(r)
    assert len(r.org.events("meeting.missed")) == 1


def test_after_a_missed_meeting_the_agent_is_asked_to_prepare_for_the_next(org):
    r = room(org)
    clock.freeze(FIRST + SLOT)
    _tick(r)
    clock.freeze(FIRST + timedelta(days=6))
    with r.org.db.read() as s:
        [request] = prep_requests(s, agent_actor(s, r.robo["id"]))
    assert request["starts_at"] == FIRST + timedelta(days=7) and request["seat_ids"] == [r.bot["id"]]


def test_a_meeting_started_late_within_its_slot_is_not_marked_missed(org):
    r = room(org)
    clock.freeze(FIRST + SLOT - timedelta(minutes=5))
    r.do("start")
    clock.advance(timedelta(hours=1))
    assert _tick(r) == 0
    assert r.get()["state"] == "running" and r.org.events("meeting.missed") == []


def test_a_meeting_is_cancelled_with_its_reason_and_the_next_one_is_scheduled(org):
    r = room(org)
    before = r.org.event_count()
    meeting = r.do("cancel", {"reason": "Offsite that week"})
    assert meeting["state"] == "cancelled" and meeting["cancel_reason"] == "Offsite that week"
    [cancelled] = r.org.events("meeting.cancelled")
    assert cancelled.payload["reason"] == "Offsite that week"
    [following] = [m for m in _series_meetings(r) if m["state"] == "scheduled"]
    assert following["id"] == cancelled.payload["next_meeting_id"]
    assert following["scheduled_at"].startswith("2026-03-16T13:00")
    actions = [e.action for e in r.org.events()[before:]]
    assert sorted(a for a in actions if a.startswith("meeting")) == ["meeting.cancelled", "meeting.scheduled"]
    events = r.org.event_count()
    assert r.do("cancel", {"reason": "Again"})["state"] == "cancelled"  # already cancelled: nothing changes
    assert r.org.event_count() == events


def test_cancelling_needs_a_reason_and_a_scheduled_meeting(org):
    r = room(org)
    before = r.org.event_count()
    refused(r.org, r.org.post(r.path("/cancel"), {"reason": "  "}), 422, "reason", before)
    refused(r.org, r.org.post(r.path("/cancel"), {}), 422, "reason", before)
    refused(r.org, r.org.post(r.path("/cancel", "mtg_nope"), {"reason": "x"}), 404, "meeting_id", before)
    r.do("start")
    before = r.org.event_count()
    refused(r.org, r.org.post(r.path("/cancel"), {"reason": "Too late"}), 409, "state", before)
    assert r.get()["state"] == "running"


def test_a_missed_meeting_cannot_be_started_or_cancelled(org):
    r = room(org)
    clock.freeze(FIRST + SLOT)
    _tick(r)
    before = r.org.event_count()
    refused(r.org, r.org.post(r.path("/start")), 409, "state", before)
    refused(r.org, r.org.post(r.path("/cancel"), {"reason": "Never mind"}), 409, "state", before)


def test_a_level_3_agent_asking_to_cancel_is_held_and_nothing_changes(org):
    r = room(org)
    helper = r.org.agent("Helper", level=3)
    r.org.seat("Helper seat", parent=r.lead["id"], holder=helper)
    response = r.org.post(r.path("/cancel"), {"reason": "Busy"}, token=r.org.token_for(agent=helper))
    assert response.status_code == 202, response.text
    assert r.get()["state"] == "scheduled" and r.org.events("meeting.cancelled") == []
