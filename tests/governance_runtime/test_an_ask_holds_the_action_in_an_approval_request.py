from tests.governance_runtime.kit import approvals, chart, declare, inbox


def test_an_ask_answers_202_and_holds_the_exact_action_for_the_nearest_human_with_authority(org, db):
    c = chart(org, level=1)
    before = org.event_count()
    response = declare(org, c.agent_token, "external.spend", amount_cents=1234, description="ads")
    assert response.status_code == 202, response.text
    body = response.json()["error"]
    assert body["code"] == "approval_required" and body["approval_id"]
    assert body["approver"]["person_id"] == c.member["id"] and body["approver"]["seat_id"] == c.lead["id"]
    [request] = approvals(db, org.org_id)
    assert request.action == "external.spend" and request.state == "pending"
    assert request.payload == {"amount_cents": 1234, "channel": None, "environment": None, "description": "ads"}
    assert request.reversible is False and request.recommended == "approve" and request.options
    assert [e.action for e in org.events()][before:] == ["approval.requested"]  # the action itself did not happen
    assert [i.link_id for i in inbox(db, "person", c.member["id"], "approval")] == [request.id]


def test_asking_again_for_the_same_thing_does_not_open_a_second_request(org, db):
    c = chart(org, level=1)
    first = declare(org, c.agent_token, amount_cents=500).json()["error"]["approval_id"]
    again = declare(org, c.agent_token, amount_cents=500).json()["error"]["approval_id"]
    assert first == again and len(approvals(db, org.org_id)) == 1


def test_each_external_class_says_what_it_needs_in_the_schema(org):
    c = chart(org, level=1)
    response = org.post("/api/v1/governance/declare", {"action": "external.spend"}, token=c.agent_token)
    assert response.status_code == 422 and response.json()["error"]["field"].endswith("amount_cents")
    response = org.post("/api/v1/governance/declare", {"action": "external.communicate"}, token=c.agent_token)
    assert response.status_code == 422 and response.json()["error"]["field"].endswith("channel")
