"""Talking to the SMTP server named by OTP_SMTP_URL (stdlib smtplib).

    smtp://host:25                 plain (a local relay, the test server)
    smtp://user:pass@host:587      STARTTLS whenever the server offers it, then AUTH
    smtps://user:pass@host:465     TLS from the first byte

User and password are percent-decoded, so a password may hold any character."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 30


class BadSmtpUrl(ValueError):
    pass


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> "SmtpConfig":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise BadSmtpUrl(f"OTP_SMTP_URL must start with smtp:// or smtps://, not {parts.scheme or '(none)'}://")
        try:
            port = parts.port
        except ValueError as exc:
            raise BadSmtpUrl(f"OTP_SMTP_URL has a bad port: {exc}") from None
        if not parts.hostname:
            raise BadSmtpUrl("OTP_SMTP_URL names no host")
        implicit = parts.scheme == "smtps"
        return cls(host=parts.hostname, port=port or (465 if implicit else 25), implicit_tls=implicit,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None)


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, greeted and (when credentials are given) logged-in connection."""
    context = ssl.create_default_context()
    if config.implicit_tls:
        conn: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        conn = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
    try:
        conn.ehlo()
        if not config.implicit_tls and conn.has_extn("starttls"):
            conn.starttls(context=context)
            conn.ehlo()
        if config.username:
            conn.login(config.username, config.password or "")
    except BaseException:
        conn.close()
        raise
    return conn


def build(*, mail_id: str, sender: str, to: str, subject: str, text: str, html: str | None,
          kind: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # The same Message-ID on every retry: a receiver that got a message whose acknowledgement was
    # lost can tell the second copy for what it is.
    message["Message-ID"] = f"<{mail_id}@otp.mail>"
    message["X-OTP-Kind"] = kind
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message
