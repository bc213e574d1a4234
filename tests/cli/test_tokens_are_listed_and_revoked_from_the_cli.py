"""otp token list shows every token of the organization without its secret; otp token revoke
stops one at once (the API answers 401), once."""
import pytest
from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.core.config import Settings
from tests.cli.kit import otp, otp_json


@pytest.fixture
def url(isolated_db):
    assert otp(isolated_db.url, "init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
               "--owner-password", "secret").exit_code == 0
    otp(isolated_db.url, "agent", "create", "Scout")
    return isolated_db.url


def _chart_status(url: str, token: str) -> int:
    with TestClient(create_app(Settings(database_url=url, data_dir=None, secret_key="k"))) as client:
        return client.get("/api/v1/chart", headers={"Authorization": f"Bearer {token}"}).status_code


def test_tokens_are_listed_by_holder_and_a_revoked_one_stops_at_once(url):
    made = otp_json(url, "token", "create", "--agent", "Scout", "--name", "laptop")
    otp_json(url, "token", "create", "--person", "boss@acme.test")
    listed = otp_json(url, "token", "list")
    assert [(t["holder"].get("name") or t["holder"]["email"]) for t in listed] == ["Scout", "boss@acme.test"]
    assert made["token"] not in otp(url, "token", "list", "--json").stdout  # never the secret
    assert _chart_status(url, made["token"]) == 200
    assert otp_json(url, "token", "revoke", made["id"])["revoked_at"]
    assert _chart_status(url, made["token"]) == 401
    assert [t["revoked_at"] is not None for t in otp_json(url, "token", "list")] == [True, False]
    assert "REVOKED" in otp(url, "token", "list").stdout


def test_revoking_an_unknown_token_is_refused_naming_it(url):
    result = otp(url, "token", "revoke", "tok_nothing")
    assert result.exit_code == 1 and "no such token (token_id)" in result.stderr
