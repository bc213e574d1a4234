"""Every step of an outcome's life leaves exactly one event."""
from __future__ import annotations

from tests.work.kit import evidence, outcome, status, team


def test_each_step_records_one_event(org):
    t = team(org)
    start = org.event_count()
    rock = outcome(org, t.lead["id"], reviewer_seat_id=t.ceo["id"])
    org.call("PATCH", f"/api/v1/outcomes/{rock['id']}", {"title": "Win Acme and Beta"})
    org.ok("POST", f"/api/v1/outcomes/{rock['id']}/milestones", {"title": "Proposal sent"}, status=201)
    status(org, rock["id"], "on_track", "kicked off")
    evidence(org, rock["id"])
    org.ok("POST", f"/api/v1/outcomes/{rock['id']}/complete", {})
    org.ok("POST", f"/api/v1/outcomes/{rock['id']}/review", {"accept": True})
    actions = [e.action for e in org.events()][start:]
    assert actions == ["outcome.created", "outcome.updated", "outcome.milestone_added", "outcome.status_changed",
                       "outcome.evidence_submitted", "outcome.completion_requested", "outcome.completed"]
    history = org.ok("GET", f"/api/v1/outcomes/{rock['id']}/history")
    assert [h["to_status"] for h in history] == ["on_track", "done_pending_review", "done"]


def test_a_no_op_records_nothing(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    status(org, rock["id"], "on_track")
    before = org.event_count()
    status(org, rock["id"], "on_track")
    org.call("PATCH", f"/api/v1/outcomes/{rock['id']}", {"title": "Win Acme"})
    assert org.event_count() == before
