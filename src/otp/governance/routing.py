"""Who answers: the nearest human-held seat above a seat (skipping vacancies and agent seats),
optionally one whose holder has the authority for a held action."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.governance.decide import decide
from otp.governance.model import Actor, Resource
from otp.governance.store import policy_for
from otp.org.models import Membership, Seat
from otp.org.tree import Tree

Route = tuple[str | None, str]  # (seat id or None when no seat fits, person id)


def seat_of(session: Session, kind: str, holder_id: str | None) -> str | None:
    """The seat an actor acts from: the first one it holds (oldest), or None."""
    if holder_id is None or kind not in ("person", "agent"):
        return None
    column = Seat.occupant_person_id if kind == "person" else Seat.occupant_agent_id
    return session.execute(select(Seat.id).where(column == holder_id).order_by(Seat.created_at, Seat.id)
                           .limit(1)).scalar()


def person_on(session: Session, seat_id: str) -> str | None:
    return session.execute(select(Seat.occupant_person_id).where(Seat.id == seat_id)).scalar()


def human_above(session: Session, org_id: str, seat_id: str | None, *, tree: Tree | None = None,
                accept: Callable[[str, str], bool] | None = None, exclude: set | None = None) -> Route | None:
    """Nearest person-held seat strictly above `seat_id` whose holder `accept`s (seat, person)."""
    if seat_id is None:
        return None
    tree = tree or Tree.load(session, org_id)
    for above in tree.ancestors(seat_id):
        if tree.holder.get(above) != "person":
            continue  # vacancies and agent seats never answer
        person = person_on(session, above)
        if person is None or (exclude and person in exclude):
            continue
        if accept is None or accept(above, person):
            return above, person
    return None


def owners(session: Session, org_id: str) -> list[str]:
    return list(session.execute(select(Membership.person_id).where(
        Membership.org_id == org_id, Membership.role == "owner").order_by(Membership.created_at)).scalars())


def top(session: Session, org_id: str, *, tree: Tree | None = None, exclude: set | None = None) -> Route | None:
    """The organization's top: the root seat when a person holds it, else the first owner."""
    tree = tree or Tree.load(session, org_id)
    for root in tree.roots():
        person = person_on(session, root) if tree.holder.get(root) == "person" else None
        if person and not (exclude and person in exclude):
            return root, person
    for person in owners(session, org_id):
        if not (exclude and person in exclude):
            return None, person
    return None


def has_authority(session: Session, org_id: str, person_id: str, action: str, resource: dict,
                  requester: tuple[str, str | None], requester_seat: str | None, tree: Tree) -> bool:
    """A person may answer if they may decide approvals for this requester and could perform the
    held action themselves (a member cannot sign off an agent's level change, say)."""
    from otp.governance.gate import to_resource
    role = session.execute(select(Membership.role).where(Membership.org_id == org_id,
                                                         Membership.person_id == person_id)).scalar()
    if role is None:
        return False
    seats = frozenset(session.execute(select(Seat.id).where(Seat.occupant_person_id == person_id)).scalars())
    who = Actor("person", person_id, org_id, role, None, "active", seats)
    policy = policy_for(session, org_id)
    held = to_resource(session, org_id, resource, tree) or Resource(org_id=org_id)
    approval = Resource(org_id=org_id, type="approval", requester_id=requester[1] or "system",
                        requester_kind=requester[0], held_action=action, owner_seat_id=requester_seat,
                        owner_seat_ancestor_ids=frozenset(tree.ancestors(requester_seat)) if requester_seat else (),
                        target_agent_id=held.target_agent_id, amount_cents=held.amount_cents, channel=held.channel)
    try:
        return decide(policy, who, "approval.decide", approval).allowed and decide(policy, who, action, held).allowed
    except ValueError:
        return False
