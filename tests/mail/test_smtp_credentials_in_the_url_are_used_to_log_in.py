"""smtp://user:pass@host:port logs in with the (percent-decoded) credentials before sending."""
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from otp.mail.outbox import queue_mail
from otp.mail.smtp import SmtpConfig
from tests.mail.kit import Inbox, free_port, outbox, send


def test_mail_is_sent_after_logging_in_with_the_urls_credentials(db, org, monkeypatch):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"p@ss:word")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        monkeypatch.setenv("OTP_SMTP_URL", f"smtp://mailer:p%40ss%3Aword@127.0.0.1:{controller.port}")
        with db.write() as s:
            queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Hi", text="Hello")
        assert send(db, org.org_id) == 1
    finally:
        controller.stop()
    assert logins == [("mailer", "p@ss:word")] and len(inbox.messages) == 1
    assert outbox(db, org.org_id)[0].state == "sent"


def test_the_url_decides_port_and_tls():
    assert SmtpConfig.parse("smtps://u:p@mail.example.com") == SmtpConfig("mail.example.com", 465, True, "u", "p")
    assert SmtpConfig.parse("smtp://relay") == SmtpConfig("relay", 25, False)
