"""GET /api/v1/me/briefing (and the briefing tool): what needs this actor now."""
from datetime import timedelta

from otp.core import clock
from tests.agentface.kit import call, world
from tests.sops.kit import edit, sop


def brief(org, token):
    return org.ok("GET", "/api/v1/me/briefing", token=token)


def test_a_measurable_without_a_value_this_period_is_listed_until_reported(org):
    w = world(org, level=2)
    m = w.measurable("calls")
    assert [x["id"] for x in brief(org, w.token)["measurables_to_report"]] == [m["id"]]
    call(org, w.token, "report_measurable", measurable="calls", value=11)
    assert brief(org, w.token)["measurables_to_report"] == []


def test_due_todos_and_outcomes_without_a_recent_status_are_listed(org):
    w = world(org, level=5)
    soon = org.ok("POST", "/api/v1/todos", {"title": "Today", "owner_seat_id": w.seat["id"],
                                            "due_at": (clock.now() + timedelta(hours=3)).isoformat()}, status=201)
    org.ok("POST", "/api/v1/todos", {"title": "Next week", "owner_seat_id": w.seat["id"]}, status=201)
    outcome = w.outcome()
    out = brief(org, w.token)
    assert [t["id"] for t in out["due_todos"]] == [soon["id"]] and out["outcomes_needing_status"] == []
    clock.advance(timedelta(days=8))
    assert [o["id"] for o in brief(org, w.token)["outcomes_needing_status"]] == [outcome["id"]]
    call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="on_track")
    assert brief(org, w.token)["outcomes_needing_status"] == []


def test_approval_decisions_come_back_once_and_the_inbox_counts_them(org):
    w = world(org, level=3)
    outcome = w.outcome()
    approval_id = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="on_track")["approval"][
        "approval_id"]
    call(org, w.token, "heartbeat")
    org.ok("POST", f"/api/v1/approvals/{approval_id}/approve", {}, token=org.token_for(person=w.human))
    out = brief(org, w.token)
    assert [(d["approval_id"], d["state"]) for d in out["approval_decisions"]] == [(approval_id, "approved")]
    assert out["inbox"]["unread"] == 1 and out["inbox"]["items"][0]["link"]["id"] == approval_id
    call(org, w.token, "heartbeat")
    assert brief(org, w.token)["approval_decisions"] == []


def test_a_person_sees_the_escalations_waiting_for_them(org):
    w = world(org, level=3)
    esc = call(org, w.token, "escalate", reason="Need a decision", needed="Yes or no")["result"]
    hana = brief(org, org.token_for(person=w.human))
    assert [e["escalation_id"] for e in hana["escalations_waiting"]] == [esc["escalation_id"]]
    assert hana["actor"]["kind"] == "person" and hana["inbox"]["unread"] >= 1


def test_sop_versions_changed_since_the_last_heartbeat_are_listed(org):
    w = world(org, level=3)
    handover = sop(org, w.lead, "handover", "Hand over")
    call(org, w.token, "heartbeat")
    assert brief(org, w.token)["sop_changes"] == []
    edit(org, handover["id"], steps=["New first step"])
    changes = brief(org, w.token)["sop_changes"]
    assert [(c["key"], c["change"], c["version"], c["source_seat_title"]) for c in changes] == [
        ("handover", "edited", 2, "Ops lead")]


def test_the_briefing_tool_answers_the_same_as_rest(org):
    w = world(org, level=2)
    w.measurable("calls")
    tool = call(org, w.token, "briefing")["result"]
    rest = brief(org, w.token)
    assert {k: v for k, v in tool.items() if k not in ("now", "since")} == {
        k: v for k, v in rest.items() if k not in ("now", "since")}
    assert tool["meeting_prep"] == []  # no meeting scheduled: the section stays empty
