"""Server-side web sessions. The browser's cookie carries a random session id (256 bits); the
database keeps only its SHA-256, with the person, the organization and the times that decide
whether it still works:

- revoked (logout, password change, deactivation, "sign out everywhere") → refused at once;
- past `expires_at` (14 days after sign-in) → refused;
- idle longer than the organization's `session_idle_timeout_minutes` → refused.

`last_seen_at` is written at most once a minute per session (like a token's last use), so a
page view is not a write; the idle timeout is accurate to that minute.

Low layer: rows only. Who may revoke what, and the events, live in otp.people.signin."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import WebSession
from otp.core import clock
from otp.core.errors import Unauthorized
from otp.core.ids import new_id
from otp.org.models import Membership, Organization, Person

LIFETIME = timedelta(days=14)
SEEN_RESOLUTION = timedelta(seconds=60)
IDLE_SETTING = "session_idle_timeout_minutes"
DEFAULT_IDLE_MINUTES = 720  # 12 hours without a request ends a session


def digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def idle_minutes(settings: dict | None) -> float:
    """The organization's idle timeout; a malformed stored value falls back to the default (the
    setting is validated when written, see otp.org.orgs)."""
    value = (settings or {}).get(IDLE_SETTING)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        return DEFAULT_IDLE_MINUTES
    return float(value)


def start(session: Session, *, person_id: str, org_id: str, user_agent: str = "", address: str = ""
          ) -> tuple[WebSession, str]:
    """A new session row; returns (row, the id for the cookie). The id is never stored."""
    plaintext = secrets.token_urlsafe(32)
    now = clock.now()
    row = WebSession(id=new_id("ses"), org_id=org_id, person_id=person_id, token_hash=digest(plaintext),
                     user_agent=(user_agent or "")[:300], address=(address or "")[:64], created_at=now,
                     last_seen_at=now, expires_at=now + LIFETIME)
    session.add(row)
    session.flush()
    return row, plaintext


@dataclass(frozen=True)
class Resolved:
    actor: Actor
    session_id: str  # the row's id (not the cookie's secret)
    stale: bool  # last_seen_at is due to be written


_LOOKUP = (select(WebSession.id, WebSession.person_id, WebSession.org_id, WebSession.last_seen_at,
                  WebSession.expires_at, WebSession.revoked_at, Person.name, Membership.role,
                  Membership.status, Organization.settings)
           .join(Person, Person.id == WebSession.person_id)
           .join(Organization, Organization.id == WebSession.org_id)
           .outerjoin(Membership, (Membership.person_id == WebSession.person_id)
                      & (Membership.org_id == WebSession.org_id)))


def resolve(session: Session, session_id: str | None) -> Resolved:
    """The cookie's session id → the person acting, or Unauthorized saying why."""
    if not isinstance(session_id, str) or not session_id:
        raise Unauthorized("not signed in")
    row = session.execute(_LOOKUP.where(WebSession.token_hash == digest(session_id))).first()
    if row is None:
        raise Unauthorized("unknown session")
    (row_id, person_id, org_id, last_seen_at, expires_at, revoked_at, name, role, status, settings) = row
    now = clock.now()
    if revoked_at is not None:
        raise Unauthorized("this session was signed out")
    if expires_at <= now:
        raise Unauthorized("this session expired; sign in again")
    if now - last_seen_at > timedelta(minutes=idle_minutes(settings)):
        raise Unauthorized("this session was idle too long; sign in again")
    if role is None or status != "active":
        raise Unauthorized("not an active member of this organization")
    actor = Actor(kind="person", id=person_id, org_id=org_id, name=name, role=role)
    return Resolved(actor=actor, session_id=row_id, stale=now - last_seen_at > SEEN_RESOLUTION)


def touch(session: Session, row_id: str) -> None:
    session.execute(update(WebSession).where(WebSession.id == row_id, WebSession.revoked_at.is_(None))
                    .values(last_seen_at=clock.now()))


def revoke(session: Session, row_id: str, reason: str) -> bool:
    """End one session; False when it had already ended (nothing changed)."""
    done = session.execute(update(WebSession).where(WebSession.id == row_id, WebSession.revoked_at.is_(None))
                           .values(revoked_at=clock.now(), revoke_reason=reason))
    return bool(done.rowcount)


def revoke_all(session: Session, *, person_id: str, reason: str, org_id: str | None = None,
               keep: str | None = None) -> int:
    """End every live session of a person (in one organization, or everywhere), except `keep`."""
    query = update(WebSession).where(WebSession.person_id == person_id, WebSession.revoked_at.is_(None))
    if org_id is not None:
        query = query.where(WebSession.org_id == org_id)
    if keep is not None:
        query = query.where(WebSession.id != keep)
    return session.execute(query.values(revoked_at=clock.now(), revoke_reason=reason)).rowcount or 0


def live(session: Session, *, person_id: str, org_id: str) -> list[WebSession]:
    """The person's sessions that still work (not revoked, not expired, not idle past the timeout)."""
    org = session.get(Organization, org_id)
    now = clock.now()
    idle = timedelta(minutes=idle_minutes(org.settings if org else None))
    rows = session.execute(select(WebSession).where(
        WebSession.person_id == person_id, WebSession.org_id == org_id, WebSession.revoked_at.is_(None),
        WebSession.expires_at > now).order_by(WebSession.last_seen_at.desc())).scalars()
    return [r for r in rows if now - r.last_seen_at <= idle]


def last_seen(row: WebSession) -> datetime:
    return row.last_seen_at
