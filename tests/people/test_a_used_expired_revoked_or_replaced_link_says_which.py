"""A one-time link that no longer works says exactly why (410 with the reason), and nothing
changes: no person, no membership, no event."""
from __future__ import annotations

from datetime import timedelta

import pytest

from otp.core import clock


@pytest.fixture(autouse=True)
def _no_smtp(monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)


def _refused(people, invitation, code: str, words: str):
    before = people.org.event_count()
    response = people.accept(invitation, name="Late Larry", password="another-password")
    assert response.status_code == 410, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["field"] == "token" and words in error["message"]
    assert people.org.event_count() == before


def test_a_used_link_says_it_was_used(people):
    invitation = people.invite()
    assert people.accept(invitation).status_code == 201
    _refused(people, invitation, "link_used", "already used")


def test_an_expired_link_says_it_expired(people):
    invitation = people.invite()
    clock.advance(timedelta(hours=72, seconds=1))
    _refused(people, invitation, "link_expired", "expired")
    assert people.invitation(invitation["id"]).state == "pending"


def test_a_revoked_invitation_says_it_was_revoked(people):
    invitation = people.invite()
    people.org.ok("POST", f"/api/v1/invitations/{invitation['id']}/revoke")
    _refused(people, invitation, "link_revoked", "revoked")


def test_a_resent_invitation_replaces_the_old_link_and_the_new_one_works(people):
    first = people.invite()
    clock.advance(timedelta(hours=71))
    second = people.org.ok("POST", f"/api/v1/invitations/{first['id']}/resend")
    assert second["link"] != first["link"] and second["state"] == "pending"
    _refused(people, first, "link_replaced", "replaced by a newer one")
    clock.advance(timedelta(hours=2))  # past the first link's 72 hours, within the new one's
    assert people.accept(second).status_code == 201


def test_an_unknown_token_is_a_404_naming_the_token(people):
    response = people.org.client.post("/api/v1/invitations/accept",
                                      json={"token": "x" * 43, "name": "N", "password": "a-good-password"})
    assert response.status_code == 404 and response.json()["error"]["field"] == "token"


def test_revoking_an_accepted_invitation_is_a_conflict(people):
    invitation = people.invite()
    people.accept(invitation)
    response = people.org.post(f"/api/v1/invitations/{invitation['id']}/revoke")
    assert response.status_code == 409 and response.json()["error"]["field"] == "invitation_id"
