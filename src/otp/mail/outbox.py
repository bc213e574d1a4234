"""Queueing mail: one row in the caller's transaction. The caller commits (or rolls back) it
together with its cause; the worker (`otp.mail.sending`) sends it later."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.core.errors import Invalid
from otp.core.ids import new_id
from otp.mail.kinds import OPTIONAL
from otp.mail.models import MailMessage, MailOptOut


def queue_mail(session: Session, *, org_id: str, to: str, kind: str, subject: str, text: str,
               html: str | None = None, person_id: str | None = None, dedup_key: str | None = None) -> str:
    """Queue one message and return its id; nothing is committed here.

    With a `dedup_key`, a second call for the same (org_id, dedup_key) queues nothing and returns
    the first message's id — also when two transactions race (the unique constraint decides).
    A person who opted out of an optional kind gets a row in state `suppressed`: the cause still
    has its mail on record, and nothing is sent."""
    to = _header("to", to, 254)
    if "@" not in to:
        raise Invalid("an email address is needed", field="to")
    kind = _header("kind", kind, 40)
    subject = _header("subject", subject, 300)
    if not isinstance(text, str) or not text.strip():
        raise Invalid("the text of the mail is empty", field="text")
    if dedup_key is not None:
        dedup_key = _header("dedup_key", dedup_key, 200)
        existing = _existing(session, org_id, dedup_key)
        if existing is not None:
            return existing
    message = MailMessage(id=new_id("mail"), org_id=org_id, person_id=person_id, to_address=to, kind=kind,
                          subject=subject, text=text, html=html, dedup_key=dedup_key,
                          state="suppressed" if _opted_out(session, person_id, kind) else "queued")
    if dedup_key is None:
        session.add(message)
        session.flush()
        return message.id
    try:
        with session.begin_nested():  # a savepoint: losing the race must not undo the caller's work
            session.add(message)
    except IntegrityError:
        existing = _existing(session, org_id, dedup_key)
        if existing is None:
            raise
        return existing
    return message.id


def _existing(session: Session, org_id: str, dedup_key: str) -> str | None:
    return session.execute(select(MailMessage.id).where(MailMessage.org_id == org_id,
                                                        MailMessage.dedup_key == dedup_key)).scalar_one_or_none()


def _opted_out(session: Session, person_id: str | None, kind: str) -> bool:
    if person_id is None or kind not in OPTIONAL:
        return False
    return session.get(MailOptOut, (person_id, kind)) is not None


def _header(field: str, value, max_len: int) -> str:
    """One line of text: a newline in a header field would let it forge other headers."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{field} is required", field=field)
    value = value.strip()
    if "\r" in value or "\n" in value:
        raise Invalid(f"{field} must be one line", field=field)
    if len(value) > max_len:
        raise Invalid(f"{field} is longer than {max_len} characters", field=field)
    return value
