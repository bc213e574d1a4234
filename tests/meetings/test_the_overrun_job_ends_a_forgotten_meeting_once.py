"""The safety net: a meeting left running past its planned end plus the org's grace is ended by
the worker, once, with minutes, however many workers run."""
from __future__ import annotations

from datetime import timedelta

from otp.core import clock
from otp.meetings.jobs import end_overrun
from tests.meetings.kit import inbox_count, room
from tests.work.kit import in_threads


def test_a_forgotten_meeting_is_ended_exactly_once(org):
    r = room(org)
    r.do("start")
    clock.advance(timedelta(minutes=90 + 59))
    end_overrun(r.org.db, clock.now())
    assert r.get()["state"] == "running"  # within the grace period
    clock.advance(timedelta(minutes=2))
    in_threads(3, lambda _: end_overrun(r.org.db, clock.now()))  # the shared database: count ours below
    meeting = r.get()
    assert meeting["state"] == "ended" and meeting["ended_reason"] == "overrun" and meeting["has_minutes"]
    assert len(r.org.events("meeting.ended")) == 1
    assert inbox_count(r.org, "minutes", r.robo["id"]) == 1


def test_the_grace_period_is_an_organization_setting(org):
    r = room(org)
    r.org.ok("PATCH", f"/api/v1/organizations/{r.org.org_id}", {"settings": {"meeting_overrun_minutes": 10}})
    r.do("start")
    clock.advance(timedelta(minutes=101))
    end_overrun(r.org.db, clock.now())
    assert r.get()["ended_reason"] == "overrun"


def test_a_meeting_ended_by_hand_is_left_alone(org):
    r = room(org)
    r.do("start")
    r.do("end")
    clock.advance(timedelta(hours=5))
    before = r.org.event_count()
    end_overrun(r.org.db, clock.now())
    assert r.org.event_count() == before
