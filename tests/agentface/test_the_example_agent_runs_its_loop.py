"""examples/mcp_agent.py runs its loop through the MCP server (in-process here)."""
import importlib.util
from pathlib import Path

import anyio
import httpx2

from tests.agentface.kit import fresh_app, world

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mcp_agent.py"


def load_example():
    spec = importlib.util.spec_from_file_location("mcp_agent_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_agent_reports_raises_an_issue_and_asks_for_approval(org, capsys):
    w = world(org, level=2)
    w.measurable("calls")
    app = fresh_app(org)

    async def main():
        async with app.router.lifespan_context(app):
            http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://testserver")
            return await load_example().run("http://testserver/mcp/", w.token, http_client=http, value=12)
    answers = anyio.run(main)
    assert answers["report"]["status"] == "done" and answers["heartbeat"]["status"] == "done"
    assert answers["issue"]["status"] == "approval_required"  # a level 2 agent asks to raise issues
    assert answers["approval"]["approval"]["approver"]["name"] == "Hana Human"
    assert "decided by Hana Human" in capsys.readouterr().out
    assert org.events("measurable.reported")[-1].actor_id == w.agent["id"]
