from tests.governance_runtime.kit import chart


def test_check_reports_effect_rule_reason_and_approver_and_changes_nothing(org):
    c = chart(org, level=2)
    before = org.event_count()
    out = org.ok("POST", "/api/v1/governance/check", {"action": "todo.create", "owner_seat_id": c.worker["id"]},
                 token=c.agent_token)
    assert out["effect"] == "ask" and out["rule"] == "matrix:L2:todo.create"
    assert out["approver"]["person_id"] == c.member["id"]
    out = org.ok("POST", "/api/v1/governance/check", {"action": "measurable.report", "agent_id": c.agent["id"],
                                                             "owner_seat_id": c.worker["id"]})  # scoped (issue 18)
    assert out == {"effect": "allow", "rule": "matrix:L2:measurable.report", "reason": out["reason"], "approver": None}
    assert org.event_count() == before


def test_an_unknown_action_is_a_404_naming_it(org):
    response = org.post("/api/v1/governance/check", {"action": "todo.explode"})
    assert response.status_code == 404 and response.json()["error"]["field"] == "action"
