"""With SMTP configured, the invitation and the reset link travel only by mail: the worker
sends them to a real SMTP server (aiosmtpd on 127.0.0.1), and the link in the message works."""
from __future__ import annotations

import re

from tests.mail.kit import send, smtp_server
from tests.people.kit import browser, sign_in


def _path(message) -> str:
    return re.search(r"https?://[^/\s]+(/(?:join|reset)/[A-Za-z0-9_-]+)", message.get_content()).group(1)


def test_the_invitation_arrives_and_its_link_joins(people, app, monkeypatch):
    with smtp_server(monkeypatch) as inbox:
        invitation = people.invite("lee@example.org", role="observer")
        assert invitation["link"] is None
        assert send(people.org.db, people.org.org_id) == 1
        [message] = inbox.to("lee@example.org")
    assert "You are invited" in message["Subject"]
    token = _path(message).rsplit("/", 1)[1]
    joined = people.org.client.post("/api/v1/invitations/accept",
                                    json={"token": token, "name": "Lee", "password": "lee-password"})
    assert joined.status_code == 201 and joined.json()["role"] == "observer"


def test_a_reset_asked_for_by_email_arrives_and_its_link_sets_the_password(people, app, monkeypatch):
    person = people.member()
    with smtp_server(monkeypatch) as inbox:
        assert people.org.client.post("/api/v1/password-resets", json={"email": person["email"]}).status_code == 202
        send(people.org.db, people.org.org_id)
        [message] = [m for m in inbox.to(person["email"]) if "Reset" in m["Subject"]]
    tab = browser(app)
    page = tab.get(_path(message))
    assert page.status_code == 200 and "Choose a new password" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert tab.post(_path(message), data={"csrf_token": token, "password": "brand-new-pw"}).status_code == 303
    assert tab.get("/").status_code == 200  # signed in
    assert sign_in(browser(app), person["email"], "brand-new-pw").status_code == 303


def test_a_lockout_mails_the_account_owner(people, app, monkeypatch):
    from otp.auth import throttle
    person = people.member()
    with smtp_server(monkeypatch) as inbox:
        tab = browser(app)
        for _ in range(throttle.ACCOUNT.lock_after):
            sign_in(tab, person["email"], "guess")
        send(people.org.db, people.org.org_id)
        [message] = [m for m in inbox.to(person["email"]) if "locked" in m["Subject"]]
    assert "locked" in message["Subject"] and "/reset" in message.get_content()
