"""People and their membership in an organization."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.auth.passwords import hash_password
from otp.governance.authz import require
from otp.core import validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import ROLES, Membership, Person, Seat


def create_person(session: Session, *, email: str, name: str, password: str | None = None) -> Person:
    """A person exists across organizations; membership binds them to one (see add_member)."""
    email = validate.email("email", email)
    name = validate.text("name", name)
    if password is not None and len(password) < 4:
        raise Invalid("password must be at least 4 characters", field="password")
    if session.execute(select(Person.id).where(Person.email == email)).first():
        raise Conflict(f"a person with email {email} already exists", field="email")
    person = Person(id=new_id("per"), email=email, name=name,
                    password_hash=hash_password(password) if password else None)
    session.add(person)
    session.flush()
    return person


def add_member(session: Session, actor: Actor, *, email: str, name: str, role: str = "member",
               password: str | None = None) -> tuple[Person, Membership]:
    email = validate.email("email", email)
    role = validate.choice("role", role, ROLES)
    require(session, actor, "person.manage", {"type": "person", "role": role})
    if role == "owner" and actor.role != "owner" and actor.kind != "system":
        raise Forbidden("only an owner can add another owner", field="role")
    person = session.execute(select(Person).where(Person.email == email)).scalar_one_or_none()
    if person is None:
        person = create_person(session, email=email, name=name, password=password)
    elif session.execute(select(Membership.id).where(
            Membership.org_id == actor.org_id, Membership.person_id == person.id)).first():
        raise Conflict(f"{email} is already a member", field="email")
    member = Membership(id=new_id("mem"), org_id=actor.org_id, person_id=person.id, role=role)
    session.add(member)
    session.flush()
    record(session, actor, "person.added", "person", person.id, {"email": email, "name": person.name, "role": role})
    return person, member


def get_member(session: Session, actor: Actor, person_id: str) -> tuple[Person, Membership]:
    row = session.execute(
        select(Person, Membership).join(Membership, Membership.person_id == Person.id)
        .where(Membership.org_id == actor.org_id, Person.id == person_id)).first()
    if row is None:
        raise NotFound("no such person in this organization", field="person_id")
    return row[0], row[1]


def list_members(session: Session, actor: Actor) -> list[tuple[Person, Membership]]:
    rows = session.execute(
        select(Person, Membership).join(Membership, Membership.person_id == Person.id)
        .where(Membership.org_id == actor.org_id).order_by(Person.name)).all()
    return [(p, m) for p, m in rows]


def update_member(session: Session, actor: Actor, person_id: str, changes: dict) -> tuple[Person, Membership]:
    person, member = get_member(session, actor, person_id)
    clean: dict = {}
    for key, value in changes.items():
        if key == "name":
            clean[key] = validate.text("name", value)
        elif key == "role":
            clean[key] = validate.choice("role", value, ROLES)
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    require(session, actor, "person.manage", {"type": "person", "id": person_id})
    if "role" in clean:
        check_role_change(session, actor, member, clean["role"])
    if "name" in clean:
        person.name = clean["name"]
    if "role" in clean:
        member.role = clean["role"]
    record(session, actor, "person.updated", "person", person.id, clean)
    if "name" in clean:
        _tell_their_other_organizations(session, actor.org_id, person.id, clean["name"])
    return person, member


def _tell_their_other_organizations(session: Session, org_id: str, person_id: str, name: str) -> None:
    """A person's name is one for all their organizations: each of the others records the change
    in its own chain (its log, webhooks and live pages learn of it), as the organization's system,
    naming neither who renamed them nor where."""
    others = session.execute(select(Membership.org_id).where(
        Membership.person_id == person_id, Membership.org_id != org_id).order_by(Membership.org_id)).scalars()
    for other in list(others):
        record(session, system_actor(other), "person.updated", "person", person_id, {"name": name})


def remove_member(session: Session, actor: Actor, person_id: str) -> None:
    person, member = get_member(session, actor, person_id)
    require(session, actor, "person.manage", {"type": "person", "id": person_id})
    if member.role == "owner":
        _ensure_another_owner(session, actor.org_id, person_id)
    held = session.execute(select(Seat.id).where(
        Seat.org_id == actor.org_id, Seat.occupant_person_id == person_id)).first()
    if held:
        raise Conflict("this person still holds a seat; vacate or reassign it first", field="person_id")
    session.delete(member)
    record(session, actor, "person.removed", "person", person.id, {"email": person.email})


def check_role_change(session: Session, actor: Actor, member: Membership, role: str) -> None:
    """The rules of a role change, for every face: only an owner makes or demotes an owner, and
    the last active owner stays one."""
    if member.role == role:
        return
    if "owner" in (role, member.role) and actor.kind != "system" and actor.role != "owner":
        raise Forbidden("only an owner can make or demote an owner", field="role")
    if member.role == "owner":
        _ensure_another_owner(session, actor.org_id, member.person_id)


def _ensure_another_owner(session: Session, org_id: str, person_id: str, field: str = "role") -> None:
    others = session.execute(select(Membership.id).where(
        Membership.org_id == org_id, Membership.role == "owner", Membership.status == "active",
        Membership.person_id != person_id)).first()
    if not others:
        raise Conflict("this is the last owner: make someone else an owner first", field=field)
