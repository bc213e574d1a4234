"""The reviewer seat's occupant accepts or rejects; the owner's occupant never reviews their own."""
from __future__ import annotations

from tests.work.kit import evidence, outcome, refused, team


def pending(org, t, **fields):
    rock = outcome(org, t.lead["id"], **fields)
    evidence(org, rock["id"])
    org.ok("POST", f"/api/v1/outcomes/{rock['id']}/complete", {})
    return rock


def test_the_owners_own_occupant_cannot_accept(org):
    t = team(org)
    rock = pending(org, t, reviewer_seat_id=t.ceo["id"])
    before = org.event_count()
    response = org.post(f"/api/v1/outcomes/{rock['id']}/review", {"accept": True}, token=t.ann_token)
    error = refused(org, response, 403, "reviewer_seat_id", before)
    assert "own outcome" in error["message"]
    assert org.ok("GET", f"/api/v1/outcomes/{rock['id']}")["status"] == "done_pending_review"


def test_someone_who_is_not_the_reviewer_cannot_accept(org):
    t = team(org)
    rock = pending(org, t, reviewer_seat_id=t.ceo["id"])
    other_token = org.token_for(person=org.person("Olly Other"))
    before = org.event_count()
    response = org.post(f"/api/v1/outcomes/{rock['id']}/review", {"accept": True}, token=other_token)
    refused(org, response, 403, "reviewer_seat_id", before)


def test_the_reviewers_acceptance_makes_it_done(org):
    t = team(org)
    rock = pending(org, t, reviewer_seat_id=t.ceo["id"])
    body = org.ok("POST", f"/api/v1/outcomes/{rock['id']}/review", {"accept": True})
    assert body["status"] == "done" and body["done_at"]
    [event] = org.events("outcome.completed")
    assert event.payload["accepted_by"]["id"] == org.owner_id


def test_without_a_named_reviewer_the_seat_above_reviews(org):
    t = team(org)
    rock = pending(org, t)
    assert org.ok("POST", f"/api/v1/outcomes/{rock['id']}/review", {"accept": True})["status"] == "done"


def test_rejecting_needs_a_reason_and_returns_it_to_on_track(org):
    t = team(org)
    rock = pending(org, t, reviewer_seat_id=t.ceo["id"])
    before = org.event_count()
    refused(org, org.post(f"/api/v1/outcomes/{rock['id']}/review", {"accept": False}), 422, "reason", before)
    body = org.ok("POST", f"/api/v1/outcomes/{rock['id']}/review", {"accept": False, "reason": "Not signed yet"})
    assert body["status"] == "on_track" and all(e["rejected"] for e in body["evidence"])
    assert org.events("outcome.evidence_rejected")[0].payload["reason"] == "Not signed yet"
    # The rejected evidence is spent: completing again needs fresh proof.
    refused(org, org.post(f"/api/v1/outcomes/{rock['id']}/complete", {}), 409, "evidence", org.event_count())


def test_the_reviewer_seat_must_differ_from_the_owner_seat_and_its_occupant(org):
    t = team(org)
    before = org.event_count()
    response = org.post("/api/v1/outcomes", {"title": "X", "definition_of_done": "Y", "owner_seat_id": t.lead["id"],
                                             "reviewer_seat_id": t.lead["id"]})
    refused(org, response, 409, "reviewer_seat_id", before)
    twin = org.seat("Ann's other hat", parent=t.ceo["id"], holder=t.ann)
    before = org.event_count()
    response = org.post("/api/v1/outcomes", {"title": "X", "definition_of_done": "Y", "owner_seat_id": t.lead["id"],
                                             "reviewer_seat_id": twin["id"]})
    refused(org, response, 409, "reviewer_seat_id", before)
