"""The acceptance of issue 17 point 7: an MCP tool call, a denied governance decision and a
worker job each leave their span, with the attributes that say what happened."""
from otp.core import clock
from otp.worker.tasks import tasks
from otp.worker.loop import tick
from tests.agentface.kit import call, world
from tests.telemetry.kit import attrs, is_child, one


def test_a_tool_call_is_an_execute_tool_span_holding_its_allowed_decision(org, spans):
    w = world(org, level=2)
    w.measurable("calls")
    spans.clear()
    assert call(org, w.token, "report_measurable", measurable="calls", value=12)["status"] == "done"
    tool = one(spans, "execute_tool report_measurable")
    a = attrs(tool)
    assert (a["gen_ai.operation.name"], a["gen_ai.tool.name"], a["otp.tool.status"]) == \
        ("execute_tool", "report_measurable", "done")
    assert a["jsonrpc.request.id"] and "error.type" not in a
    decided = one(spans, "decide measurable.report")
    assert is_child(decided, tool)
    assert attrs(decided) == {"otp.action": "measurable.report", "otp.actor.kind": "agent",
                              "otp.actor.id": w.agent["id"], "otp.org.id": org.org_id,
                              "otp.decision.effect": "allow", "otp.decision.rule": "matrix:L2:measurable.report"}


def test_a_denied_decision_names_its_effect_and_rule_inside_the_tool_call(org, spans):
    w = world(org, level=5)
    org.ok("POST", f"/api/v1/agents/{w.agent['id']}/pause", {"reason": "checking"})
    spans.clear()
    assert call(org, w.token, "create_todo", title="Anything")["denied"]["rule"] == "agent_paused"
    tool = one(spans, "execute_tool create_todo")
    assert attrs(tool)["otp.tool.status"] == "denied"
    decided = one(spans, "decide todo.create")
    assert is_child(decided, tool)
    a = attrs(decided)
    assert (a["otp.decision.effect"], a["otp.decision.rule"], a["otp.actor.kind"], a["otp.actor.id"]) == \
        ("deny", "agent_paused", "agent", w.agent["id"])


def test_a_worker_job_is_a_span_holding_the_count_it_returned(db, spans):
    result = tick(db, clock.now())
    for task in tasks():
        job = one(spans, f"job {task.name}")
        assert attrs(job) == {"otp.job.name": task.name, "otp.job.count": result[task.name]}
        assert job.parent is None  # a job is a trace of its own
