"""The OpenAPI document declares every response code each route can answer."""
from __future__ import annotations

# No credential: health, and the endpoints a one-time link's token (or an email) drives.
PUBLIC = {"/api/v1/health", "/api/v1/invitations/accept", "/api/v1/password-resets",
          "/api/v1/password-resets/complete"}


def test_openapi_is_served_and_names_every_error_code(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "OTP"
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            if path not in PUBLIC:
                assert {"401", "403", "422"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path, codes)
            if method in ("post", "put", "patch", "delete") and path not in PUBLIC:
                assert "409" in codes, (method, path, codes)


def test_health_needs_no_authentication(client):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")


def test_unknown_routes_answer_in_the_error_shape(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
