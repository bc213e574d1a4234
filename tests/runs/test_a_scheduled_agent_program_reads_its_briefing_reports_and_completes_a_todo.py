"""The command adapter runs a real agent program on a schedule (examples/run_agent.py)."""
import pytest

from tests.runs.kit import crew, live  # noqa: F401 - fixture


@pytest.mark.slow  # a real Python agent process talking to a real server: a few seconds
def test_the_run_records_exit_0_its_cost_and_exactly_the_agents_events(org, live):  # noqa: F811
    c = crew(org)
    c.measurable("calls")
    c.todo("Call the bank")
    c.configure(every_minutes=60)
    assert c.step() == 1  # the new schedule is due at once
    [run] = c.finished()
    shown = c.show(run.id)
    assert (run.state, run.exit_code, run.reason, run.cost_cents) == ("succeeded", 0, "schedule", 3), shown
    assert [e["action"] for e in shown["events"]] == ["measurable.reported", "todo.completed",
                                                      "agent.cost_reported"]
    assert '"reported": ["calls"]' in shown["output"] and "Call the bank" in shown["output"]

