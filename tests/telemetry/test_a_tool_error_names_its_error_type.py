"""A tool call that fails on bad input is still an execute_tool span, marked as an error whose
error.type is OTP's error code (as REST's error.code says it)."""
from opentelemetry.trace import StatusCode

from tests.agentface.kit import call, world
from tests.telemetry.kit import attrs, one


def test_bad_input_sets_error_type_to_the_error_code(org, spans):
    w = world(org, level=3)
    answer = call(org, w.token, "complete_todo", todo_id="todo_missing")
    assert answer["is_error"] and answer["error"]["code"] == "not_found"
    tool = one(spans, "execute_tool complete_todo")
    a = attrs(tool)
    assert (a["gen_ai.tool.name"], a["otp.tool.status"], a["error.type"]) == ("complete_todo", "error", "not_found")
    assert tool.status.status_code == StatusCode.ERROR
