"""Over HTTP the bearer token is checked before MCP sees the request: the same token as REST,
and no token, an unknown one or a revoked one gets a 401 in the REST error shape."""
import anyio
import httpx2
import pytest

from otp.api.app import create_app
from tests.agentface.kit import fresh_app, mcp_client, world

INIT = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def post(app, headers: dict, host: str = "testserver"):
    async def main():
        async with app.router.lifespan_context(app):
            transport = httpx2.ASGITransport(app=app)
            async with httpx2.AsyncClient(transport=transport, base_url=f"http://{host}") as hc:
                return await hc.post("/mcp/", json=INIT, headers={**HEADERS, **headers})
    return anyio.run(main)


@pytest.mark.parametrize("authorization", [None, "Bearer otp_not-a-real-token", "Basic abc", "Bearer "])
def test_no_or_bad_token_is_refused_with_401(org, authorization):
    response = post(fresh_app(org), {"Authorization": authorization} if authorization else {})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    # The challenge points MCP hosts at the OAuth discovery document (RFC 9728 §5.1).
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert 'resource_metadata="http://127.0.0.1:8000/.well-known/oauth-protected-resource/mcp"' in challenge


def test_a_revoked_token_stops_working_at_once(org):
    w = world(org)
    token_id = org.ok("GET", "/api/v1/tokens")[-1]["id"]
    assert post(fresh_app(org), {"Authorization": f"Bearer {w.token}"}).status_code == 200
    org.ok("DELETE", f"/api/v1/tokens/{token_id}")
    assert post(fresh_app(org), {"Authorization": f"Bearer {w.token}"}).status_code == 401


def test_the_sdk_client_with_a_bad_token_cannot_connect(org):
    async def main():
        async with mcp_client(fresh_app(org), "otp_wrong"):
            pass
    with pytest.raises(Exception):
        anyio.run(main)


def test_only_configured_host_names_are_accepted(org):
    w = world(org)
    settings = org.client.app.state.settings
    configured = create_app(type(settings)(**{**vars(settings), "allowed_hosts": ["otp.example.com"]}), org.db)
    auth = {"Authorization": f"Bearer {w.token}"}
    assert post(configured, auth, host="otp.example.com").status_code == 200
    assert post(configured, auth, host="evil.example.net").status_code == 421
    assert post(fresh_app(org), auth, host="otp.example.com").status_code == 421
