"""Prep: the agenda shows who has prepared; an agent is asked (prep_requests) until it has."""
from __future__ import annotations

from datetime import timedelta

from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.meetings.prep import prep_requests
from tests.meetings.kit import room


def _asked(r) -> list[dict]:
    with r.org.db.read() as s:
        return prep_requests(s, agent_actor(s, r.robo["id"]))


def test_the_agenda_shows_who_has_prepared_and_who_has_not(org):
    r = room(org)
    r.org.ok("POST", r.path("/prep"), {"headlines": [{"kind": "employee", "text": "New hire starts"}]},
             token=r.robo_token)
    attendees = {a["seat_id"]: a["prepared"] for a in r.get()["attendees"]}
    assert attendees == {r.ceo["id"]: False, r.lead["id"]: False, r.bot["id"]: True}
    assert r.get()["prepared"] == 1


def test_an_agent_is_asked_within_48_hours_and_not_after_it_prepared(org):
    r = room(org)
    assert _asked(r) == []  # a week ahead: not yet
    clock.advance(timedelta(days=6))
    [request] = _asked(r)
    assert request["meeting_id"] == r.meeting_id and request["seat_ids"] == [r.bot["id"]]
    body = r.org.ok("POST", r.path("/prep"), {"rocks": [{"outcome_id": r.rock["id"], "status": "off_track",
                                                         "reason": "Waiting on the printer"}]}, token=r.robo_token)
    assert body["rocks"][0]["result"] == "done"
    assert _asked(r) == []


def test_items_governance_holds_are_reported_and_the_rest_is_kept(org):
    r = room(org)
    low = r.org.agent("Newbie", level=2)
    seat = r.org.seat("Intern", parent=r.lead["id"], holder=low)
    r.org.ok("PATCH", f"/api/v1/meetings/series/{r.series['id']}",
             {"attendee_seat_ids": [r.ceo["id"], r.lead["id"], r.bot["id"], seat["id"]]})
    body = r.org.ok("POST", r.path("/prep"), {"headlines": [{"kind": "other", "text": "Learned the CRM"}],
                                              "issues": [{"title": "No CRM login"}]}, token=r.org.token_for(agent=low))
    assert body["headlines"][0]["result"] == "done"
    assert body["issues"][0]["result"] == "held" and body["issues"][0]["approval_id"]
    assert {a["seat_id"]: a["prepared"] for a in r.get()["attendees"]}[seat["id"]] is True


def test_the_briefing_hook_gives_plain_json_naming_the_tool(org):
    from otp.meetings.briefing import prep_requested
    r = room(org)
    clock.advance(timedelta(days=6))
    with r.org.db.read() as s:
        [item] = prep_requested(s, agent_actor(s, r.robo["id"]), [r.bot["id"]])
    assert item["starts_at"] == "2026-03-09T13:00:00.000000Z" and item["tool"] == "submit_meeting_prep"
    assert item["endpoint"] == f"/api/v1/meetings/{r.meeting_id}/prep"
