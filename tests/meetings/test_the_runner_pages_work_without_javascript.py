"""The web pages: the list shows who has prepared; the runner's forms work as plain POSTs; the
live feed tells a page when the meeting changed."""
from __future__ import annotations

import re

from sqlalchemy import select

from otp.meetings.models import Meeting
from tests.web.kit import web


def _meetings(kit, state: str) -> list[str]:
    with kit.db.read() as s:
        return list(s.execute(select(Meeting.id).where(Meeting.org_id == kit.org_id, Meeting.state == state)).scalars())


def test_the_list_shows_the_series_and_who_has_prepared(isolated_db):
    with web(isolated_db) as kit:
        page = kit.get("/meetings").text
        assert "Leadership team weekly" in page and "1 of 7 prepared" in page
        assert re.search(r"Content Operations Lead — Relay", page)


def test_a_meeting_runs_through_its_forms(isolated_db):
    with web(isolated_db) as kit:
        [mid] = _meetings(kit, "scheduled")
        page = kit.get(f"/meetings/{mid}").text
        assert "Kettle" not in page and "Quill&#39;s long-form drafts" in page  # Relay's prep is shown
        assert kit.post(f"/meetings/{mid}/start").status_code == 303
        page = kit.get(f"/meetings/{mid}").text
        assert "Now: Segue" in page and 'role="timer"' in page
        kit.post(f"/meetings/{mid}/advance", {"from_segment": "0"})
        kit.post(f"/meetings/{mid}/advance", {"from_segment": "0"})  # a second press: no-op
        assert "Now: Scorecard" in kit.get(f"/meetings/{mid}").text
        bad = kit.post(f"/meetings/{mid}/rate", {"seat_id": "seat_nope", "score": "7"})
        assert bad.status_code == 404 and "not an attendee" in bad.text
        assert kit.post(f"/meetings/{mid}/end").status_code == 303
        page = kit.get(f"/meetings/{mid}").text
        assert "## Attendance" in page and "Minutes" in page


def test_the_live_feed_sends_a_change_and_closes_once_the_meeting_has_ended(isolated_db):
    with web(isolated_db) as kit:
        [mid] = _meetings(kit, "ended")
        response = kit.get(f"/meetings/{mid}/live?v=0")
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "event: changed" in response.text
