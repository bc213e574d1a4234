"""Bad invitations are refused with the field named, and nothing is queued or recorded."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("body, status, field", [
    ({"email": "not-an-email", "role": "member"}, 422, "email"),
    ({"email": "a@example.com", "role": "boss"}, 422, "role"),
    ({"email": "a@example.com", "extra": 1}, 422, "extra"),
])
def test_malformed_invitations_are_refused(people, body, status, field):
    before = people.org.event_count()
    response = people.org.post("/api/v1/invitations", body)
    assert response.status_code == status and response.json()["error"]["field"] == field
    assert people.org.event_count() == before and people.mails() == []


def test_inviting_a_member_or_inviting_twice_is_a_conflict(people):
    member = people.member()
    pending = people.invite()
    for email in (member["email"], pending["email"]):
        response = people.org.post("/api/v1/invitations", {"email": email})
        assert response.status_code == 409 and response.json()["error"]["field"] == "email"


def test_a_member_cannot_invite(people, org):
    member = people.member(role="member")
    token = org.token_for(person={"id": member["id"]}, scopes=["read", "write"])
    response = org.post("/api/v1/invitations", {"email": "x@example.com"}, token=token)
    assert response.status_code == 403


def test_an_admin_cannot_invite_an_owner(people, org):
    admin = people.member(role="admin")
    token = org.token_for(person={"id": admin["id"]}, scopes=["read", "write", "admin"])
    response = org.post("/api/v1/invitations", {"email": "x@example.com", "role": "owner"}, token=token)
    assert response.status_code == 403 and response.json()["error"]["field"] == "role"
