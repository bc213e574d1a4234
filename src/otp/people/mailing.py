"""The mail people get from this domain (invitation, password reset, sign-in locked), queued in
the caller's transaction through the mail outbox. Without SMTP configured the mail still
queues (and goes out once SMTP is set); the pages then show the link for an admin to copy."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.core import config
from otp.mail.links import public_link
from otp.mail.outbox import queue_mail


def configured() -> bool:
    return config.smtp_url() is not None


def invitation(session: Session, *, org_id: str, org_name: str, to: str, role: str, inviter: str, path: str,
               dedup_key: str) -> str:
    link = public_link(path)
    text = (f"{inviter} invited you to join {org_name} on OTP as {_a(role)} {role}.\n\n"
            f"Set your name and password here (the link works once, for 72 hours):\n{link}\n\n"
            "If you did not expect this, ignore this message.\n")
    return queue_mail(session, org_id=org_id, to=to, kind="invitation", dedup_key=dedup_key,
                      subject=f"You are invited to {org_name} on OTP", text=text)


def password_reset(session: Session, *, org_id: str, person_id: str, to: str, path: str, dedup_key: str) -> str:
    link = public_link(path)
    text = ("Someone (hopefully you) asked to reset your OTP password.\n\n"
            f"Choose a new password here (the link works once, for 2 hours):\n{link}\n\n"
            "If you did not ask, ignore this message: your password stays as it is.\n")
    return queue_mail(session, org_id=org_id, to=to, kind="password_reset", person_id=person_id,
                      dedup_key=dedup_key, subject="Reset your OTP password", text=text)


def signin_locked(session: Session, *, org_id: str, person_id: str, to: str, minutes: int, address: str,
                  dedup_key: str) -> str:
    text = (f"There were too many failed sign-ins to your OTP account (the last from {address or 'an unknown address'}), "
            f"so signing in is locked for {minutes} minutes.\n\n"
            "If this was you, wait and try again. If it was not, someone may be guessing your password: "
            f"reset it here: {public_link('/reset')}\n")
    return queue_mail(session, org_id=org_id, to=to, kind="signin_locked", person_id=person_id,
                      dedup_key=dedup_key, subject="Sign-in to OTP locked after failed attempts", text=text)


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
