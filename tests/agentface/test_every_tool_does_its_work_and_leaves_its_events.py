"""Each tool is a thin call into the same services as REST: one run through all of them at a
level that allows them, checking the events (and rows) each leaves behind. (The same run goes
over `otp serve` and `otp mcp` in test_every_tool_over_a_real_server_and_stdio.py.)"""
from tests.agentface.kit import check_every_tool, every_tool_world, use_every_tool, with_mcp


def test_every_tool_does_its_work_and_leaves_its_events(org):
    w, ids = every_tool_world(org)
    out = with_mcp(org, w.token, lambda client: use_every_tool(client, w, **ids))
    check_every_tool(org, w, out)
