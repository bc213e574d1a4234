"""Discovery, as an MCP host walks it: MCP's 401 names the protected-resource metadata (RFC 9728),
which names OTP as the authorization server, whose metadata (RFC 8414) lists the endpoints, PKCE
S256, registration and revocation. Everything is built from OTP_PUBLIC_URL."""
from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.core.config import Settings


def test_the_metadata_documents_chain_from_the_resource_to_the_endpoints(client):
    resource = client.get("/.well-known/oauth-protected-resource/mcp").json()
    assert resource["resource"] == "http://127.0.0.1:8000/mcp"
    assert resource["authorization_servers"] == ["http://127.0.0.1:8000"]
    assert resource["scopes_supported"] == ["read", "write"]
    server = client.get("/.well-known/oauth-authorization-server").json()
    assert server["issuer"] == "http://127.0.0.1:8000"
    assert server["code_challenge_methods_supported"] == ["S256"]
    assert server["grant_types_supported"] == ["authorization_code", "refresh_token"]
    for endpoint in ("authorization", "token", "registration", "revocation"):
        assert server[f"{endpoint}_endpoint"].startswith("http://127.0.0.1:8000/")
    assert client.get("/.well-known/oauth-protected-resource/mcp/").json() == resource


def test_oauth_is_off_when_the_public_url_is_plain_http_on_a_public_host(settings, db):
    plain = Settings(database_url=settings.database_url, data_dir=settings.data_dir, secret_key="k",
                     public_url="http://otp.example.com")
    client = TestClient(create_app(plain, db))
    response = client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 404 and "OTP_PUBLIC_URL" in response.json()["error"]["message"]
    assert client.post("/register", json={"redirect_uris": ["http://127.0.0.1:1/cb"]}).status_code == 404
