"""A meeting rating belongs to the attendee seat's holder: a person rates for the seat they hold,
an agent over REST with its own token; rating for someone else's seat is a 403 naming seat_id,
and nothing changes. The runner shows a rating form only for the viewer's own seats."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.meetings.kit import refused, room
from tests.web.test_login_and_chart import login


def _conclude(r):
    r.do("start")
    for segment in range(6):
        r.do("advance", {"from_segment": segment})


def test_each_holder_rates_their_own_seat_and_the_agent_does_it_over_rest(org):
    r = room(org)
    _conclude(r)
    r.do("rate", {"seat_id": r.ceo["id"], "score": 7})
    r.do("rate", {"seat_id": r.bot["id"], "score": 9}, token=r.robo_token)
    ratings = {a["seat_id"]: a["rating"] for a in r.get()["attendees"]}
    assert ratings == {r.ceo["id"]: 7, r.lead["id"]: None, r.bot["id"]: 9}
    assert [e.actor_id for e in r.org.events("meeting.rated")] == [r.org.owner_id, r.robo["id"]]


def test_rating_for_a_seat_someone_else_holds_is_refused_naming_the_seat(org):
    r = room(org)
    _conclude(r)
    before = r.org.event_count()
    error = refused(r.org, r.org.post(r.path("/rate"), {"seat_id": r.bot["id"], "score": 10}), 403, "seat_id",
                    before)
    assert "holder" in error["message"]
    refused(r.org, r.org.post(r.path("/rate"), {"seat_id": r.ceo["id"], "score": 1}, token=r.robo_token), 403,
            "seat_id", before)
    assert all(a["rating"] is None for a in r.get()["attendees"])


def test_the_runner_shows_a_rating_form_only_for_the_viewers_own_seat(org, app):
    r = room(org)
    _conclude(r)
    r.do("rate", {"seat_id": r.bot["id"], "score": 6}, token=r.robo_token)
    with TestClient(app) as browser:  # Ann, signed in on the page; her seat is Lead
        login(browser, r.ann["email"], "pw-person")
        html = browser.get(f"/meetings/{r.meeting_id}").text
    assert re.findall(r'name="seat_id" value="([^"]+)"', html) == [r.lead["id"]]
    assert 'aria-label="Rate as Lead"' in html
    assert '<span>Robo</span> <span class="muted">rated 6' in html
    assert '<span>Olive Owner</span> <span class="muted">not rated yet' in html
