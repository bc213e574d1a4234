"""The organization's stop switch: pause every agent at once, and undo it.

While the switch is on (Organization.agents_paused_at is set) governance denies every agent
write with the rule ``stop_switch`` (decide step 2); reads — briefing, context, inbox — still
work, and each agent's own status is left as it was, so resuming restores exactly the state
before. Pausing and resuming are an owner's or admin's action (agent.manage on the
organization: an agent is refused by self-protection, a member or observer by the role table);
the budget cap (org_budget) pauses as the system when the organization's monthly spend reaches
it. Each switch is one event: organization.agents_paused / organization.agents_resumed.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, NotFound
from otp.events.service import record
from otp.org.models import Agent, Organization


def _locked_org(session: Session, org_id: str) -> Organization:
    org = session.execute(select(Organization).where(Organization.id == org_id).with_for_update()) \
        .scalar_one_or_none()
    if org is None:
        raise NotFound("organization not found")
    session.refresh(org)
    return org


def state(org: Organization) -> dict:
    """The switch as the faces show it."""
    return {"paused": org.agents_paused_at is not None, "paused_at": org.agents_paused_at,
            "reason": org.agents_paused_reason, "paused_by": org.agents_paused_by}


def pause_all(session: Session, actor: Actor, *, reason: str) -> Organization:
    """Turn the stop switch on. Already on: a 409 naming who paused and why (nothing changes)."""
    reason = validate.text("reason", reason, max_len=2000)
    if actor.kind not in ("person", "system"):
        raise Forbidden("only a person (an owner or admin) pauses all agents", field="actor")
    require(session, actor, "agent.manage", {"type": "organization", "id": actor.org_id},
            payload={"reason": reason})
    org = _locked_org(session, actor.org_id)
    if org.agents_paused_at is not None:
        raise Conflict(f"all agents are already paused: {org.agents_paused_reason}", field="paused")
    return engage(session, actor, org, reason, {})


def engage(session: Session, actor: Actor, org: Organization, reason: str, detail: dict) -> Organization:
    """Set the switch on a locked organization row and record it (pause_all and the budget cap)."""
    org.agents_paused_at = clock.now()
    org.agents_paused_reason = reason
    org.agents_paused_by = actor.id if actor.kind == "person" else None
    record(session, actor, "organization.agents_paused", "organization", org.id, {"reason": reason, **detail})
    # Paused means quiet: what the agents asked for stops waiting in people's queues.
    from otp.governance.quiet import withdraw_pending_approvals
    for agent_id in session.execute(select(Agent.id).where(Agent.org_id == org.id, Agent.status != "retired")).scalars():
        withdraw_pending_approvals(session, agent_id, f"all agents were paused: {reason}")
    return org


def resume_all(session: Session, actor: Actor, *, reason: str = "") -> Organization:
    """Turn the stop switch off (a person's action). Not on: a 409 (nothing changes). A budget
    cap trip waiting for a person is acknowledged here (org_budget.acknowledge)."""
    from otp.governance import org_budget  # org_budget engages the switch: imported late
    reason = validate.text("reason", reason, max_len=2000, required=False)
    if actor.kind != "person":
        raise Forbidden("resuming all agents is a person's action", field="actor")
    require(session, actor, "agent.manage", {"type": "organization", "id": actor.org_id},
            payload={"reason": reason})
    org = _locked_org(session, actor.org_id)
    if org.agents_paused_at is None:
        raise Conflict("the agents are not paused", field="paused")
    payload: dict = {"reason": reason, "paused_reason": org.agents_paused_reason}
    payload.update(org_budget.acknowledge(session, org, clock.now()))
    org.agents_paused_at = org.agents_paused_reason = org.agents_paused_by = None
    record(session, actor, "organization.agents_resumed", "organization", org.id, payload)
    return org
