"""The official TypeScript SDK client follows a long request_approval as an MCP task (2025-11-25)
against real processes — `otp serve` over streamable HTTP and `otp mcp` over stdio: the call
returns a task, the client polls it while the person has not decided, and once they approve it
gets the decision, validated against the tool's output schema."""
import json
import subprocess

import pytest

from tests.agentface.kit import served, world
from tests.interop.kit import NODE_DIR, node_ready, stdio_plan

pytestmark = pytest.mark.slow


def follow(plan: dict, tmp_path, decide) -> list[dict]:
    """Run follow_task.mjs; call `decide(task_id)` once the client polls a working task; its events."""
    node_ready()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    proc = subprocess.Popen(["node", str(NODE_DIR / "follow_task.mjs"), str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=NODE_DIR)
    events, decided = [], False
    try:
        for line in proc.stdout:
            events.append(json.loads(line))
            if events[-1].get("type") == "taskStatus" and events[-1]["task"]["status"] == "working" and not decided:
                decide(events[-1]["task"]["taskId"])
                decided = True
        assert proc.wait(timeout=60) == 0, proc.stderr.read()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    return events


def check_followed_until_approved(events: list[dict], w) -> None:
    connected = events[0]["connected"]
    assert connected["tasks"] == {"requests": {"tools": {"call": {}}}}, connected
    assert connected["taskSupport"] == {"request_approval": "optional"}
    created = events[1]
    assert created["type"] == "taskCreated" and created["task"]["status"] == "working", events
    statuses = [e["task"]["status"] for e in events if e.get("type") == "taskStatus"]
    assert statuses[0] == "working" and statuses[-1] == "completed", statuses
    final = events[-1]
    assert final["type"] == "result", final
    answer = final["result"]["structuredContent"]
    assert answer["status"] == "done" and answer["result"]["decision"] == "approve", answer
    assert answer["approval"]["approval_id"] == created["task"]["taskId"]
    assert answer["approval"]["approver"]["person_id"] == w.human["id"]


def ask(w) -> dict:
    return {"tool": "request_approval", "arguments": {"action": "todo.create", "owner_seat_id": w.lead["id"],
                                                      "question": "May I put a follow-up on the lead's list?"}}


def approver(org, w):
    return lambda task_id: org.ok("POST", f"/api/v1/approvals/{task_id}/approve", {},
                                  token=org.token_for(person=w.human))


def test_over_http_the_client_follows_the_task_until_the_person_approves(org, database_url, tmp_path):
    w = world(org, level=3)
    with served(database_url, tmp_path) as base:
        events = follow({"transport": "http", "url": f"{base}/mcp/", "token": w.token, **ask(w)}, tmp_path,
                        approver(org, w))
    assert events[0]["connected"]["protocolVersion"] == "2025-11-25"
    check_followed_until_approved(events, w)


def test_over_stdio_the_client_follows_the_task_until_the_person_approves(org, database_url, tmp_path):
    w = world(org, level=3)
    events = follow({**stdio_plan(database_url, tmp_path, w.token), **ask(w)}, tmp_path, approver(org, w))
    check_followed_until_approved(events, w)
