"""Inviting people: an invitation by email with a role, a one-time link (72 hours, single use,
stored hashed) to a page where the invitee sets a name and password, resending (a new link;
the old one says "replaced") and revoking (the link says "revoked").

Without SMTP configured the mail still queues, and `Issued.link` carries the path so the
inviting admin can copy it; with SMTP it stays None (the link exists only in the mail)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.passwords import hash_password, verify_password
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import ROLES, Membership, Organization, Person
from otp.people import links, mailing, passwords
from otp.people.models import Invitation, OneTimeLink


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    link: str | None  # the path to copy, when no mail goes out


def state_of(invitation: Invitation) -> str:
    """pending, expired (pending but its latest link ran out), accepted or revoked."""
    if invitation.state == "pending" and invitation.expires_at <= clock.now():
        return "expired"
    return invitation.state


def get(session: Session, actor: Actor, invitation_id: str) -> Invitation:
    row = session.get(Invitation, invitation_id) if isinstance(invitation_id, str) else None
    if row is None or row.org_id != actor.org_id:
        raise NotFound("no such invitation in this organization", field="invitation_id")
    return row


def list_invitations(session: Session, actor: Actor, *, state: str | None = None) -> list[Invitation]:
    if state is not None:
        validate.choice("state", state, ("pending", "expired", "accepted", "revoked"))
    require(session, actor, "read")
    rows = session.execute(select(Invitation).where(Invitation.org_id == actor.org_id)
                           .order_by(Invitation.created_at.desc())).scalars()
    return [r for r in rows if state is None or state_of(r) == state]


def invite(session: Session, actor: Actor, *, email: str, role: str = "member") -> Issued:
    email = validate.email("email", email)
    role = validate.choice("role", role, ROLES)
    require(session, actor, "person.manage", {"type": "person", "role": role},
            payload={"email": email, "role": role})
    if role == "owner" and actor.role != "owner" and actor.kind != "system":
        raise Forbidden("only an owner can invite another owner", field="role")
    member = session.execute(select(Membership).join(Person, Person.id == Membership.person_id).where(
        Membership.org_id == actor.org_id, Person.email == email)).scalar_one_or_none()
    if member is not None:
        raise Conflict(f"{email} is already a member" + (" (deactivated: reactivate them instead)"
                                                         if member.status != "active" else ""), field="email")
    pending = session.execute(select(Invitation.id).where(
        Invitation.org_id == actor.org_id, Invitation.email == email, Invitation.state == "pending")).first()
    if pending:
        raise Conflict(f"{email} already has a pending invitation; resend or revoke it", field="email")
    now = clock.now()
    row = Invitation(id=new_id("inv"), org_id=actor.org_id, email=email, role=role, state="pending",
                     invited_by=actor.id if actor.is_person else None, created_at=now, sent_at=now,
                     expires_at=now + links.INVITATION_TTL)
    session.add(row)
    session.flush()
    link = _send(session, actor, row)
    record(session, actor, "invitation.created", "invitation", row.id, {"email": email, "role": role})
    return Issued(row, link)


def resend(session: Session, actor: Actor, invitation_id: str) -> Issued:
    row = get(session, actor, invitation_id)
    require(session, actor, "person.manage", {"type": "invitation", "id": invitation_id},
            payload={"invitation_id": invitation_id})
    _must_be_pending(row)
    now = clock.now()
    row.sent_at, row.expires_at = now, now + links.INVITATION_TTL
    link = _send(session, actor, row)
    record(session, actor, "invitation.resent", "invitation", row.id, {"email": row.email})
    return Issued(row, link)


def revoke(session: Session, actor: Actor, invitation_id: str) -> Invitation:
    row = get(session, actor, invitation_id)
    require(session, actor, "person.manage", {"type": "invitation", "id": invitation_id},
            payload={"invitation_id": invitation_id})
    _must_be_pending(row)
    links.retire(session, kind="invitation", invitation_id=row.id, reason="revoked")
    row.state, row.revoked_at = "revoked", clock.now()
    record(session, actor, "invitation.revoked", "invitation", row.id, {"email": row.email})
    return row


def _must_be_pending(row: Invitation) -> None:
    if row.state != "pending":
        raise Conflict(f"this invitation was already {row.state}", field="invitation_id")


def _send(session: Session, actor: Actor, row: Invitation) -> str | None:
    link_row, token = links.issue(session, org_id=row.org_id, kind="invitation", ttl=links.INVITATION_TTL,
                                  invitation_id=row.id)
    org = session.get(Organization, row.org_id)
    path = links.path("invitation", token)
    mailing.invitation(session, org_id=row.org_id, org_name=org.name, to=row.email, role=row.role,
                       inviter=actor.name or "An administrator", path=path, dedup_key=f"invitation:{link_row.id}")
    return None if mailing.configured() else path


# --- the invitee's side: no actor yet, the link is the credential ----------------------------

@dataclass(frozen=True)
class Opened:
    link: OneTimeLink
    invitation: Invitation
    organization: Organization
    existing: Person | None  # already has an OTP account (another organization): asks for its password


def open_link(session: Session, token: str) -> Opened:
    """What the link invites to; NotFound / LinkGone (saying why) when it does not work."""
    link = links.find(session, "invitation", token)
    invitation = session.get(Invitation, link.invitation_id)
    if invitation.state == "revoked":
        raise links.LinkGone("invitation", "revoked")
    if invitation.state == "accepted":
        raise links.LinkGone("invitation", "used")
    existing = session.execute(select(Person).where(Person.email == invitation.email)).scalar_one_or_none()
    return Opened(link, invitation, session.get(Organization, invitation.org_id), existing)


def accept(session: Session, token: str, *, name: str = "", password: str = "") -> tuple[Person, Membership]:
    """Join the organization: a new account (name and password) or, for an email that already has
    one, that account after its password is checked. The link is used up atomically."""
    opened = open_link(session, token)
    invitation = opened.invitation
    person = opened.existing
    if person is None:
        name = validate.text("name", name)
        password = passwords.check(password)
    elif not verify_password(person.password_hash, password if isinstance(password, str) else ""):
        if person.password_hash:
            raise Invalid("wrong password for your existing OTP account", field="password")
        password = passwords.check(password)  # an account that never had a password sets one now
    if session.execute(select(Membership.id).where(Membership.org_id == invitation.org_id,
                                                   Membership.person_id == person.id)).first() if person else False:
        raise Conflict("this account is already a member of the organization", field="email")
    links.claim(session, opened.link)
    if person is None:
        person = Person(id=new_id("per"), email=invitation.email, name=name, password_hash=hash_password(password))
        session.add(person)
    elif not person.password_hash:
        person.password_hash = hash_password(password)
    session.flush()
    member = Membership(id=new_id("mem"), org_id=invitation.org_id, person_id=person.id, role=invitation.role)
    session.add(member)
    invitation.state, invitation.accepted_at, invitation.accepted_person_id = "accepted", clock.now(), person.id
    session.flush()
    joined = Actor(kind="person", id=person.id, org_id=invitation.org_id, name=person.name, role=member.role)
    record(session, joined, "invitation.accepted", "invitation", invitation.id,
           {"email": invitation.email, "role": invitation.role, "person_id": person.id, "name": person.name})
    return person, member
