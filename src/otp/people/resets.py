"""Password resets by one-time link (2 hours, single use, stored hashed).

Anyone may ask for one by email: the answer is the same whether the address has an account or
not (no way to probe who is a member), and a person gets at most one new link a minute. An
admin may also issue one from a person's page; without SMTP the admin sees the link to copy.
Setting the new password uses the link up, signs the person out everywhere, clears their
failed sign-ins, and (in the face) signs them in on this browser."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth import sessions, throttle
from otp.auth.actor import Actor, system_actor
from otp.auth.passwords import hash_password
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Invalid
from otp.events.service import record
from otp.org.models import Membership, Organization, Person
from otp.people import links, mailing, passwords
from otp.people.models import OneTimeLink

REQUEST_INTERVAL = timedelta(minutes=1)


def _first_active_org(session: Session, person_id: str) -> str | None:
    return session.execute(select(Membership.org_id).join(Organization, Organization.id == Membership.org_id)
                           .where(Membership.person_id == person_id, Membership.status == "active")
                           .order_by(Organization.created_at)).scalars().first()


def request_reset(session: Session, *, email: str, address: str = "") -> None:
    """Queue a reset mail if `email` belongs to an active member; say nothing either way."""
    try:
        email = validate.email("email", email)
    except Invalid:
        raise Invalid("enter the email address you sign in with", field="email") from None
    person = session.execute(select(Person).where(Person.email == email)).scalar_one_or_none()
    org_id = _first_active_org(session, person.id) if person else None
    if person is None or org_id is None:
        return
    recent = session.execute(select(OneTimeLink.id).where(
        OneTimeLink.kind == "reset", OneTimeLink.person_id == person.id,
        OneTimeLink.created_at > clock.now() - REQUEST_INTERVAL)).first()
    if recent:
        return  # one mail a minute is enough; the earlier one is still good
    _issue(session, system_actor(org_id), person, via="request", address=address)


def issue_reset(session: Session, actor: Actor, person_id: str) -> str | None:
    """An admin sends a person a reset link. Returns the path to copy when no mail goes out."""
    from otp.people.membership import get_member
    person, member = get_member(session, actor, person_id)
    require(session, actor, "person.manage", {"type": "person", "id": person_id},
            payload={"person_id": person_id})
    if member.status != "active":
        raise Invalid("this person is deactivated; reactivate them first", field="person_id")
    path = _issue(session, actor, person, via="admin")
    return None if mailing.configured() else path


def _issue(session: Session, actor: Actor, person: Person, *, via: str, address: str = "") -> str:
    row, token = links.issue(session, org_id=actor.org_id, kind="reset", ttl=links.RESET_TTL, person_id=person.id)
    path = links.path("reset", token)
    mailing.password_reset(session, org_id=actor.org_id, person_id=person.id, to=person.email, path=path,
                           dedup_key=f"reset:{row.id}")
    record(session, actor, "person.password_reset_sent", "person", person.id,
           {"via": via, "address": address} if address else {"via": via})
    return path


def open_link(session: Session, token: str) -> tuple[OneTimeLink, Person]:
    link = links.find(session, "reset", token)
    member = session.execute(select(Membership).where(Membership.org_id == link.org_id,
                                                      Membership.person_id == link.person_id)).scalar_one_or_none()
    if member is None or member.status != "active":
        raise links.LinkGone("reset", "deactivated")
    return link, session.get(Person, link.person_id)


def complete_reset(session: Session, token: str, *, password: str) -> tuple[Person, Membership]:
    """Set the new password; returns the person and the membership to sign in to."""
    link, person = open_link(session, token)
    password = passwords.check(password)
    links.claim(session, link)
    links.retire(session, kind="reset", person_id=person.id, reason="replaced")
    person.password_hash = hash_password(password)
    ended = sessions.revoke_all(session, person_id=person.id, reason="password_changed")
    throttle.succeed(session, person.email)
    member = session.execute(select(Membership).where(Membership.org_id == link.org_id,
                                                      Membership.person_id == person.id)).scalar_one()
    who = Actor(kind="person", id=person.id, org_id=link.org_id, name=person.name, role=member.role)
    record(session, who, "person.password_changed", "person", person.id, {"via": "reset", "sessions_ended": ended})
    return person, member
