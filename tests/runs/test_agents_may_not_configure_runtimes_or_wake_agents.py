"""Governance: configuring what OTP runs is an administrator's; waking an agent is a person's."""
from tests.runs.kit import QUICK, PY, crew


def test_an_agent_configuring_a_runtime_is_refused(org):
    c = crew(org, level=8)
    token = org.token_for(agent=c.agent)
    answer = org.call("PUT", f"/api/v1/agents/{c.agent_id}/runtime", json={"adapter": "command", "command": [PY]},
                     token=token)
    assert answer.status_code == 403 and c.runtime() is None


def test_a_member_configuring_a_runtime_is_refused(org):
    c = crew(org)
    member = org.person("Mo Member", role="member")
    token = org.token_for(person=member, scopes=["read", "write"])
    answer = org.call("PUT", f"/api/v1/agents/{c.agent_id}/runtime", json={"adapter": "command", "command": [PY]},
                     token=token)
    assert answer.status_code == 403 and c.runtime() is None


def test_an_agent_waking_another_agent_is_denied_by_governance(org):
    c = crew(org)
    c.script(QUICK)
    lead = org.agent(level=8)
    answer = org.post(f"/api/v1/agents/{c.agent_id}/wake", token=org.token_for(agent=lead))
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "governance_denied")
    assert "agent_never:agent.wake" in answer.json()["error"]["message"] and c.runs() == []
    assert org.events("governance.denied")[-1].payload["action"] == "agent.wake"


def test_a_member_may_wake_an_agent_and_cancel_its_run(org):
    c = crew(org)
    c.script(QUICK)
    member = org.person("Mo Member", role="member")
    token = org.token_for(person=member, scopes=["read", "write"])
    run = org.ok("POST", f"/api/v1/agents/{c.agent_id}/wake", token=token, status=202)["run"]
    cancelled = org.ok("POST", f"/api/v1/runs/{run['id']}/cancel", token=token)
    assert cancelled["state"] == "cancelled" and c.step() == 0
