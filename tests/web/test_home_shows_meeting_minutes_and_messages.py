"""After a meeting, the home page's inbox links each item to the meeting page and shows its body:
the cascading message's text (escaped) and the minutes behind a disclosure."""
from __future__ import annotations

from sqlalchemy import select

from otp.meetings import actions, ending, runner
from otp.meetings.models import Meeting
from tests.web.kit import web


def test_minutes_and_a_cascading_message_link_to_the_meeting_and_show_their_text(isolated_db):
    with web(isolated_db) as kit:
        with kit.db.read() as s:
            mid = s.execute(select(Meeting.id).where(Meeting.org_id == kit.org_id, Meeting.state == "scheduled")
                            ).scalar_one()
        kit.do(lambda s, a: runner.start_meeting(s, a, meeting_id=mid), email="daniel@example.com")
        kit.do(lambda s, a: actions.post_message(s, a, meeting_id=mid, text="Prices <b>rise</b> on the 1st"),
               email="daniel@example.com")
        kit.do(lambda s, a: ending.end_meeting(s, a, meeting_id=mid), email="daniel@example.com")
        kit.login("daniel@example.com")
        page = kit.get("/").text
        assert page.count(f'href="/meetings/{mid}"') == 2  # the minutes and the message
        assert "Prices &lt;b&gt;rise&lt;/b&gt; on the 1st" in page and "<b>rise</b>" not in page
        assert "Read the minutes" in page and "## Attendance" in page
