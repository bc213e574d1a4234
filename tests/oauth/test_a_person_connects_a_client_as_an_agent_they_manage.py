"""The happy path over HTTP, in-process: registration, consent by the owner, code + PKCE, and a
token that is an ordinary OTP token of the chosen agent (REST and the agent page know it)."""
from otp.auth.models import ApiToken
from tests.oauth.kit import briefing_status, oauth, returned


def test_the_code_buys_an_ordinary_token_of_the_chosen_agent(org):
    agent = org.agent("Quill", level=3)
    kit = oauth(org)
    answer = kit.connect(agent["id"])
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    assert answer["scope"] == "read write" and answer["refresh_token"]
    assert answer["access_token"].startswith("otp_")
    assert briefing_status(org, answer["access_token"]) == 200
    listed = [t for t in org.ok("GET", "/api/v1/tokens") if t["agent_id"] == agent["id"]]
    assert len(listed) == 1 and listed[0]["name"] == "MCP client: Test host"
    assert listed[0]["scopes"] == ["read", "write"] and listed[0]["expires_at"]
    actions = [e.action for e in org.events()]
    assert "oauth.consented" in actions and "token.created" in actions and "oauth.connected" in actions


def test_nothing_secret_is_stored_in_plain_text(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    answer = kit.connect(agent["id"])
    from otp.oauth.models import OAuthClient, OAuthGrant
    with org.db.read() as s:
        client = s.get(OAuthClient, kit.client_id)
        grant = s.query(OAuthGrant).filter_by(client_id=kit.client_id).one()
        token = s.get(ApiToken, grant.token_id)
    stored = f"{client.secret_hash} {client.info} {grant.refresh_hash} {token.token_hash}"
    for secret in (kit.client_secret, answer["refresh_token"], answer["access_token"]):
        assert secret not in stored


def test_a_signed_out_person_signs_in_then_comes_back_to_the_consent_page(org):
    org.agent("Quill")
    kit = oauth(org)
    kit.register()
    path = kit.consent_page()
    first = kit.browser.get(path, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/login?next=")
    kit.sign_in()
    page = kit.browser.get(path)
    assert page.status_code == 200 and "Quill" in page.text and "Test host" in page.text
    # The page may send the browser back to the client: its CSP allows that one origin.
    assert "form-action 'self' http://127.0.0.1:3030" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_public_client_connects_with_pkce_alone(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    assert "client_secret" not in kit.register(token_endpoint_auth_method="none")
    assert kit.connect(agent["id"])["access_token"].startswith("otp_")


def test_a_client_registered_for_read_only_gets_a_read_only_token(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    kit.register(scope="read")
    kit.sign_in()
    response = kit.authorize(scope=None)
    assert response.status_code == 302, response.text
    path = response.headers["location"]
    page = kit.browser.get(path)
    assert "<strong>read</strong>" in page.text and "<strong>write</strong>" not in page.text
    code = returned(kit.decide(path, agent["id"]))["code"]
    answer = kit.redeem(code).json()
    assert answer["scope"] == "read"
    listed = [t for t in org.ok("GET", "/api/v1/tokens") if t["agent_id"] == agent["id"]]
    assert listed[0]["scopes"] == ["read"]
