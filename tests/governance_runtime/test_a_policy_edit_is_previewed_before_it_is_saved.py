"""POST /api/v1/governance/policy/preview: what a policy edit would change and for whom — cells,
rules, and each agent's gained or lost action classes and spend limits — with nothing saved."""
from __future__ import annotations


def _preview(org, body: dict):
    return org.call("POST", "/api/v1/governance/policy/preview", body)


def test_a_cell_change_names_the_agents_at_that_level_only(org):
    root = org.root()
    three, five = org.agent("Tri", level=3), org.agent("Penta", level=5)
    org.seat("Ops", parent=root["id"], holder=three)
    org.seat("Numbers", parent=root["id"], holder=five)
    before = org.ok("GET", "/api/v1/governance/policy")["version"], org.event_count()
    result = _preview(org, {"matrix": [{"level": 3, "action": "todo.create", "effect": "ask"}]}).json()
    assert result["cells"] == [{"level": 3, "level_name": "Task executor", "action": "todo.create",
                                "old": "allow", "new": "ask"}]
    assert [(p["name"], p["loses"]) for p in result["people"]] == [
        ("Tri", [{"action": "todo.create", "old": "allow", "new": "ask"}])]
    assert (org.ok("GET", "/api/v1/governance/policy")["version"], org.event_count()) == before


def test_an_override_and_a_spend_limit_reach_the_seats_holder(org):
    agent = org.agent("Spender", level=6)
    seat = org.seat("Buyer", parent=org.root()["id"], holder=agent)
    result = _preview(org, {"seat_overrides": [{"seat_id": seat["id"], "action": "issue.raise", "effect": "deny"}],
                            "spend_limits": {"per_level": {"6": 2500}}}).json()
    [who] = result["people"]
    assert who["loses"] == [{"action": "issue.raise", "old": "allow", "new": "deny"}]
    assert who["spend"] == [{"action": "external.spend", "old": 0, "new": 2500}]
    assert {r["kind"] for r in result["rules"]} == {"seat_override", "spend_limit"}


def test_a_bad_edit_is_refused_like_the_save_would_be(org):
    response = _preview(org, {"matrix": [{"level": 3, "action": "policy.change", "effect": "allow"}]})
    assert response.status_code == 409 and response.json()["error"]["field"] == "matrix"
    assert _preview(org, {}).status_code == 422
