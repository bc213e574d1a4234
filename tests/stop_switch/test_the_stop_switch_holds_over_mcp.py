"""The stop switch over MCP, as the agent sees it: a write tool answers denied naming the rule,
the reading tools still answer, and after the resume the write is done."""
from tests.agentface.kit import call
from tests.stop_switch.kit import pause_all, resume_all, stoppable


def test_over_mcp_a_paused_organizations_agent_reads_but_its_writes_are_denied_until_resumed(org):
    w = stoppable(org)
    pause_all(org)
    denied = call(org, w.token, "create_todo", title="Call the supplier")
    assert denied["status"] == "denied" and denied["denied"]["rule"] == "stop_switch"
    for tool, args in (("briefing", {}), ("get_context", {"format": "json"}), ("read_inbox", {})):
        assert call(org, w.token, tool, **args)["status"] == "done", tool
    resume_all(org)
    assert call(org, w.token, "create_todo", title="Call the supplier")["status"] == "done"
