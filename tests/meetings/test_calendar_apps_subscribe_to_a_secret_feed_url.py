"""Calendar apps cannot sign in: each series has a secret feed URL that serves the .ics without a
token or session. Members see it on the meetings page; rotating it (governed, one event) makes
the old URL stop working. The signed-in feed stays."""
from __future__ import annotations

from tests.meetings.kit import refused, room
from tests.web.kit import web


def _anonymous(r, path: str):
    return r.org.client.get(path)  # no Authorization header, no cookie


def test_the_secret_feed_url_serves_the_calendar_without_signing_in(org):
    r = room(org)
    feed = r.series["calendar_feed"]
    assert feed.startswith(f"/meetings/series/{r.series['id']}/calendar/") and feed.endswith(".ics")
    response = _anonymous(r, feed)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.text == r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics").text
    assert _anonymous(r, f"/api/v1/meetings/series/{r.series['id']}/calendar.ics").status_code == 401


def test_a_wrong_token_or_another_series_token_is_not_found(org):
    r = room(org)
    other = r.org.ok("POST", "/api/v1/meetings/series", {"team": "Sales", "weekday": 2, "time_of_day": "10:00",
                                                          "attendee_seat_ids": [r.lead["id"]]}, status=201)
    token = r.series["calendar_feed"].rsplit("/", 1)[1]
    for path in (r.series["calendar_feed"][:-6] + "x.ics",
                 f"/meetings/series/{other['id']}/calendar/{token}",
                 f"/meetings/series/mser_nope/calendar/{token}"):
        response = _anonymous(r, path)
        assert response.status_code == 404 and "BEGIN:VCALENDAR" not in response.text, path


def test_rotating_the_feed_stops_the_old_url_and_records_one_event(org):
    r = room(org)
    old = r.series["calendar_feed"]
    series = r.org.ok("POST", f"/api/v1/meetings/series/{r.series['id']}/feed/rotate")
    assert series["calendar_feed"] != old
    assert _anonymous(r, old).status_code == 404
    assert _anonymous(r, series["calendar_feed"]).status_code == 200
    [event] = r.org.events("meeting_series.feed_rotated")
    assert event.entity_id == r.series["id"] and series["calendar_feed"].rsplit("/", 1)[1][:-4] not in str(
        event.payload)


def test_a_level_3_agent_asking_to_rotate_is_held_and_the_url_keeps_working(org):
    r = room(org)
    helper = r.org.agent("Helper", level=3)
    r.org.seat("Helper seat", parent=r.lead["id"], holder=helper)
    response = r.org.post(f"/api/v1/meetings/series/{r.series['id']}/feed/rotate",
                          token=r.org.token_for(agent=helper))
    assert response.status_code == 202, response.text
    assert _anonymous(r, r.series["calendar_feed"]).status_code == 200
    assert r.org.events("meeting_series.feed_rotated") == []


def test_a_deleted_series_feed_stops_and_cannot_be_rotated(org):
    r = room(org)
    r.org.ok("DELETE", f"/api/v1/meetings/series/{r.series['id']}", status=204)
    assert _anonymous(r, r.series["calendar_feed"]).status_code == 404
    before = r.org.event_count()
    refused(r.org, r.org.post(f"/api/v1/meetings/series/{r.series['id']}/feed/rotate"), 422, "series_id", before)


def test_members_see_the_feed_url_on_the_meetings_page_and_can_replace_it(isolated_db):
    with web(isolated_db) as kit:
        page = kit.get("/meetings").text
        start = page.index('/calendar/')
        old = page[page.rindex('"', 0, start) + 1:page.index('"', start)]
        assert old.startswith("http://testserver/meetings/series/") and old.endswith(".ics")
        assert f'href="webcal://{old[7:]}"' in page
        kit.client.cookies.clear()
        assert kit.client.get(old).status_code == 200  # no session needed
        kit.login("owner@example.com")
        series_id = old.split("/series/")[1].split("/")[0]
        assert kit.post(f"/meetings/series/{series_id}/feed/rotate").status_code == 303
        assert kit.client.get(old).status_code == 404
        assert kit.events("meeting_series.feed_rotated") == 1
