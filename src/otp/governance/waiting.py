"""What waits on people across the organization: open approval requests and open escalations,
for owners and admins, filtered by whom they wait on, how long they have waited and which agent
asked. A member sees only what waits on them and what they asked (approvals.inbox / mine); asking
for the whole organization as a member is refused, naming `view`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock, validate
from otp.core.errors import Forbidden, Invalid
from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest, Escalation
from otp.org.models import Agent, Membership, Person

ORG_ROLES = ("owner", "admin")
MAX_HOURS = 24 * 365


@dataclass
class Filters:
    on: str | None = None  # a person id: what waits on them
    older_than_hours: int | None = None
    agent: str | None = None  # an agent id: what it asked or raised

    @property
    def any(self) -> bool:
        return bool(self.on or self.older_than_hours or self.agent)


@dataclass
class Waiting:
    approvals: list[ApprovalRequest] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)


def role_of(session: Session, actor: Actor) -> str | None:
    if actor.kind != "person":
        return None
    return session.execute(select(Membership.role).where(Membership.org_id == actor.org_id,
                                                         Membership.person_id == actor.id)).scalar()


def sees_organization(session: Session, actor: Actor) -> bool:
    return role_of(session, actor) in ORG_ROLES


def filters(session: Session, actor: Actor, *, on: str | None = None, older_than_hours=None,
            agent: str | None = None) -> Filters:
    """Checked filters: a person and an agent of this organization, a whole number of hours."""
    on = on or None
    agent = agent or None
    if on is not None and session.execute(select(Membership.person_id).where(
            Membership.org_id == actor.org_id, Membership.person_id == on)).scalar() is None:
        raise Invalid("no such person in this organization", field="on")
    if agent is not None:
        row = session.get(Agent, agent) if isinstance(agent, str) else None
        if row is None or row.org_id != actor.org_id:
                raise Invalid("no such agent in this organization", field="agent")
    hours = None
    if older_than_hours not in (None, ""):
        if isinstance(older_than_hours, str):
            if not older_than_hours.strip().isdigit():
                raise Invalid("older_than_hours must be a whole number of hours", field="older_than_hours")
            older_than_hours = int(older_than_hours)
        hours = validate.integer("older_than_hours", older_than_hours, low=1, high=MAX_HOURS)
    return Filters(on=on, older_than_hours=hours, agent=agent)


def organization(session: Session, actor: Actor, wanted: Filters | None = None, *, limit: int = 200) -> Waiting:
    """Every open approval and escalation in the organization, oldest first (owners and admins)."""
    if not sees_organization(session, actor):
        raise Forbidden("only owners and admins see what waits across the organization; you see what waits "
                        "on you", field="view")
    wanted = wanted or Filters()
    approvals = select(ApprovalRequest).where(ApprovalRequest.org_id == actor.org_id,
                                              ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))
    escalations = select(Escalation).where(Escalation.org_id == actor.org_id, Escalation.state == "open")
    if wanted.on:
        approvals = approvals.where(ApprovalRequest.approver_person_id == wanted.on)
        escalations = escalations.where(Escalation.holder_person_id == wanted.on)
    if wanted.older_than_hours:
        cut = clock.now() - timedelta(hours=wanted.older_than_hours)
        approvals = approvals.where(ApprovalRequest.created_at <= cut)
        escalations = escalations.where(Escalation.created_at <= cut)
    if wanted.agent:
        approvals = approvals.where(ApprovalRequest.requester_kind == "agent",
                                    ApprovalRequest.requester_id == wanted.agent)
        escalations = escalations.where(Escalation.raised_by_kind == "agent", Escalation.raised_by_id == wanted.agent)
    return Waiting(
        approvals=list(session.execute(approvals.order_by(ApprovalRequest.created_at, ApprovalRequest.id)
                                       .limit(limit)).scalars()),
        escalations=list(session.execute(escalations.order_by(Escalation.created_at, Escalation.id)
                                         .limit(limit)).scalars()),
        filters=wanted)


def counts(session: Session, actor: Actor) -> tuple[int, int]:
    """(open approvals, open escalations) in the organization: the page's pointer to the whole view."""
    a = session.execute(select(func.count()).select_from(ApprovalRequest).where(
        ApprovalRequest.org_id == actor.org_id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))).scalar_one()
    e = session.execute(select(func.count()).select_from(Escalation).where(
        Escalation.org_id == actor.org_id, Escalation.state == "open")).scalar_one()
    return a, e


def people_and_agents(session: Session, org_id: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The filter choices: members and agents by name."""
    people = session.execute(select(Person.id, Person.name).join(Membership, Membership.person_id == Person.id)
                             .where(Membership.org_id == org_id).order_by(Person.name)).all()
    agents = session.execute(select(Agent.id, Agent.name).where(Agent.org_id == org_id).order_by(Agent.name)).all()
    return [tuple(p) for p in people], [tuple(a) for a in agents]
