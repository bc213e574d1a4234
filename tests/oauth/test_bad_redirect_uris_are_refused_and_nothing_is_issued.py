"""A redirect URI that was not registered is refused where it appears: at registration (not https,
not loopback), at /authorize (answered to the browser, never redirected there) and at /token."""
import pytest

from tests.oauth.kit import REDIRECT, oauth


@pytest.mark.parametrize("uri", ["http://evil.example.com/cb", "javascript:alert(1)", "https://example.com/cb#frag"])
def test_registration_refuses_redirect_uris_oauth_does_not_allow(org, uri):
    response = oauth(org).browser.post("/register", json={"redirect_uris": [uri], "client_name": "Bad"})
    assert response.status_code == 400
    assert response.json()["error"] in ("invalid_redirect_uri", "invalid_client_metadata")


def test_authorize_with_an_unregistered_redirect_uri_answers_the_browser_not_the_uri(org):
    kit = oauth(org)
    kit.register()
    response = kit.authorize(redirect_uri="http://127.0.0.1:9999/elsewhere")
    assert response.status_code == 400 and "location" not in response.headers
    assert response.json()["error"] == "invalid_request"
    assert kit.counts() == (0, 0)


def test_the_token_request_must_name_the_same_redirect_uri(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    code = kit.code_for(agent["id"])
    response = kit.redeem(code, redirect_uri=REDIRECT + "/other")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"  # RFC 6749 5.2
    assert response.headers["cache-control"] == "no-store"
    assert kit.counts() == (1, 0)  # the code, and no grant
