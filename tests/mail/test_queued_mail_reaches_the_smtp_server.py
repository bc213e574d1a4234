"""The worker hands queued mail to the SMTP server once, and marks it sent."""
from otp.mail.outbox import queue_mail
from tests.mail.kit import body, outbox, send, smtp_server


def test_queued_mail_arrives_once_with_its_recipient_subject_and_text(db, org, monkeypatch):
    with db.write() as s:
        queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Join Acme",
                   text="Your link: http://x/invite/1", html="<p>Your link</p>")
    with smtp_server(monkeypatch) as inbox:
        assert send(db, org.org_id) == 1
        assert send(db, org.org_id) == 0
    [mail] = inbox.to("pat@example.com")
    assert mail["Subject"] == "Join Acme" and "http://x/invite/1" in body(mail)
    [row] = outbox(db, org.org_id)
    assert row.state == "sent" and row.attempts == 1 and row.sent_at is not None


def test_without_smtp_configured_mail_stays_queued_and_nothing_fails(db, org, monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)
    with db.write() as s:
        queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Hi", text="Hello")
    assert send(db, org.org_id) == 0
    [row] = outbox(db, org.org_id)
    assert row.state == "queued" and row.attempts == 0
