"""MCP Tasks (2025-11-25): a 2025-11-25 client may call request_approval as a task and follow it
until a person decides. The task is the stored approval request (any instance, after any restart,
answers for it) and belongs to the agent that asked. The TypeScript SDK client follows one in
tests/interop; the Python SDK (2.3) has no client for task-augmented calls, so these tests speak
the wire."""
from fastapi.testclient import TestClient

from tests.agentface.kit import fresh_app, world

V = "2025-11-25"


class Wire:
    """JSON-RPC over stateless HTTP, each request a new app instance (as behind a balancer)."""

    def __init__(self, org, token):
        self.org, self.token, self.n = org, token, 0

    def send(self, method, params=None, version=V):
        self.n += 1
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json, text/event-stream",
                   "MCP-Protocol-Version": version}
        body = {"jsonrpc": "2.0", "id": self.n, "method": method, "params": params or {}}
        with TestClient(fresh_app(self.org)) as c:
            return c.post("/mcp/", json=body, headers=headers).json()

    def ask(self, task=True, **arguments):
        params = {"name": "request_approval", "arguments": arguments}
        if task:
            params["task"] = {"ttl": 60000}
        return self.send("tools/call", params)


def ask_for_a_todo_on_the_leads_list(org, w, wire):
    return wire.ask(action="todo.create", owner_seat_id=w.lead["id"], question="May I add a follow-up?")


def test_the_call_returns_a_task_that_works_until_the_person_decides_then_gives_the_decision(org):
    w = world(org, level=3)
    wire = Wire(org, w.token)
    created = ask_for_a_todo_on_the_leads_list(org, w, wire)
    task = created["result"]["task"]
    assert task["status"] == "working" and "Hana Human" in task["statusMessage"], created
    assert task["ttl"] is None and task["pollInterval"] > 0
    got = wire.send("tasks/get", {"taskId": task["taskId"]})["result"]
    assert got["status"] == "working" and got["taskId"] == task["taskId"]
    org.ok("POST", f"/api/v1/approvals/{task['taskId']}/approve", {}, token=org.token_for(person=w.human))
    got = wire.send("tasks/get", {"taskId": task["taskId"]})["result"]
    assert got["status"] == "completed" and got["lastUpdatedAt"] >= got["createdAt"], got
    result = wire.send("tasks/result", {"taskId": task["taskId"]})["result"]
    answer = result["structuredContent"]
    assert answer["status"] == "done" and answer["approval"]["approval_id"] == task["taskId"], result
    assert answer["result"]["decision"] == "approve" and answer["result"]["state"] == "approved"
    assert result["_meta"]["io.modelcontextprotocol/related-task"]["taskId"] == task["taskId"]


def test_a_rejected_request_completes_with_the_refusal_and_an_expired_one_is_cancelled(org):
    from otp.core import clock
    w = world(org, level=3)
    wire = Wire(org, w.token)
    rejected = ask_for_a_todo_on_the_leads_list(org, w, wire)["result"]["task"]["taskId"]
    org.ok("POST", f"/api/v1/approvals/{rejected}/reject", {"reason": "Not this week"},
           token=org.token_for(person=w.human))
    assert wire.send("tasks/get", {"taskId": rejected})["result"]["status"] == "completed"
    answer = wire.send("tasks/result", {"taskId": rejected})["result"]["structuredContent"]
    assert answer["status"] == "denied" and answer["result"]["decision"] == "reject", answer
    assert answer["result"]["reason"] == "Not this week"
    expiring = wire.ask(action="todo.create", owner_seat_id=w.root["id"])["result"]["task"]["taskId"]
    with org.db.write() as s:
        from otp.governance.models import ApprovalRequest
        s.get(ApprovalRequest, expiring).state = "expired"
        s.get(ApprovalRequest, expiring).decided_at = clock.now()
    got = wire.send("tasks/get", {"taskId": expiring})["result"]
    assert got["status"] == "cancelled" and "Expired" in got["statusMessage"], got
    result = wire.send("tasks/result", {"taskId": expiring})["result"]
    assert result["isError"] is True and result["structuredContent"]["error"]["code"] == "expired"


