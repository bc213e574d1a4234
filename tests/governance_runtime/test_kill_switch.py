from tests.governance_runtime.kit import agent_row, chart, declare


def test_a_paused_agent_reads_but_every_write_is_denied_until_a_person_resumes_it(org, db):
    c = chart(org, level=8)
    token = c.agent_token
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/pause", {"reason": "Investigating"})
    assert agent_row(db, c.agent["id"]).status == "paused"
    assert org.get("/api/v1/chart", token=token).status_code == 200  # the token still says 'active'
    for action in ("external.communicate", "deploy"):
        response = declare(org, token, action)
        assert response.status_code == 403 and "agent_paused" in response.json()["error"]["message"]
    assert org.post("/api/v1/escalations", {"reason": "help"}, token=token).status_code == 403
    assert org.post(f"/api/v1/agents/{c.agent['id']}/resume", token=token).status_code == 403
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume")
    assert declare(org, token, "deploy").status_code == 202
    assert [e.action for e in org.events() if e.action.startswith("agent.")][-2:] == ["agent.paused", "agent.resumed"]
