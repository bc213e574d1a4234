"""Invite by email with a role: without mail configured the answer carries the link to copy;
the invitee sets a name and password with it, joins with that role, and can sign in."""
from __future__ import annotations

from tests.people.kit import browser, sign_in


def test_the_invitation_is_queued_as_mail_and_its_link_joins_with_the_role(people, app, monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)
    invitation = people.invite("nia@example.org", role="admin")
    assert invitation["state"] == "pending" and invitation["link"].startswith("/join/")
    [mail] = people.mails("invitation")
    assert mail.to_address == "nia@example.org" and invitation["link"] in mail.text
    joined = people.accept(invitation, name="Nia New", password="a-good-password")
    assert joined.status_code == 201 and joined.json()["role"] == "admin"
    assert people.invitation(invitation["id"]).state == "accepted"
    assert [e.action for e in people.org.events()][-2:] == ["invitation.created", "invitation.accepted"]
    assert sign_in(browser(app), "nia@example.org", "a-good-password").status_code == 303


def test_the_link_is_only_in_the_mail_when_smtp_is_configured(people, monkeypatch):
    monkeypatch.setenv("OTP_SMTP_URL", "smtp://127.0.0.1:1")
    assert people.invite()["link"] is None
    assert len(people.mails("invitation")) == 1


def test_a_person_with_an_account_joins_with_their_existing_password(people, org):
    other = people.member()
    second = type(org).create(org.db, org.client)
    invitation = type(people)(second).invite(other["email"])
    wrong = type(people)(second).accept(invitation, password="not-their-password")
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "password"
    assert type(people)(second).accept(invitation, password=other["password"]).status_code == 201
