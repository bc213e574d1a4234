"""Reach everywhere: a level-8 agent (the most trusted) writing into another branch of the chart
is held or refused for every write action class, over REST and over MCP, and nothing there
changes — reporting a measurable value included. The same writes on its own branch go through."""
import pytest

from otp.governance import DEFAULT_CATALOG
from otp.governance.matrix import AGENT_NEVER, ALWAYS_ASK, DEFAULT_SCOPES, REACH_FREE
from tests.agentface.kit import call
from tests.governance_runtime.kit import as_agent

SOP = {"key": "close-month", "title": "Close the month", "steps": ["Reconcile", "Report"]}


def test_every_write_class_is_scoped_always_asks_is_locked_or_declared_free_of_reach():
    writes = {name for name, cls in DEFAULT_CATALOG.items() if cls.writes}
    unbound = writes - set(DEFAULT_SCOPES) - ALWAYS_ASK - AGENT_NEVER - set(REACH_FREE)
    assert unbound == set(), f"write classes with no reach rule: {sorted(unbound)}"


@pytest.fixture
def branches(org):
    """CEO → Ops lead (member) → Ops agent (level 8, the actor); CEO → Sales lead (admin) → Sales
    agent, with a measurable, an outcome, a to-do and an issue of its own."""
    root = org.root()
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"agent_rate_limits": {
        "approvals_per_hour": 100, "approvals_per_day": 100}}})  # this test asks a lot on purpose
    ops_lead = org.seat("Ops lead", parent=root["id"], holder=org.person("Olga", role="member"), kind="person")
    actor = org.agent("Ops agent", level=8)
    mine = org.seat("Ops agent", parent=ops_lead["id"], holder=actor, kind="agent")
    sales_lead = org.seat("Sales lead", parent=root["id"], holder=org.person("Sam", role="admin"), kind="person")
    theirs = org.seat("Sales agent", parent=sales_lead["id"], holder=org.agent("Sales agent", level=3), kind="agent")
    made = {}
    for key, seat in (("own", mine), ("other", theirs)):
        made[key] = {
            "seat": seat,
            "measurable": org.ok("POST", "/api/v1/measurables", {"title": f"Calls {key}", "key": f"calls_{key}",
                                                                  "owner_seat_id": seat["id"], "target": 10}, status=201),
            "outcome": org.ok("POST", "/api/v1/outcomes", {"title": f"Rock {key}", "definition_of_done": "Done",
                                                            "owner_seat_id": seat["id"]}, status=201),
            "todo": org.ok("POST", "/api/v1/todos", {"title": f"Todo {key}", "owner_seat_id": seat["id"]}, status=201),
            "issue": org.ok("POST", "/api/v1/issues", {"title": f"Issue {key}", "owner_seat_id": seat["id"]},
                            status=201),
            "issue2": org.ok("POST", "/api/v1/issues", {"title": f"Other {key}", "owner_seat_id": seat["id"]},
                             status=201),
        }
        for state in ("identified", "discussed"):  # ready to be solved
            org.ok("POST", f"/api/v1/issues/{made[key]['issue']['id']}/transition", {"state": state})
    return org, actor, org.token_for(agent=actor), made


