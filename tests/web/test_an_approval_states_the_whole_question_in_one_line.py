"""Every approval says in one line who asks, what action (in words), on what, how much, why,
what a yes allows and for how long, and whether it can be undone — the same line on the page,
in REST's JSON and in the agent's briefing."""
from __future__ import annotations

from html import escape

from otp.agentface.briefing import briefing
from otp.auth.tokens import agent_actor
from otp.governance.models import ApprovalRequest
from otp.governance.schemas import ApprovalOut
from tests.web.decisions_kit import agent_id, asked_grant, demo_spend, line_of
from tests.web.kit import web


def test_an_external_spend_says_who_what_how_much_why_what_a_yes_allows_and_that_it_cannot_be_undone(demo_db):
    with web(demo_db) as k:
        text = line_of(k, demo_spend(k))
        assert text.startswith("Bidwell (agent), ")  # who, then the seat
        for part in ("asks to spend money outside OTP", "$1,200.00", "via linkedin:brightline",
                     "LinkedIn lead-gen campaign for Northwind's Q3 launch",
                     "If approved, it runs once, right away, as Bidwell.", "Not reversible."):
            assert part in text, part
        assert "\n" not in text


def test_an_in_otp_action_names_the_seat_by_title_and_how_many_hours_a_yes_holds(demo_db):
    with web(demo_db) as k:
        text = line_of(k, asked_grant(k, seat="Head of Delivery"))
        for part in ("Sentry (agent), Quality Reviewer,", "asks to create a to-do for the seat Head of Delivery",
                     "“May I add a follow-up to re-check the brand guide?”",
                     "If approved, Sentry may do it once, for the seat Head of Delivery, within 72 hours.",
                     "Reversible."):
            assert part in text, part
        assert k.seat("Head of Delivery") not in text  # names, not ids
        own = line_of(k, asked_grant(k, asked="Another follow-up?"))
        assert "asks to create a to-do for its own seat" in own and "once, for its own seat, within 72 hours" in own


def test_the_page_rest_and_the_briefing_show_the_same_line(demo_db):
    with web(demo_db) as k:
        approval = asked_grant(k)
        text = line_of(k, approval)
        k.login("owner@example.com")
        assert escape(text, quote=False) in k.get("/approvals?view=org").text.replace("&#39;", "'")
        with k.db.read() as s:
            assert ApprovalOut.of(s.get(ApprovalRequest, approval), s).question == text
        k.post(f"/approvals/{approval}", {"decision": "approve", "note": "Fine, once."})
        with k.db.read() as s:
            decided = briefing(s, agent_actor(s, agent_id(k, "Sentry")))["approval_decisions"]
        assert [(d["approval_id"], d["question"], d["note"]) for d in decided] == [(approval, text, "Fine, once.")]
