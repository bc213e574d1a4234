"""Helpers for mail tests: a real SMTP server (aiosmtpd) on a free 127.0.0.1 port that keeps
what it receives, and one-line verbs to run the sender and read the outbox."""
from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from sqlalchemy import select

from otp.core import clock
from otp.mail.jobs import send_mail
from otp.mail.models import MailMessage


class Inbox:
    """The aiosmtpd handler: every message the server accepted, parsed."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def to(self, address: str, kind: str | None = None) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address and kind in (None, m["X-OTP-Kind"])]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(monkeypatch):
    """A running SMTP server that OTP_SMTP_URL points at; yields its Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("OTP_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    try:
        yield inbox
    finally:
        controller.stop()


def send(db, org_id: str, now=None) -> int:
    return send_mail(db, now or clock.now(), org_id=org_id)


def outbox(db, org_id: str, kind: str | None = None) -> list[MailMessage]:
    with db.read() as s:
        q = select(MailMessage).where(MailMessage.org_id == org_id).order_by(MailMessage.created_at, MailMessage.id)
        if kind:
            q = q.where(MailMessage.kind == kind)
        return list(s.execute(q).scalars())


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def closed_smtp_url() -> str:
    """An SMTP URL where nothing listens: every connection is refused at once."""
    return f"smtp://127.0.0.1:{free_port()}"


def web_client(app, email: str, password: str):
    """A browser-like client of its own (cookies apart from the suite's), logged in."""
    import re

    from fastapi.testclient import TestClient
    client = TestClient(app)
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"email": email, "password": password, "csrf_token": csrf}, follow_redirects=False)
    return client


def csrf_of(page: str) -> str:
    import re
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


HOME_SECTIONS = [  # (section id on the home page, the digest's heading, how the page shows an item's title)
    ("h-approvals", "Approvals waiting for you", r'<a href="/approvals#[^"]+">(.*?)</a>'),
    ("h-esc", "Escalations you hold", r'<a href="/escalations#[^"]+">(.*?)</a>'),
    ("h-todos", "Your to-dos", r'aria-label="Mark “(.*?)” done"'),
    ("h-reviews", "Rocks waiting for your review", r'<a href="/rocks/[^"]+">(.*?)</a>'),
    ("h-prep", "Meeting prep requested", r'<li><a href="[^"]+">(.*?)</a>'),
    ("h-inbox", "Unread inbox", r'aria-label="Mark “(.*?)” read"'),
]


def home_sections(page: str) -> dict[str, list[str]]:
    """What the home page lists, section by section: the digest's headings → item titles."""
    import re
    from html import unescape
    out = {}
    for section_id, heading, pattern in HOME_SECTIONS:
        found = re.search(rf'aria-labelledby="{section_id}">(.*?)</section>', page, re.S)
        titles = re.findall(pattern, found.group(1), re.S) if found else []
        out[heading] = [" ".join(unescape(t).split()) for t in titles]
    return out


def digest_sections(text: str) -> dict[str, list[str]]:
    """The digest's items, section by section (every heading present, empty when not in the mail)."""
    import re
    out = {heading: [] for _, heading, _ in HOME_SECTIONS}
    current = None
    for line in text.splitlines():
        heading = re.fullmatch(r"(.+) \(\d+\)", line)
        if heading and heading.group(1) in out:
            current = heading.group(1)
        elif current and line.startswith("- "):
            out[current].append(line[2:])
        elif not line.strip():
            current = None
    return out