def _rest_writes(t):
    """(action class, method, path, body) for every write with a REST route, aimed at `t`."""
    m, o, todo, i, seat = t["measurable"]["id"], t["outcome"]["id"], t["todo"]["id"], t["issue"]["id"], t["seat"]["id"]
    return [
        ("measurable.report", "POST", f"/api/v1/measurables/{m}/entries", {"value": 5}),
        ("measurable.update", "PATCH", f"/api/v1/measurables/{m}", {"target": 3}),
        ("measurable.create", "POST", "/api/v1/measurables", {"title": "New", "key": f"new_{m[-6:].lower()}",
                                                              "owner_seat_id": seat, "target": 1}),
        ("todo.create", "POST", "/api/v1/todos", {"title": "Another", "owner_seat_id": seat}),
        ("todo.complete", "POST", f"/api/v1/todos/{todo}/complete", {}),
        ("todo.assign", "POST", f"/api/v1/todos/{todo}/assign", {"owner_seat_id": seat}),
        ("issue.update", "PATCH", f"/api/v1/issues/{i}", {"title": "Renamed"}),
        ("issue.solve", "POST", f"/api/v1/issues/{i}/solve", {"solution": "Fixed it"}),
        ("outcome.update_status", "POST", f"/api/v1/outcomes/{o}/status", {"status": "on_track"}),
        ("outcome.update", "PATCH", f"/api/v1/outcomes/{o}", {"title": "Renamed rock"}),
        ("milestone.update", "POST", f"/api/v1/outcomes/{o}/milestones", {"title": "Half way"}),
        ("outcome.submit_evidence", "POST", f"/api/v1/outcomes/{o}/evidence", {"kind": "note", "summary": "Done"}),
        ("outcome.create", "POST", "/api/v1/outcomes", {"title": "New rock", "definition_of_done": "Done",
                                                        "owner_seat_id": seat}),
        ("sop.edit", "POST", f"/api/v1/seats/{seat}/sops", SOP),
        ("issue.update", "POST", f"/api/v1/issues/{t['issue2']['id']}/transition", {"state": "dropped"}),
    ]


def test_every_rest_write_outside_the_subtree_is_held_or_refused_and_changes_nothing(branches):
    org, actor, token, made = branches
    for action, method, path, body in _rest_writes(made["other"]):
        before = [e.id for e in org.events() if not e.action.startswith(("governance.", "approval."))]
        r = org.call(method, path, body, token=token)
        assert r.status_code in (202, 403), (action, path, r.status_code, r.text)
        assert action in r.text or r.status_code == 403, (action, r.text)
        after = [e.id for e in org.events() if not e.action.startswith(("governance.", "approval."))]
        assert after == before, (action, path)


def test_the_same_rest_writes_on_its_own_branch_go_through(branches):
    org, actor, token, made = branches
    for action, method, path, body in _rest_writes(made["own"]):
        r = org.call(method, path, body, token=token)
        assert r.status_code in (200, 201, 204), (action, path, r.status_code, r.text)


def test_every_mcp_write_outside_the_subtree_is_held_and_changes_nothing(branches):
    org, actor, token, made = branches
    t = made["other"]
    tools = [("report_measurable", {"measurable": "calls_other", "value": 5}),
             ("update_outcome", {"outcome_id": t["outcome"]["id"], "status": "off_track"}),
             ("submit_evidence", {"outcome_id": t["outcome"]["id"], "kind": "note", "summary": "Done"}),
             ("create_todo", {"title": "Theirs", "owner_seat_id": t["seat"]["id"]}),
             ("complete_todo", {"todo_id": t["todo"]["id"]})]
    for tool, args in tools:
        before = [e.id for e in org.events() if not e.action.startswith(("governance.", "approval."))]
        answer = call(org, token, tool, **args)
        assert answer.get("status") in ("approval_required", "denied"), (tool, answer)
        after = [e.id for e in org.events() if not e.action.startswith(("governance.", "approval."))]
        assert after == before, tool
    assert call(org, token, "report_measurable", measurable="calls_own", value=5)["status"] == "done"


def test_the_gate_holds_every_scoped_class_outside_the_subtree(branches, db):
    from otp.governance.authz import evaluate
    org, actor, token, made = branches
    me = as_agent(db, actor["id"])
    outside = {"type": "x", "owner_seat_id": made["other"]["seat"]["id"], "requester_id": "agent-else",
               "requester_kind": "agent", "held_action": "todo.create", "target_agent_id": "agent-else"}
    with db.read() as s:
        for action in DEFAULT_SCOPES:
            assert evaluate(s, me, action, outside).effect != "allow", action
