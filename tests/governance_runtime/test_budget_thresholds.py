from tests.governance_runtime.kit import agent_row, chart, escalations, inbox, incidents


def cost(org, token, cents):
    return org.ok("POST", "/api/v1/me/costs", {"cents": cents, "tokens": cents * 10, "model": "m"}, token=token,
                  status=201)


def test_eighty_percent_warns_once_and_a_hundred_pauses_escalates_and_demotes(org, db):
    c = chart(org, level=5)
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    token = c.agent_token
    assert cost(org, token, 500)["status"] == "ok"
    assert cost(org, token, 300)["status"] == "warning"
    assert cost(org, token, 50)["status"] == "warning"
    warnings = inbox(db, "person", c.member["id"], "warning")
    assert len(warnings) == 1 and "80%" in warnings[0].title  # once per month, to the accountable human
    assert len(inbox(db, "agent", c.agent["id"], "warning")) == 1
    assert escalations(db, org.org_id) == []
    assert cost(org, token, 150)["status"] == "breached"
    agent = agent_row(db, c.agent["id"])
    assert agent.status == "paused" and agent.level == 4
    [esc] = escalations(db, org.org_id)
    assert esc.from_seat_id == c.worker["id"] and esc.holder_person_id == c.member["id"] and esc.urgency == "high"
    assert [i.kind for i in incidents(db, c.agent["id"])] == ["budget_breach"]
    assert cost(org, token, 10)["status"] == "breached"  # reported while paused; no second breach this month
    assert len(incidents(db, c.agent["id"])) == 1
    spent = org.ok("GET", f"/api/v1/agents/{c.agent['id']}/costs")
    assert spent["spent_cents"] == 1010 and len(spent["items"]) == 5


def test_an_agent_cannot_change_its_own_budget_and_people_cannot_report_costs(org, db):
    c = chart(org, level=8)
    response = org.call("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 10**9},
                        token=c.agent_token)
    assert response.status_code == 403 and agent_row(db, c.agent["id"]).monthly_budget_cents is None
    response = org.post("/api/v1/me/costs", {"cents": 5})
    assert response.status_code == 403 and response.json()["error"]["field"] == "actor"
