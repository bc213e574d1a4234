"""Approve or reject with a note: the note is kept on the decision's event, lands in the
requester's inbox and, for an agent, in its next briefing. Too long a note, or a rejection
without one, is refused next to the field and changes nothing."""
from __future__ import annotations

from sqlalchemy import select

from otp.agentface.briefing import briefing
from otp.auth.tokens import agent_actor
from otp.events.models import Event
from tests.web.decisions_kit import agent_id, inbox_of, state
from tests.web.kit import held_request, web


def test_a_note_on_an_approval_reaches_the_agents_inbox_and_its_next_briefing(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k, title="Re-check the brand guide")
        k.login(approver)
        response = k.post(f"/approvals/{approval}", {"decision": "approve", "note": "Yes — and cc Priya on it."})
        assert response.status_code == 303 and state(k, approval) == "approved"
        sentry = agent_id(k, "Sentry")
        told = [i for i in inbox_of(k, "agent", sentry) if i.link_id == approval]
        assert len(told) == 1 and "Yes — and cc Priya on it." in told[0].body and "note from" in told[0].title
        with k.db.read() as s:
            decided = briefing(s, agent_actor(s, sentry))["approval_decisions"]
            event = s.execute(select(Event).where(Event.action == "approval.approved",
                                                  Event.entity_id == approval)).scalar_one()
        assert decided[0]["note"] == "Yes — and cc Priya on it." and event.payload["note"] == decided[0]["note"]


def test_a_note_longer_than_two_thousand_characters_is_refused_naming_note(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        response = k.post(f"/approvals/{approval}", {"decision": "approve", "note": "x" * 2001})
        assert response.status_code == 422 and f'id="err-note-{approval}"' in response.text
        assert state(k, approval) == "pending"


def test_rejecting_without_a_note_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        response = k.post(f"/approvals/{approval}", {"decision": "reject", "note": " "})
        assert response.status_code == 422 and f'id="err-note-{approval}"' in response.text
        assert state(k, approval) == "pending"


def test_a_rejection_with_a_note_tells_the_agent_why(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        k.post(f"/approvals/{approval}", {"decision": "reject", "note": "Not this week"})
        assert state(k, approval) == "rejected"
        assert any("Not this week" in i.body for i in inbox_of(k, "agent", agent_id(k, "Sentry")))
