from tests.governance_runtime.kit import agent_row, chart, declare, escalations, give_open_work, incidents


def beat(org, token):
    return org.ok("POST", "/api/v1/me/heartbeat", {"note": "working"}, token=token)


def test_heartbeats_without_progress_while_work_is_open_pause_and_escalate(org, db):
    c = chart(org, level=6)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"loop_guard_heartbeats": 3}})
    token = c.agent_token
    give_open_work(db, org, c.worker["id"])
    done = org.ok("POST", "/api/v1/todos", {"title": "Send the invoice", "owner_seat_id": c.worker["id"]}, status=201)
    org.ok("PATCH", "/api/v1/governance/policy", {"channel_allowlist": ["slack:#ops"]})
    assert beat(org, token)["idle_heartbeats"] == 0  # the first one sets the baseline
    assert beat(org, token)["idle_heartbeats"] == 1
    declare(org, token, "external.communicate", channel="slack:#ops")  # activity, not progress (issue 18)
    assert beat(org, token)["idle_heartbeats"] == 2
    org.ok("POST", f"/api/v1/todos/{done['id']}/complete", {}, token=token)  # progress
    assert beat(org, token)["idle_heartbeats"] == 0
    beat(org, token), beat(org, token)
    out = beat(org, token)
    assert out["tripped"] is True and out["status"] == "paused"
    agent = agent_row(db, c.agent["id"])
    assert agent.status == "paused" and agent.level == 5
    assert [i.kind for i in incidents(db, c.agent["id"])] == ["loop_guard"]
    assert escalations(db, org.org_id)[0].holder_person_id == c.member["id"]


def test_an_agent_without_open_work_may_idle(org, db):
    org.root()
    agent = org.agent("Idle", level=3)  # holds no seat: no work at all
    token = org.token_for(agent=agent)
    for _ in range(12):
        out = beat(org, token)
    assert out["idle_heartbeats"] == 0 and agent_row(db, agent["id"]).status == "active"


def test_people_do_not_send_heartbeats(org):
    response = org.post("/api/v1/me/heartbeat", {})
    assert response.status_code == 403 and response.json()["error"]["field"] == "actor"
