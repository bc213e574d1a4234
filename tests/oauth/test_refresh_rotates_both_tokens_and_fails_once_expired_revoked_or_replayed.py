"""Refresh gives a new access token (the same token row on the agent page, a new secret: the old
one stops) and a new refresh token. An expired, revoked or replayed refresh token is an
invalid_grant and issues nothing; a replay of the previous one ends the connection."""
from datetime import timedelta

from otp.core import clock
from tests.oauth.kit import briefing_status, oauth


def test_a_refresh_rotates_the_access_and_refresh_tokens_in_place(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    first = kit.connect(agent["id"])
    second = kit.refresh(first["refresh_token"])
    assert second.status_code == 200, second.text
    second = second.json()
    assert second["access_token"] != first["access_token"] and second["refresh_token"] != first["refresh_token"]
    assert briefing_status(org, first["access_token"]) == 401
    assert briefing_status(org, second["access_token"]) == 200
    assert len([t for t in org.ok("GET", "/api/v1/tokens") if t["agent_id"] == agent["id"]]) == 1
    assert [e.action for e in org.events("token.reissued")] == ["token.reissued"]


def test_the_previous_refresh_token_replayed_ends_the_connection(org):
    kit = oauth(org)
    first = kit.connect(org.agent("Quill")["id"])
    second = kit.refresh(first["refresh_token"]).json()
    replay = kit.refresh(first["refresh_token"])
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert briefing_status(org, second["access_token"]) == 401
    assert kit.refresh(second["refresh_token"]).json()["error"] == "invalid_grant"
    assert org.events("oauth.revoked")[-1].payload["reason"] == "refresh_reused"


def test_an_expired_refresh_token_is_an_invalid_grant(org):
    kit = oauth(org)
    first = kit.connect(org.agent("Quill")["id"])
    clock.freeze(clock.now() + timedelta(days=31))
    response = kit.refresh(first["refresh_token"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert not org.events("token.reissued")


def test_revoking_the_access_token_at_revoke_ends_access_and_refresh(org):
    kit = oauth(org)
    first = kit.connect(org.agent("Quill")["id"])
    assert kit.revoke(first["access_token"]).status_code == 200
    assert briefing_status(org, first["access_token"]) == 401
    response = kit.refresh(first["refresh_token"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert org.events("oauth.revoked")[-1].payload["reason"] == "client_revoked"


def test_revoking_the_refresh_token_at_revoke_ends_both_too(org):
    kit = oauth(org)
    first = kit.connect(org.agent("Quill")["id"])
    assert kit.revoke(first["refresh_token"]).status_code == 200
    assert briefing_status(org, first["access_token"]) == 401
    assert kit.refresh(first["refresh_token"]).json()["error"] == "invalid_grant"


def test_revoking_the_token_on_the_agent_page_ends_the_connection(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    first = kit.connect(agent["id"])
    token_id = [t for t in org.ok("GET", "/api/v1/tokens") if t["agent_id"] == agent["id"]][0]["id"]
    org.ok("DELETE", f"/api/v1/tokens/{token_id}")
    response = kit.refresh(first["refresh_token"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert not org.events("token.reissued")


def test_a_hand_made_token_cannot_be_revoked_through_oauth_and_keeps_working(org):
    agent = org.agent("Quill")
    hand_made = org.token_for(agent=agent)
    kit = oauth(org)
    kit.register()
    assert kit.revoke(hand_made).status_code == 200  # RFC 7009: unknown tokens are no error...
    assert briefing_status(org, hand_made) == 200  # ...and nothing happened to it
