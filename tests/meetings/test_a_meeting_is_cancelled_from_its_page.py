"""The meeting page offers "Cancel this meeting" (a plain CSRF form with a reason): the meeting
shows as cancelled with its reason and links to the next one."""
from __future__ import annotations

from sqlalchemy import select

from otp.meetings.models import Meeting
from tests.web.kit import web


def _scheduled(kit) -> str:
    with kit.db.read() as s:
        return s.execute(select(Meeting.id).where(Meeting.org_id == kit.org_id, Meeting.state == "scheduled")
                         ).scalar_one()


def test_a_scheduled_meeting_is_cancelled_from_its_page_and_links_to_the_next(isolated_db):
    with web(isolated_db) as kit:
        mid = _scheduled(kit)
        page = kit.get(f"/meetings/{mid}").text
        assert f'action="/meetings/{mid}/cancel"' in page and "Cancel this meeting" in page
        assert kit.post(f"/meetings/{mid}/cancel", {"reason": "Team <offsite>"}).status_code == 303
        following = _scheduled(kit)
        page = kit.get(f"/meetings/{mid}").text
        assert "Cancelled" in page and "Reason: Team &lt;offsite&gt;" in page
        assert f'href="/meetings/{following}"' in page and "Cancel this meeting" not in page
        assert kit.events("meeting.cancelled") == 1


def test_cancelling_without_a_reason_shows_the_error_and_changes_nothing(isolated_db):
    with web(isolated_db) as kit:
        mid = _scheduled(kit)
        response = kit.post(f"/meetings/{mid}/cancel", {"reason": ""})
        assert response.status_code == 422 and "reason must not be empty" in response.text
        assert _scheduled(kit) == mid and kit.events("meeting.cancelled") == 0


def test_a_cancel_without_the_csrf_token_is_refused(isolated_db):
    with web(isolated_db) as kit:
        mid = _scheduled(kit)
        response = kit.client.post(f"/meetings/{mid}/cancel", data={"reason": "x"}, follow_redirects=False)
        assert response.status_code == 403
        assert _scheduled(kit) == mid
