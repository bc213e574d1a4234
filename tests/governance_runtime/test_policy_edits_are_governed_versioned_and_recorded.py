from sqlalchemy import update

from otp.governance import store
from otp.governance.models import Policy
from tests.governance_runtime.kit import chart, declare


def test_an_owner_edits_the_policy_and_the_version_moves(org):
    before = org.ok("GET", "/api/v1/governance/policy")["version"]
    out = org.ok("PATCH", "/api/v1/governance/policy",
                 {"hard_deny": [{"id": "no-prod", "actions": ["deploy"], "reason": "Humans deploy"}],
                  "channel_allowlist": ["slack:#ops"]})
    assert out["version"] == before + 1 and out["hard_deny"][0]["id"] == "no-prod"
    [event] = org.events("policy.changed")
    assert event.payload["version"] == out["version"]


def test_a_hard_deny_rule_takes_effect_at_once(org):
    c = chart(org, level=8)
    assert declare(org, c.agent_token, "deploy").status_code == 202
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-prod", "actions": ["deploy"]}]})
    response = declare(org, c.agent_token, "deploy")
    assert response.status_code == 403 and "hard_deny:no-prod" in response.json()["error"]["message"]


def test_agents_and_members_cannot_change_policy(org):
    c = chart(org, level=8)
    for token in (c.agent_token, org.token_for(person=c.member, scopes=["read", "write", "admin"])):
        response = org.call("PATCH", "/api/v1/governance/policy", {"channel_allowlist": ["x"]}, token=token)
        assert response.status_code == 403
    assert org.ok("GET", "/api/v1/governance/policy")["channel_allowlist"] == []


def test_an_invalid_edit_names_the_section_and_changes_nothing(org):
    before = org.event_count()
    response = org.call("PATCH", "/api/v1/governance/policy",
                        {"matrix": [{"level": 3, "action": "policy.change", "effect": "allow"}]})
    assert response.status_code == 409 and response.json()["error"]["field"] == "matrix"  # a locked class
    response = org.call("PATCH", "/api/v1/governance/policy",
                        {"hard_deny": [{"id": "x", "actions": ["nonsense.action"]}]})
    assert response.status_code == 404 and response.json()["error"]["field"] == "hard_deny"  # no such class
    response = org.call("PATCH", "/api/v1/governance/policy", {"classes": [{"name": "crm.update", "writes": 0}]})
    assert response.status_code == 422 and response.json()["error"]["field"] == "classes.0.writes"
    response = org.call("PATCH", "/api/v1/governance/policy",
                        {"seat_overrides": [{"seat_id": "seat_nope", "action": "deploy", "effect": "allow"}]})
    assert response.status_code == 404 and response.json()["error"]["field"] == "seat_overrides"
    assert org.event_count() == before


def test_one_matrix_cell_changes_the_decision_for_that_level(org):
    c = chart(org, level=3)
    check = {"action": "issue.solve", "owner_seat_id": c.worker["id"]}  # scoped to its reach (issue 18)
    assert org.ok("POST", "/api/v1/governance/check", check, token=c.agent_token)["effect"] == "ask"
    org.ok("POST", "/api/v1/governance/matrix", {"level": 3, "action": "issue.solve", "effect": "allow"})
    assert org.ok("POST", "/api/v1/governance/check", check, token=c.agent_token)["effect"] == "allow"
    table = org.ok("GET", "/api/v1/governance/matrix")["actions"]["issue.solve"]
    assert table["3"] == "allow" and table["2"] == "ask"


def test_the_compiled_policy_follows_the_version_stored_in_the_database(org, db):
    with db.read() as s:
        first = store.policy_for(s, org.org_id)
        assert store.policy_for(s, org.org_id) is first  # cached
    org.ok("PATCH", "/api/v1/governance/policy", {"channel_allowlist": ["a"]})
    with db.write() as s:  # another instance's edit: only the row changed
        s.execute(update(Policy).where(Policy.org_id == org.org_id).values(channel_allowlist=["b"],
                                                                           version=Policy.version + 1))
    with db.read() as s:
        assert store.policy_for(s, org.org_id).channel_allowlist == frozenset({"b"})
