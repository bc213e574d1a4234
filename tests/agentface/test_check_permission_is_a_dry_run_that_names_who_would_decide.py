from tests.agentface.kit import call, world


def test_check_permission_answers_allow_ask_or_deny_and_changes_nothing(org):
    w = world(org, level=3)
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-prod", "actions": ["deploy"]}]})
    before = org.event_count()
    allow = call(org, w.token, "check_permission", action="todo.create", owner_seat_id=w.seat["id"])["result"]
    ask = call(org, w.token, "check_permission", action="outcome.create", owner_seat_id=w.seat["id"])["result"]
    deny = call(org, w.token, "check_permission", action="deploy")["result"]
    assert (allow["effect"], ask["effect"], deny["effect"]) == ("allow", "ask", "deny")
    assert ask["approver"]["name"] == "Hana Human" and allow["approver"] is None
    assert deny["rule"] == "hard_deny:no-prod"
    assert org.event_count() == before


def test_spend_over_the_limit_asks_and_within_it_is_allowed(org):
    w = world(org, level=6)
    org.ok("PATCH", "/api/v1/governance/policy", {"spend_limits": {"per_action": {"external.spend": 5000}}})
    within = call(org, w.token, "check_permission", action="external.spend", amount_cents=5000)["result"]
    over = call(org, w.token, "check_permission", action="external.spend", amount_cents=5001)["result"]
    assert (within["effect"], over["effect"]) == ("allow", "ask")