def test_tasks_result_waits_while_the_person_decides(org):
    import threading
    import time
    w = world(org, level=3)
    wire = Wire(org, w.token)
    task_id = ask_for_a_todo_on_the_leads_list(org, w, wire)["result"]["task"]["taskId"]
    got = {}
    waiting = threading.Thread(target=lambda: got.update(Wire(org, w.token).send("tasks/result",
                                                                                 {"taskId": task_id})))
    waiting.start()
    time.sleep(1.0)
    assert waiting.is_alive() and not got  # still waiting on the person
    org.ok("POST", f"/api/v1/approvals/{task_id}/approve", {}, token=org.token_for(person=w.human))
    waiting.join(timeout=20)
    assert got["result"]["structuredContent"]["result"]["decision"] == "approve", got


def test_another_agent_or_organization_cannot_read_the_task(org):
    from tests.helpers import OrgKit
    other_org = OrgKit.create(org.db, org.client)
    w = world(org, level=3)
    task_id = ask_for_a_todo_on_the_leads_list(org, w, Wire(org, w.token))["result"]["task"]["taskId"]
    immediate = Wire(org, w.token).ask(action="todo.create", owner_seat_id=w.seat["id"])["result"]["task"]["taskId"]
    colleague = org.token_for(agent=org.agent("Colleague", level=8))
    stranger = world(other_org, level=8).token
    for token in (colleague, stranger):
        for tid in (task_id, immediate):
            for method in ("tasks/get", "tasks/result"):
                error = Wire(org, token).send(method, {"taskId": tid})["error"]
                assert error["code"] == -32602 and "no such task" in error["message"], (method, error)


def test_an_answer_given_at_once_is_a_completed_task_holding_that_answer(org):
    w = world(org, level=3)
    wire = Wire(org, w.token)
    task = wire.ask(action="todo.create", owner_seat_id=w.seat["id"])["result"]["task"]  # its own list: allowed
    assert task["status"] == "completed"
    assert wire.send("tasks/get", {"taskId": task["taskId"]})["result"]["status"] == "completed"
    answer = wire.send("tasks/result", {"taskId": task["taskId"]})["result"]["structuredContent"]
    assert answer["status"] == "done" and answer["result"]["effect"] == "allow", answer
    bad = wire.ask(action="no.such_action")["result"]["task"]  # a tool error is an answer too
    result = wire.send("tasks/result", {"taskId": bad["taskId"]})["result"]
    assert result["isError"] is True and result["structuredContent"]["error"]["field"] == "action", result
    forged = task["taskId"][:-4] + ("0000" if not task["taskId"].endswith("0000") else "1111")
    assert wire.send("tasks/get", {"taskId": forged})["error"]["code"] == -32602


def test_without_a_task_or_on_another_revision_request_approval_answers_as_before(org):
    w = world(org, level=3)
    wire = Wire(org, w.token)
    plain = wire.ask(task=False, action="todo.create", owner_seat_id=w.lead["id"])["result"]
    assert plain["structuredContent"]["status"] == "approval_required" and "task" not in plain
    init = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}
    older = wire.send("initialize", init, version="2025-06-18")["result"]
    assert "tasks" not in older["capabilities"]
    tools = wire.send("tools/list", {}, version="2025-06-18")["result"]["tools"]
    assert all("execution" not in t for t in tools)


def test_the_2025_11_25_handshake_advertises_tasks_for_request_approval_only(org):
    w = world(org, level=3)
    wire = Wire(org, w.token)
    init = {"protocolVersion": V, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}
    result = wire.send("initialize", init)["result"]
    assert result["capabilities"]["tasks"] == {"requests": {"tools": {"call": {}}}}, result
    tools = {t["name"]: t for t in wire.send("tools/list")["result"]["tools"]}
    assert tools["request_approval"]["execution"] == {"taskSupport": "optional"}
    assert all("execution" not in t for name, t in tools.items() if name != "request_approval")
    refused = wire.send("tools/call", {"name": "raise_issue", "arguments": {"title": "x"}, "task": {}})
    assert refused["error"]["code"] == -32601, refused
