"""A meeting is searchable by its minutes once they are written (at its end), titled by its team
and date; renaming the team renames the results."""
from otp.meetings.models import Meeting, MeetingSeries
from tests.search.kit import find


def _meeting(org) -> str:
    root = org.root()
    body = {"team": "Leadership", "weekday": 0, "time_of_day": "09:00", "timezone": "UTC",
            "attendee_seat_ids": [root["id"]]}
    return org.ok("POST", "/api/v1/meetings/series", body, status=201)["next_meeting_id"]


def test_minutes_make_the_meeting_findable_and_a_renamed_team_retitles_it(org):
    meeting_id = _meeting(org)
    assert find(org, "leadership") == {}  # no minutes yet: nothing to find
    with org.db.write() as s:
        meeting = s.get(Meeting, meeting_id)
        meeting.minutes = "# Minutes\nWe agreed to hire a quartermaster."
        day = f"{meeting.scheduled_at:%Y-%m-%d}"
    assert find(org, "quartermaster") == {"meeting": [f"Leadership, {day}"]}
    with org.db.write() as s:
        s.get(MeetingSeries, s.get(Meeting, meeting_id).series_id).team = "Executive team"
    assert find(org, "quartermaster") == {"meeting": [f"Executive team, {day}"]}
