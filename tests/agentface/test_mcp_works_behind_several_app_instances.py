"""Stateless streamable HTTP: one SDK client session whose requests a balancer spreads over two
app instances (same database) works end to end — no instance needs to have seen the session."""
from contextlib import AsyncExitStack

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.agentface.kit import fresh_app, structured, world


class RoundRobin(httpx2.AsyncBaseTransport):
    """A load balancer in front of several in-process app instances: each request to the next."""

    def __init__(self, apps):
        self.transports = [httpx2.ASGITransport(app=app) for app in apps]
        self.served: list[int] = []

    async def handle_async_request(self, request):
        index = len(self.served) % len(self.transports)
        self.served.append(index)
        return await self.transports[index].handle_async_request(request)


@pytest.mark.parametrize("mode", ["auto", "legacy"])  # legacy: the initialize handshake that hands out a session id
def test_one_session_is_served_by_two_app_instances_in_turn(org, mode):
    w = world(org, level=3)
    w.measurable("calls")
    apps = [fresh_app(org), fresh_app(org)]
    balancer = RoundRobin(apps)

    async def main():
        async with AsyncExitStack() as stack:
            for app in apps:
                await stack.enter_async_context(app.router.lifespan_context(app))
            hc = await stack.enter_async_context(httpx2.AsyncClient(
                transport=balancer, base_url="http://testserver", headers={"Authorization": f"Bearer {w.token}"}))
            client = await stack.enter_async_context(Client(streamable_http_client("http://testserver/mcp/",
                                                                                   http_client=hc), mode=mode))
            tools = await client.list_tools()
            report = structured(await client.call_tool("report_measurable", {"measurable": "calls", "value": 5}))
            brief = structured(await client.call_tool("briefing", {}))
            return tools, report, brief
    tools, report, brief = anyio.run(main)
    assert len(tools.tools) > 10 and report["status"] == "done"
    assert brief["status"] == "done" and brief["result"]["measurables_to_report"] == []
    assert set(balancer.served) == {0, 1}
    assert org.events("measurable.reported")[-1].actor_id == w.agent["id"]
