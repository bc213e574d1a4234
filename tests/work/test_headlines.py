"""Headlines: customer/employee/other news, by any actor, optionally for a meeting."""
from __future__ import annotations

from tests.work.kit import refused, team


def test_people_and_agents_post_headlines_listed_newest_first(org):
    t = team(org)
    meeting_id = weekly_meeting(org, t)
    bot_token = org.token_for(agent=org.agent("Herald", level=2))
    org.ok("POST", "/api/v1/headlines", {"kind": "customer", "text": "Acme renewed for 2 years"}, status=201)
    posted = org.ok("POST", "/api/v1/headlines", {"kind": "employee", "text": "Ann ran her first L10",
                                                  "meeting_id": meeting_id}, token=bot_token, status=201)
    assert posted["author"]["kind"] == "agent" and posted["meeting_id"] == meeting_id
    listed = org.ok("GET", "/api/v1/headlines")["items"]
    assert [h["kind"] for h in listed] == ["employee", "customer"]
    assert [h["text"] for h in org.ok("GET", "/api/v1/headlines", params={"meeting_id": meeting_id})["items"]] == [
        "Ann ran her first L10"]
    assert len(org.events("headline.posted")) == 2 and t


def weekly_meeting(org, t) -> str:
    body = {"team": "Leadership", "weekday": 0, "time_of_day": "09:00", "timezone": "UTC",
            "attendee_seat_ids": [t.ceo["id"], t.lead["id"]]}
    return org.ok("POST", "/api/v1/meetings/series", body, status=201)["next_meeting_id"]


def test_a_headline_for_a_meeting_not_in_the_organization_is_refused_and_changes_nothing(org, db, client):
    from tests.helpers import OrgKit
    other = OrgKit.create(db, client)
    theirs = weekly_meeting(other, team(other))
    for meeting_id in ("mtg_nope", theirs):
        before = org.event_count()
        error = refused(org, org.post("/api/v1/headlines", {"kind": "other", "text": "x", "meeting_id": meeting_id}),
                        404, "meeting_id", before)
        assert meeting_id in error["message"]
    assert not org.ok("GET", "/api/v1/headlines")["items"]


def test_an_unknown_kind_is_refused(org):
    before = org.event_count()
    refused(org, org.post("/api/v1/headlines", {"kind": "gossip", "text": "x"}), 422, "kind", before)
