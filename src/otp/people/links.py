"""One-time links: issue one (token shown once, stored hashed), find one by its token and say
exactly why it no longer works, use one up.

Using a link is an atomic claim (`UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL AND
expires_at > now`), so two tabs submitting the same link at once make one account, not two."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.core import clock
from otp.core.errors import NotFound, OTPError
from otp.core.ids import new_id
from otp.people.models import OneTimeLink

INVITATION_TTL = timedelta(hours=72)
RESET_TTL = timedelta(hours=2)
PATHS = {"invitation": "/join/", "reset": "/reset/"}
NOUN = {"invitation": "invitation link", "reset": "password reset link"}


class LinkGone(OTPError):
    """The link exists but no longer works; `state` says why (used, expired, revoked, replaced,
    deactivated) and the message says it in words."""
    status = 410
    code = "link_gone"

    def __init__(self, kind: str, state: str):
        noun = NOUN[kind]
        words = {
            "used": f"This {noun} was already used. Each link works once"
                    + ("; sign in with the password you set." if kind == "invitation" else
                       "; ask for a new one if you need to reset your password again."),
            "expired": f"This {noun} has expired. "
                       + ("Ask the person who invited you to send a new invitation." if kind == "invitation"
                          else "Ask for a new password reset link."),
            "revoked": f"This {noun} was revoked"
                       + (": the invitation was withdrawn. Ask an administrator if this is a mistake."
                          if kind == "invitation" else "."),
            "replaced": f"This {noun} was replaced by a newer one. Use the link in the most recent email.",
            "deactivated": "This account is deactivated in this organization. Ask an administrator.",
        }
        super().__init__(words[state], field="token", code=f"link_{state}")
        self.kind = kind
        self.state = state


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def path(kind: str, token: str) -> str:
    return PATHS[kind] + token


def issue(session: Session, *, org_id: str, kind: str, ttl: timedelta, invitation_id: str | None = None,
          person_id: str | None = None) -> tuple[OneTimeLink, str]:
    """A new link; earlier live links of the same target are marked replaced."""
    retire(session, kind=kind, invitation_id=invitation_id, person_id=person_id, reason="replaced")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = OneTimeLink(id=new_id("lnk"), org_id=org_id, kind=kind, token_hash=digest(token),
                      invitation_id=invitation_id, person_id=person_id, created_at=now, expires_at=now + ttl)
    session.add(row)
    session.flush()
    return row, token


def retire(session: Session, *, kind: str, reason: str, invitation_id: str | None = None,
           person_id: str | None = None) -> int:
    """Revoke the live links of one invitation (or one person's reset links)."""
    query = update(OneTimeLink).where(OneTimeLink.kind == kind, OneTimeLink.used_at.is_(None),
                                      OneTimeLink.revoked_at.is_(None))
    if invitation_id is not None:
        query = query.where(OneTimeLink.invitation_id == invitation_id)
    elif person_id is not None:
        query = query.where(OneTimeLink.person_id == person_id)
    else:
        return 0
    return session.execute(query.values(revoked_at=clock.now(), revoke_reason=reason)).rowcount or 0


def find(session: Session, kind: str, token: str) -> OneTimeLink:
    """The live link for `token`, or NotFound / LinkGone saying why not."""
    row = None
    if isinstance(token, str) and 20 <= len(token) <= 100:
        row = session.execute(select(OneTimeLink).where(OneTimeLink.token_hash == digest(token),
                                                        OneTimeLink.kind == kind)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"This {NOUN[kind]} is not valid. Check that the whole link was copied.", field="token")
    if row.used_at is not None:
        raise LinkGone(kind, "used")
    if row.revoked_at is not None:
        raise LinkGone(kind, row.revoke_reason or "revoked")
    if row.expires_at <= clock.now():
        raise LinkGone(kind, "expired")
    return row


def claim(session: Session, row: OneTimeLink) -> None:
    """Use the link up, atomically; a concurrent use that won first makes this one `used`."""
    now = clock.now()
    done = session.execute(update(OneTimeLink).where(
        OneTimeLink.id == row.id, OneTimeLink.used_at.is_(None), OneTimeLink.revoked_at.is_(None),
        OneTimeLink.expires_at > now).values(used_at=now))
    if not done.rowcount:
        session.refresh(row)
        raise LinkGone(row.kind, "used" if row.used_at is not None else
                       (row.revoke_reason or "revoked") if row.revoked_at is not None else "expired")
