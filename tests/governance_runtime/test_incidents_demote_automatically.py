from tests.governance_runtime.kit import agent_row, chart, declare, incidents, ledger


def test_an_attempted_hard_denied_action_drops_the_agent_to_level_1(org, db):
    c = chart(org, level=6)
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-delete", "actions": ["data.delete"]}]})
    response = declare(org, c.agent_token, "data.delete")
    assert response.status_code == 403
    assert agent_row(db, c.agent["id"]).level == 1
    [incident] = incidents(db, c.agent["id"])
    assert incident.kind == "hard_deny" and incident.detail["rule"] == "hard_deny:no-delete"
    [entry] = ledger(db, c.agent["id"])
    assert (entry.from_level, entry.to_level, entry.signed_by_kind) == (6, 1, "system")
    assert entry.incident_id == incident.id
    assert {"governance.denied", "agent.incident", "agent.level_changed"} <= {e.action for e in org.events()}


def test_a_plain_deny_is_recorded_but_is_not_an_incident(org, db):
    c = chart(org, level=3)
    response = org.call("PATCH", "/api/v1/governance/policy", {"channel_allowlist": ["x"]},
                        token=org.token_for(person=c.member, scopes=["read", "write", "admin"]))
    assert response.status_code == 403
    [denied] = org.events("governance.denied")
    assert denied.payload["action"] == "policy.change" and denied.actor_id == c.member["id"]
    assert incidents(db, c.agent["id"]) == []
