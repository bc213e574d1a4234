"""Codes are single use, short-lived and bound to the PKCE challenge: a missing or wrong verifier,
a late code or a replayed one is refused with the spec's error and issues nothing; a replay also
revokes what the code issued the first time (RFC 6749 §4.1.2)."""
from datetime import timedelta

from otp.core import clock
from tests.oauth.kit import briefing_status, oauth


def test_a_missing_verifier_is_an_invalid_request(org):
    kit = oauth(org)
    code = kit.code_for(org.agent("Quill")["id"])
    response = kit.redeem(code, verifier=None)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert kit.counts() == (1, 0)


def test_a_wrong_verifier_is_an_invalid_grant(org):
    kit = oauth(org)
    code = kit.code_for(org.agent("Quill")["id"])
    response = kit.redeem(code, verifier="x" * 64)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert kit.counts() == (1, 0)
    assert kit.redeem(code).status_code == 200  # the right verifier still redeems it


def test_a_code_redeemed_twice_is_refused_and_revokes_what_it_issued(org):
    kit = oauth(org)
    code = kit.code_for(org.agent("Quill")["id"])
    first = kit.redeem(code).json()
    assert briefing_status(org, first["access_token"]) == 200
    again = kit.redeem(code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert briefing_status(org, first["access_token"]) == 401
    refreshed = kit.refresh(first["refresh_token"])
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
    revoked = org.events("oauth.revoked")
    assert len(revoked) == 1 and revoked[0].payload["reason"] == "code_reused"


def test_a_code_is_refused_after_five_minutes(org):
    kit = oauth(org)
    code = kit.code_for(org.agent("Quill")["id"])
    clock.freeze(clock.now() + timedelta(minutes=6))
    response = kit.redeem(code)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert kit.counts() == (1, 0)


def test_a_code_belongs_to_the_client_it_was_issued_to(org):
    kit = oauth(org)
    code = kit.code_for(org.agent("Quill")["id"])
    other = oauth(org)
    other.register()
    other.pkce = kit.pkce
    response = other.redeem(code)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert kit.redeem(code).status_code == 200
