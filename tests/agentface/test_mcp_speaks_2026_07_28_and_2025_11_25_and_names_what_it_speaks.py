"""The MCP face serves the stateless 2026-07-28 revision and the 2025-11-25 handshake (and the
older handshake revisions the SDK still negotiates); a version it does not speak gets the spec's
error naming what it does. The TypeScript SDK client (2025-11-25) is in tests/interop."""
import pytest
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

from tests.agentface.kit import fresh_app, structured, with_mcp, world


@pytest.mark.parametrize("mode, version", [("2026-07-28", "2026-07-28"), ("legacy", "2025-11-25")])
def test_a_client_of_each_revision_works_the_loop(org, mode, version):
    w = world(org)

    async def go(client):
        return client.protocol_version, structured(await client.call_tool("raise_issue", {"title": "Late"}))
    spoken, answer = with_mcp(org, w.token, go, mode=mode)
    assert spoken == version and answer["status"] == "done", answer


def post(org, token, body, version=None):
    from fastapi.testclient import TestClient
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json, text/event-stream"}
    if version:
        headers |= {"MCP-Protocol-Version": version, "Mcp-Method": body["method"]}
    with TestClient(fresh_app(org)) as c:
        return c.post("/mcp/", json=body, headers=headers)


def initialize(version):
    return {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}


def test_every_handshake_revision_of_the_sdk_is_negotiated(org):
    w = world(org)
    assert HANDSHAKE_PROTOCOL_VERSIONS == ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
    for version in HANDSHAKE_PROTOCOL_VERSIONS:
        assert post(org, w.token, initialize(version)).json()["result"]["protocolVersion"] == version


def test_a_version_the_server_does_not_speak_gets_the_error_naming_those_it_does(org):
    w = world(org)
    body = {"jsonrpc": "2.0", "id": 7, "method": "tools/list",
            "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "2030-01-01",
                                 "io.modelcontextprotocol/clientCapabilities": {}}}}
    response = post(org, w.token, body, version="2030-01-01")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == -32022, response.text  # UnsupportedProtocolVersion
    assert error["data"] == {"supported": ["2026-07-28"], "requested": "2030-01-01"}
    # In the handshake the spec's answer is a counter-offer: the newest handshake revision it speaks.
    assert post(org, w.token, initialize("1999-01-01")).json()["result"]["protocolVersion"] == "2025-11-25"


@pytest.mark.slow
@pytest.mark.parametrize("mode, version", [("2026-07-28", "2026-07-28"), ("legacy", "2025-11-25")])
def test_otp_mcp_over_stdio_speaks_both_revisions(org, database_url, tmp_path, mode, version):
    import sys

    import anyio
    from mcp import Client, StdioServerParameters

    from tests.agentface.kit import process_env
    w = world(org)
    params = StdioServerParameters(command=sys.executable, args=["-m", "otp.cli.main", "mcp", "--database-url",
                                                                 database_url],
                                   env=process_env(tmp_path, OTP_TOKEN=w.token))

    async def go():
        async with Client(params, mode=mode, read_timeout_seconds=60) as client:
            return client.protocol_version, structured(await client.call_tool("raise_issue", {"title": "Late"}))
    spoken, answer = anyio.run(go)
    assert spoken == version and answer["status"] == "done", answer
