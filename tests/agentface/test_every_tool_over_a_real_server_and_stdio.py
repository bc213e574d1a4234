"""Every tool, called with the SDK client against real processes: `otp serve` (streamable HTTP,
bearer token) and `otp mcp` (stdio, OTP_TOKEN) — each does its work and leaves its event."""
import sys

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.agentface.kit import check_every_tool, every_tool_world, process_env, served, use_every_tool

pytestmark = pytest.mark.slow


def test_every_tool_over_streamable_http_against_otp_serve(org, database_url, tmp_path):
    w, ids = every_tool_world(org)

    async def go(url):
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {w.token}"}, timeout=30) as hc:
            async with Client(streamable_http_client(url, http_client=hc)) as client:
                return await use_every_tool(client, w, **ids)
    with served(database_url, tmp_path) as base:
        out = anyio.run(go, f"{base}/mcp/")
    check_every_tool(org, w, out)


def test_every_tool_over_stdio_with_otp_mcp(org, database_url, tmp_path):
    w, ids = every_tool_world(org)
    params = StdioServerParameters(command=sys.executable, args=["-m", "otp.cli.main", "mcp", "--database-url",
                                                                 database_url],
                                   env=process_env(tmp_path, OTP_TOKEN=w.token))

    async def go():
        async with Client(params, read_timeout_seconds=60) as client:
            return await use_every_tool(client, w, **ids)
    check_every_tool(org, w, anyio.run(go))
