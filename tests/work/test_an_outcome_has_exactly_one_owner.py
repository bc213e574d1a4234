"""Exactly one owner seat per outcome; changing it is an explicit, recorded change."""
from __future__ import annotations

from tests.helpers import OrgKit
from tests.work.kit import DOD, outcome, refused, team


def test_an_outcome_without_an_owner_is_refused(org):
    team(org)
    before = org.event_count()
    response = org.post("/api/v1/outcomes", {"title": "Win Acme", "definition_of_done": DOD})
    refused(org, response, 422, "owner_seat_id", before)


def test_two_owners_cannot_be_given(org):
    t = team(org)
    before = org.event_count()
    response = org.post("/api/v1/outcomes", {"title": "Win Acme", "definition_of_done": DOD,
                                             "owner_seat_id": [t.lead["id"], t.bot["id"]]})
    refused(org, response, 422, "owner_seat_id", before)


def test_another_organizations_seat_cannot_own_an_outcome(org, db, client):
    team(org)
    foreign = OrgKit.create(db, client).root()
    before = org.event_count()
    response = org.post("/api/v1/outcomes", {"title": "X", "definition_of_done": DOD, "owner_seat_id": foreign["id"]})
    refused(org, response, 404, "owner_seat_id", before)


def test_the_owner_is_not_edited_in_passing(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    before = org.event_count()
    response = org.call("PATCH", f"/api/v1/outcomes/{rock['id']}", {"owner_seat_id": t.bot["id"]})
    refused(org, response, 422, "owner_seat_id", before)


def test_changing_the_owner_is_an_explicit_recorded_change(org):
    t = team(org)
    rock = outcome(org, t.lead["id"], reviewer_seat_id=t.ceo["id"])
    moved = org.ok("POST", f"/api/v1/outcomes/{rock['id']}/owner", {"owner_seat_id": t.bot["id"], "reason": "delegated"})
    assert moved["owner_seat_id"] == t.bot["id"]
    [event] = org.events("outcome.owner_changed")
    assert event.payload == {"from_seat_id": t.lead["id"], "to_seat_id": t.bot["id"], "reason": "delegated"}


def test_the_reviewer_seat_cannot_become_the_owner(org):
    t = team(org)
    rock = outcome(org, t.lead["id"], reviewer_seat_id=t.ceo["id"])
    before = org.event_count()
    response = org.post(f"/api/v1/outcomes/{rock['id']}/owner", {"owner_seat_id": t.ceo["id"]})
    refused(org, response, 409, "owner_seat_id", before)
