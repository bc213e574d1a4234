"""Solving a discussed issue records the solution and can create its to-dos in one go."""
from __future__ import annotations

from tests.work.kit import issue, refused, team, walk


def test_solving_creates_the_todos_in_the_same_transaction(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    walk(org, raised["id"], "identified", "discussed")
    body = org.ok("POST", f"/api/v1/issues/{raised['id']}/solve", {
        "solution": "Call every churned client", "todos": [{"title": "Call Acme"},
                                                            {"title": "Draft script", "owner_seat_id": t.bot["id"]}]})
    assert body["issue"]["state"] == "solved" and body["issue"]["solution"] == "Call every churned client"
    assert [(x["owner_seat_id"], x["source"]) for x in body["todos"]] == [(t.lead["id"], "issue"), (t.bot["id"], "issue")]
    assert all(x["linked"] == {"type": "issue", "id": raised["id"]} for x in body["todos"])
    assert org.events("issue.solved")[0].payload["todo_ids"] == [x["id"] for x in body["todos"]]


def test_a_bad_todo_refuses_the_whole_solution(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    walk(org, raised["id"], "identified", "discussed")
    before = org.event_count()
    response = org.post(f"/api/v1/issues/{raised['id']}/solve", {
        "solution": "x", "todos": [{"title": "ok"}, {"title": "bad", "owner_seat_id": "seat_nope"}]})
    refused(org, response, 404, "todos.1.owner_seat_id", before)
    assert org.ok("GET", f"/api/v1/issues/{raised['id']}")["state"] == "discussed"
    assert org.ok("GET", "/api/v1/todos")["items"] == []


def test_an_undiscussed_issue_cannot_be_solved(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    before = org.event_count()
    refused(org, org.post(f"/api/v1/issues/{raised['id']}/solve", {"solution": "x"}), 409, "state", before)
