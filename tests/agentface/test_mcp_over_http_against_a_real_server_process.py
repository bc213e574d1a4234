"""The MCP server behind `otp serve` (a real uvicorn process), driven by the SDK's streamable
HTTP client: the same bearer token as REST, tools, governance answers and their events."""
import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.agentface.kit import LISTED, served, structured, world

pytestmark = pytest.mark.slow


async def session_calls(url: str, token: str, calls: list[tuple[str, dict]]):
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as hc:
        async with Client(streamable_http_client(url, http_client=hc)) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            return names, [structured(await client.call_tool(name, args)) for name, args in calls]


def test_a_real_server_serves_the_tools_and_governs_them(org, database_url, tmp_path):
    w = world(org, level=3)
    w.measurable("calls")
    outcome = w.outcome()
    with served(database_url, tmp_path) as base:
        names, (report, update, brief) = anyio.run(session_calls, f"{base}/mcp/", w.token, [
            ("report_measurable", {"measurable": "calls", "value": 9}),
            ("update_outcome", {"outcome_id": outcome["id"], "status": "on_track"}),
            ("briefing", {})])
        assert httpx.post(f"{base}/mcp/", json={}).status_code == 401
        # The same token works for REST on the same server.
        rest = httpx.get(f"{base}/api/v1/me/briefing", headers={"Authorization": f"Bearer {w.token}"})
        assert rest.status_code == 200
    assert names == LISTED
    assert report["status"] == "done" and update["status"] == "approval_required"
    assert update["approval"]["approver"]["name"] == "Hana Human"
    assert brief["result"]["measurables_to_report"] == []
    assert org.events("measurable.reported")[-1].actor_id == w.agent["id"]
    assert org.events("approval.requested")[-1].actor_id == w.agent["id"]


def test_a_real_server_accepts_only_configured_host_names(org, database_url, tmp_path):
    w = world(org)
    headers = {"Authorization": f"Bearer {w.token}", "Accept": "application/json, text/event-stream"}
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    with served(database_url, tmp_path, hosts="otp.example.com") as base:
        ok = httpx.post(f"{base}/mcp/", json=body, headers={**headers, "Host": "otp.example.com"})
        bad = httpx.post(f"{base}/mcp/", json=body, headers={**headers, "Host": "evil.example.net"})
    assert ok.status_code == 200 and bad.status_code == 421
