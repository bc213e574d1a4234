"""Pages show moments in the organization's timezone, named, not raw UTC (the demo organization
runs on America/New_York)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import update

from otp.core import clock
from otp.org.models import Organization
from tests.web.kit import web


def test_an_event_made_at_14_00_utc_in_winter_shows_as_09_00_est(demo_db):
    with web(demo_db) as k:
        clock.freeze(datetime(2026, 1, 15, 14, 0, tzinfo=timezone.utc))
        k.post("/todos", {"title": "Winter thing", "owner_seat_id": k.seat("Integrator / COO")})
        page = k.get("/events?action=todo.created").text
        assert "2026-01-15 09:00 EST" in page
        assert "14:00 UTC" not in page


def test_summer_time_is_named_edt(demo_db):
    with web(demo_db) as k:
        clock.freeze(datetime(2026, 7, 15, 14, 0, tzinfo=timezone.utc))
        k.post("/todos", {"title": "Summer thing", "owner_seat_id": k.seat("Integrator / COO")})
        assert "2026-07-15 10:00 EDT" in k.get("/events?action=todo.created").text


def test_an_organization_on_utc_sees_utc(demo_db):
    with web(demo_db) as k:
        with demo_db.write() as s:
            s.execute(update(Organization).where(Organization.id == k.org_id).values(timezone="UTC"))
        clock.freeze(datetime(2026, 1, 15, 14, 0, tzinfo=timezone.utc))
        k.post("/todos", {"title": "Plain thing", "owner_seat_id": k.seat("Integrator / COO")})
        assert "2026-01-15 14:00 UTC" in k.get("/events?action=todo.created").text


def test_the_page_says_the_moment_as_people_do_and_keeps_the_full_form_in_its_tooltip(demo_db):
    with web(demo_db) as k:
        clock.freeze(datetime(2026, 1, 15, 14, 0, tzinfo=timezone.utc))
        k.post("/todos", {"title": "Human thing", "owner_seat_id": k.seat("Integrator / COO")})
        clock.freeze(datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc))
        page = k.get("/events?action=todo.created").text
        assert '<time datetime="2026-01-15T09:00-05:00" title="2026-01-15 09:00 EST">Thu 15 Jan, 09:00</time>' in page


def test_the_meeting_runner_says_its_day_start_and_end_as_people_do(isolated_db):
    from otp.meetings.models import Meeting
    from sqlalchemy import select
    with web(isolated_db) as k:
        with k.db.read() as s:
            meeting = s.execute(select(Meeting).where(Meeting.org_id == k.org_id, Meeting.state == "scheduled")).scalars().first()
        clock.freeze(datetime(2026, 1, 15, 14, 5, tzinfo=timezone.utc))
        assert k.post(f"/meetings/{meeting.id}/start").status_code == 303
        clock.freeze(datetime(2026, 1, 15, 15, 20, tzinfo=timezone.utc))
        assert k.post(f"/meetings/{meeting.id}/end").status_code == 303
        page = k.get(f"/meetings/{meeting.id}").text
        assert '; started <time datetime="2026-01-15T09:05-05:00" title="2026-01-15 09:05 EST">09:05</time>' in page
        assert ', ended <time datetime="2026-01-15T10:20-05:00" title="2026-01-15 10:20 EST">10:20</time>' in page
        # The heading names the scheduled day as every other page does: no zero-padded day, no year this year.
        heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert "<time datetime=" in heading and " 0" not in heading.split(">", 2)[-1]
