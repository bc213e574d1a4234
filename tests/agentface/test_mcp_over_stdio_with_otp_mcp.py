"""`otp mcp` as a subprocess, driven by the SDK's stdio client; token from OTP_TOKEN."""
import subprocess
import sys

import anyio
import pytest
from mcp import Client, StdioServerParameters

from tests.agentface.kit import LISTED, process_env, structured, text_of, world

pytestmark = pytest.mark.slow


def stdio(database_url, tmp_path, token):
    return StdioServerParameters(command=sys.executable, args=["-m", "otp.cli.main", "mcp", "--database-url",
                                                               database_url],
                                 env=process_env(tmp_path, OTP_TOKEN=token))


def test_otp_mcp_over_stdio_serves_the_tools_as_the_tokens_actor(org, database_url, tmp_path):
    w = world(org, level=3)
    w.measurable("calls")

    async def go():
        async with Client(stdio(database_url, tmp_path, w.token), read_timeout_seconds=60) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            report = structured(await client.call_tool("report_measurable", {"measurable": "calls", "value": 4}))
            ask = structured(await client.call_tool("request_approval", {"action": "external.spend",
                                                                           "amount_cents": 100, "question": "Buy"}))
            context = text_of(await client.read_resource("otp://me/context"))
            return names, report, ask, context
    names, report, ask, context = anyio.run(go)
    assert names == LISTED
    assert report["status"] == "done" and org.events("measurable.reported")[-1].actor_id == w.agent["id"]
    assert ask["status"] == "approval_required" and ask["approval"]["approver"]["name"] == "Hana Human"
    assert context == org.get(f"/api/v1/agents/{w.agent['id']}/context").text


@pytest.mark.parametrize("token", ["", "otp_unknown"])
def test_otp_mcp_refuses_to_start_without_a_valid_token(database_url, tmp_path, token):
    done = subprocess.run([sys.executable, "-m", "otp.cli.main", "mcp", "--database-url", database_url],
                          env=process_env(tmp_path, OTP_TOKEN=token), capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode != 0 and done.stdout == ""
    assert "OTP_TOKEN" in done.stderr or "unknown token" in done.stderr
