"""Signing in and out of the web app.

`sign_in` never raises for a wrong password or a throttled try: the failure must be counted
and committed, so it returns a `SignIn` holding either the new session's cookie id or the
error for the page to show (after the caller's transaction commits).

Events: `session.started` and `session.ended` in the organization signed in to; a lockout
records `person.signin_locked` there and mails the account's owner."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth import sessions, throttle
from otp.auth.actor import Actor, system_actor
from otp.auth.models import WebSession
from otp.auth.passwords import hash_password, verify_password
from otp.governance.authz import require
from otp.core import clock
from otp.core.errors import NotFound, OTPError, Unauthorized
from otp.core.types import iso
from otp.events.service import record
from otp.org.models import Membership, Organization, Person
from otp.people import mailing

WRONG = "Unknown email or wrong password."
# Checked when the email is unknown, so that answering takes as long as for a real account.
_DUMMY_HASH = hash_password("not a real password")


class WrongPassword(Unauthorized):
    """A failed sign-in; `retry_after` (seconds) when the next try must wait."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message, field="password")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignIn:
    cookie: str | None = None  # the session id for the cookie, on success
    person_id: str | None = None
    org_id: str | None = None
    error: OTPError | None = None


def sign_in(session: Session, *, email: str, password: str, address: str = "", user_agent: str = "") -> SignIn:
    email = (email or "").strip().lower()[:254]
    keys = {"account": email or "-", "address": address or "unknown"}
    person = session.execute(select(Person).where(Person.email == email)).scalar_one_or_none() if email else None
    try:
        throttle.check(session, keys)
    except throttle.TooManyAttempts as refused:
        _failed(session, keys, person, address)
        return SignIn(error=refused)
    if person is None:
        verify_password(_DUMMY_HASH, password or "")
        ok = False
    else:
        ok = verify_password(person.password_hash, password or "")
    if not ok:
        _failed(session, keys, person, address)
        try:
            throttle.check(session, keys)
        except throttle.TooManyAttempts as wait:
            if wait.locked:
                return SignIn(error=wait)
            return SignIn(error=WrongPassword(f"{WRONG} Wait {throttle.duration(wait.retry_after)} before trying again.",
                                              retry_after=wait.retry_after))
        return SignIn(error=WrongPassword(WRONG))
    org_id = session.execute(select(Membership.org_id).join(Organization, Organization.id == Membership.org_id)
                             .where(Membership.person_id == person.id, Membership.status == "active")
                             .order_by(Organization.created_at)).scalars().first()
    if org_id is None:
        return SignIn(error=Unauthorized("This account is not active in any organization; ask an administrator.",
                                         field="email"))
    throttle.succeed(session, email)
    row, cookie = sessions.start(session, person_id=person.id, org_id=org_id, user_agent=user_agent, address=address)
    record(session, _person(session, person, org_id), "session.started", "session", row.id, {"address": address})
    return SignIn(cookie=cookie, person_id=person.id, org_id=org_id)


def _person(session: Session, person: Person, org_id: str) -> Actor:
    role = session.execute(select(Membership.role).where(Membership.org_id == org_id,
                                                         Membership.person_id == person.id)).scalar_one()
    return Actor(kind="person", id=person.id, org_id=org_id, name=person.name, role=role)


def _failed(session: Session, keys: dict, person: Person | None, address: str) -> bool:
    """Count the failure; on a fresh account lockout, tell the account's owner. True if locked now."""
    locked = throttle.fail(session, keys)
    if "account" in locked and person is not None:
        org_id = session.execute(select(Membership.org_id).join(Organization, Organization.id == Membership.org_id)
                                 .where(Membership.person_id == person.id, Membership.status == "active")
                                 .order_by(Organization.created_at)).scalars().first()
        if org_id is not None:
            minutes = int(throttle.ACCOUNT.lock_for.total_seconds() // 60)
            stamp = iso(clock.now())
            mailing.signin_locked(session, org_id=org_id, person_id=person.id, to=person.email, minutes=minutes,
                                  address=address, dedup_key=f"signin-locked:{person.id}:{stamp}")
            record(session, system_actor(org_id), "person.signin_locked", "person", person.id,
                   {"address": address, "minutes": minutes})
    return bool(locked)


def start_for(session: Session, *, person_id: str, org_id: str, address: str = "", user_agent: str = "") -> str:
    """A session for a person who just proved who they are another way (an invitation or reset link)."""
    row, cookie = sessions.start(session, person_id=person_id, org_id=org_id, user_agent=user_agent, address=address)
    record(session, _person(session, session.get(Person, person_id), org_id), "session.started", "session", row.id,
           {"address": address})
    return cookie


def sign_out(session: Session, actor: Actor, session_row_id: str) -> None:
    """Logout: this browser's session ends; its cookie no longer works anywhere."""
    if sessions.revoke(session, session_row_id, "logout"):
        record(session, actor, "session.ended", "session", session_row_id, {"reason": "logout"})


def _may_manage(session: Session, actor: Actor, person_id: str) -> None:
    """A person manages their own sessions; someone else's need person.manage (admins)."""
    if actor.kind == "person" and actor.id == person_id:
        require(session, actor, "read")  # the credential must at least be valid for this organization
        return
    require(session, actor, "person.manage", {"type": "person", "id": person_id}, payload={"person_id": person_id})


def list_sessions(session: Session, actor: Actor, person_id: str) -> list[WebSession]:
    _may_manage(session, actor, person_id)
    return sessions.live(session, person_id=person_id, org_id=actor.org_id)


def end_session(session: Session, actor: Actor, person_id: str, session_row_id: str) -> None:
    _may_manage(session, actor, person_id)
    row = session.get(WebSession, session_row_id) if isinstance(session_row_id, str) else None
    if row is None or row.org_id != actor.org_id or row.person_id != person_id:
        raise NotFound("no such session", field="session_id")
    if sessions.revoke(session, row.id, "signed_out"):
        record(session, actor, "session.ended", "session", row.id, {"reason": "signed_out", "person_id": person_id})


def sign_out_everywhere(session: Session, actor: Actor, person_id: str, *, keep: str | None = None) -> int:
    """End every session of the person in this organization (except `keep`, this browser's)."""
    from otp.people.membership import get_member
    get_member(session, actor, person_id)
    _may_manage(session, actor, person_id)
    ended = sessions.revoke_all(session, person_id=person_id, org_id=actor.org_id, reason="signed_out", keep=keep)
    if ended:
        record(session, actor, "person.signed_out_everywhere", "person", person_id, {"sessions_ended": ended})
    return ended
