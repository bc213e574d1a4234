"""A member's standing in the organization: role changes and deactivation.

- The last active owner can be neither demoted nor deactivated; only an owner may make an
  owner, demote one or deactivate one.
- Deactivating ends the person's sessions and revokes their API tokens in this organization
  at once (and token and session lookups refuse a deactivated membership besides). Seats they
  hold cannot be left pointing at someone who cannot act: like deleting a seat that owns work,
  it is refused with a 409 naming the seats unless the admin chooses — `reassign_to`
  ("person:ID" or "agent:ID", who takes every seat) or `vacate=True` (the seats stay on the
  chart, visibly vacant). Each seat change is the chart's own service and event.
- Reactivating gives the membership back, not the old credentials: new sessions need a sign-in
  and tokens must be made again."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth import sessions
from otp.auth.actor import Actor
from otp.auth.models import ApiToken
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.events.service import record
from otp.org import chart
from otp.org.people import check_role_change
from otp.org.models import ROLES, Membership, Person, Seat

STATUSES = ("active", "deactivated")


def get_member(session: Session, actor: Actor, person_id: str) -> tuple[Person, Membership]:
    row = session.execute(select(Person, Membership).join(Membership, Membership.person_id == Person.id)
                          .where(Membership.org_id == actor.org_id, Person.id == person_id)).first() \
        if isinstance(person_id, str) else None
    if row is None:
        raise NotFound("no such person in this organization", field="person_id")
    return row[0], row[1]


def seats_held(session: Session, org_id: str, person_id: str) -> list[Seat]:
    return list(session.execute(select(Seat).where(Seat.org_id == org_id, Seat.occupant_person_id == person_id)
                                .order_by(Seat.title)).scalars())


def _other_active_owner(session: Session, org_id: str, person_id: str) -> bool:
    return session.execute(select(Membership.id).where(
        Membership.org_id == org_id, Membership.role == "owner", Membership.status == "active",
        Membership.person_id != person_id)).first() is not None


def _owner_only(actor: Actor, why: str, field: str) -> None:
    if actor.kind != "system" and actor.role != "owner":
        raise Forbidden(f"only an owner can {why}", field=field)


def change_role(session: Session, actor: Actor, person_id: str, role: str) -> Membership:
    role = validate.choice("role", role, ROLES)
    person, member = get_member(session, actor, person_id)
    require(session, actor, "person.manage", {"type": "person", "id": person_id, "role": role},
            payload={"person_id": person_id, "role": role})
    if member.role == role:
        return member
    check_role_change(session, actor, member, role)
    previous, member.role = member.role, role
    record(session, actor, "person.role_changed", "person", person_id, {"from": previous, "to": role})
    return member


def _holder(session: Session, actor: Actor, reassign_to: str, person_id: str) -> tuple[str, str]:
    kind, _, holder_id = reassign_to.partition(":") if isinstance(reassign_to, str) else ("", "", "")
    if kind not in ("person", "agent") or not holder_id:
        raise Invalid("reassign_to must be person:ID or agent:ID", field="reassign_to")
    if kind == "person" and holder_id == person_id:
        raise Invalid("reassign_to must be someone other than the person being deactivated", field="reassign_to")
    return kind, holder_id


def deactivate(session: Session, actor: Actor, person_id: str, *, reassign_to: str | None = None,
               vacate: bool = False) -> Membership:
    if not isinstance(vacate, bool):
        raise Invalid("vacate must be true or false", field="vacate")
    if reassign_to is not None and vacate:
        raise Invalid("choose one: reassign_to (who takes the seats) or vacate", field="reassign_to")
    holder = _holder(session, actor, reassign_to, person_id) if reassign_to is not None else None
    person, member = get_member(session, actor, person_id)
    require(session, actor, "person.manage", {"type": "person", "id": person_id},
            payload={"person_id": person_id, "reassign_to": reassign_to, "vacate": vacate})
    if member.status == "deactivated":
        return member
    if person_id == actor.id:
        raise Conflict("you cannot deactivate yourself; ask another admin", field="person_id")
    if member.role == "owner":
        _owner_only(actor, "deactivate an owner", "person_id")
        if not _other_active_owner(session, actor.org_id, person_id):
            raise Conflict("this is the last owner: make someone else an owner first", field="person_id")
    seats = seats_held(session, actor.org_id, person_id)
    if seats and holder is None and not vacate:
        titles = ", ".join(s.title for s in seats)
        raise Conflict(f"{person.name} holds {len(seats)} seat(s) ({titles}); give reassign_to (who takes them) "
                       "or vacate them", field="reassign_to")
    for seat in seats:
        if holder is not None:
            chart.assign_occupant(session, actor, seat.id, kind=holder[0], occupant_id=holder[1], replace=True)
        else:
            chart.vacate(session, actor, seat.id)
    now = clock.now()
    member.status, member.deactivated_at = "deactivated", now
    ended = sessions.revoke_all(session, person_id=person_id, org_id=actor.org_id, reason="deactivated")
    revoked = session.execute(update(ApiToken).where(
        ApiToken.org_id == actor.org_id, ApiToken.person_id == person_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)).rowcount or 0
    record(session, actor, "person.deactivated", "person", person_id, {
        "seats": [{"id": s.id, "title": s.title} for s in seats],
        "seats_to": reassign_to if seats and holder else ("vacant" if seats else None),
        "sessions_ended": ended, "tokens_revoked": revoked})
    return member


def reactivate(session: Session, actor: Actor, person_id: str) -> Membership:
    person, member = get_member(session, actor, person_id)
    require(session, actor, "person.manage", {"type": "person", "id": person_id},
            payload={"person_id": person_id})
    if member.status == "active":
        return member
    if member.role == "owner":
        _owner_only(actor, "reactivate an owner", "person_id")
    member.status, member.deactivated_at = "active", None
    record(session, actor, "person.reactivated", "person", person_id, {"role": member.role})
    return member
