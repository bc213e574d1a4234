"""The autonomy ledger: an agent's level changes only here, one ledger row per change, written
in the same transaction as Agent.level.

- People (owners/admins) promote and demote with `change_level` (governed: agent.level.change;
  an agent never changes any level, its own least of all — decide denies it).
- The platform proposes a promotion when the evidence says the agent is eligible
  (otp.governance.eligibility); the accountable human signs it by approving.
- Incidents demote automatically: an attempted hard-denied action to level 1; evidence rejected
  twice, a loop-guard trip or a budget breach one level down. Each is an Incident row, an event
  and (when the level moves) a ledger row signed by the system.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance.models import INCIDENT_KINDS, Incident, LedgerEntry
from otp.org.models import Agent


def _agent_locked(session: Session, org_id: str, agent_id: str) -> Agent:
    agent = session.execute(select(Agent).where(Agent.id == agent_id).with_for_update()).scalar_one_or_none() \
        if isinstance(agent_id, str) else None
    if agent is None or agent.org_id != org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    session.refresh(agent)  # PostgreSQL: read the level after the lock, not before
    return agent


def _write(session: Session, actor: Actor, agent: Agent, to_level: int, why: str, evidence: dict | None,
           incident_id: str | None = None, approval_id: str | None = None) -> LedgerEntry:
    entry = LedgerEntry(id=new_id("led"), org_id=agent.org_id, agent_id=agent.id, from_level=agent.level,
                        to_level=to_level, why=why, evidence=evidence or {}, signed_by_kind=actor.kind,
                        signed_by_id=actor.id, incident_id=incident_id, approval_id=approval_id,
                        created_at=clock.now())
    session.add(entry)
    agent.level = to_level
    session.flush()
    record(session, actor, "agent.level_changed", "agent", agent.id,
           {"from": entry.from_level, "to": to_level, "why": why, "ledger_id": entry.id,
            "incident_id": incident_id, "approval_id": approval_id})
    _withdraw_proposals(session, agent, keep=approval_id)
    return entry


def _withdraw_proposals(session: Session, agent: Agent, keep: str | None) -> None:
    """A promotion proposal is for the level the agent was at: once the level moves (a demotion
    after an incident, a person's change), approving it would jump levels, so it is withdrawn."""
    from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest
    from otp.inbox.service import close_links
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == agent.org_id, ApprovalRequest.requester_kind == "system",
        ApprovalRequest.action == "agent.level.change", ApprovalRequest.state.in_(OPEN_APPROVAL_STATES),
        ApprovalRequest.id != (keep or ""))).scalars().all()
    system = system_actor(agent.org_id)
    for request in rows:
        if (request.payload or {}).get("agent_id") != agent.id:
            continue
        claimed = session.execute(update(ApprovalRequest).where(
            ApprovalRequest.id == request.id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES)).values(
            state="expired", decided_at=clock.now(), reason=f"withdrawn: the agent is now at level {agent.level}")
            .execution_options(synchronize_session=False)).rowcount
        if claimed == 1:
            close_links(session, "approval", request.id)
            record(session, system, "approval.expired", "approval", request.id,
                   {"why": "withdrawn", "agent_id": agent.id, "level": agent.level})


@command("agent.level.change")
def change_level(session: Session, actor: Actor, *, agent_id: str, to_level: int, why: str,
                 evidence: dict | None = None, approval_id: str | None = None) -> LedgerEntry:
    to_level = validate.integer("to_level", to_level, low=1, high=8)
    why = validate.text("why", why, max_len=2000)
    if evidence is not None and not isinstance(evidence, dict):
        from otp.core.errors import Invalid
        raise Invalid("evidence must be an object", field="evidence")
    require(session, actor, "agent.level.change", {"type": "agent", "id": agent_id, "target_agent_id": agent_id},
            payload={"agent_id": agent_id, "to_level": to_level, "why": why, "evidence": evidence})
    agent = _agent_locked(session, actor.org_id, agent_id)
    if agent.level == to_level:
        raise Conflict(f"the agent is already at level {to_level}", field="to_level")
    if evidence is None:
        from otp.governance.eligibility import evidence_snapshot
        evidence = evidence_snapshot(session, agent)
    return _write(session, actor, agent, to_level, why, evidence, approval_id=approval_id)


def record_incident(session: Session, org_id: str, agent_id: str, kind: str, detail: dict) -> Incident:
    """Record an incident and demote: to level 1 for a hard-deny attempt, else one level down."""
    validate.choice("kind", kind, INCIDENT_KINDS)
    agent = _agent_locked(session, org_id, agent_id)
    incident = Incident(id=new_id("inc"), org_id=org_id, agent_id=agent_id, kind=kind, detail=detail,
                        created_at=clock.now())
    session.add(incident)
    session.flush()
    system = system_actor(org_id)
    record(session, system, "agent.incident", "agent", agent_id, {"incident_id": incident.id, "kind": kind,
                                                                  "detail": detail})
    to_level = 1 if kind == "hard_deny" else max(1, agent.level - 1)
    if to_level != agent.level:
        why = {"hard_deny": "attempted a hard-denied action", "evidence_rejected": "evidence rejected twice",
               "loop_guard": "loop guard tripped", "budget_breach": "monthly budget breached"}[kind]
        _write(session, system, agent, to_level, f"automatic demotion: {why}", {"incident": detail},
               incident_id=incident.id)
    return incident


def ledger(session: Session, actor: Actor, agent_id: str) -> list[LedgerEntry]:
    agent = session.get(Agent, agent_id) if isinstance(agent_id, str) else None
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    return list(session.execute(select(LedgerEntry).where(LedgerEntry.agent_id == agent_id)
                                .order_by(LedgerEntry.created_at, LedgerEntry.id)).scalars())


def incidents(session: Session, agent_id: str) -> list[Incident]:
    return list(session.execute(select(Incident).where(Incident.agent_id == agent_id)
                                .order_by(Incident.created_at)).scalars())


def propose_promotion(session: Session, org_id: str, agent_id: str):
    """If the agent is eligible and no proposal is open, ask the accountable human to sign one.
    Returns the approval request, or None. The worker calls it (governance.promotion_proposals);
    the agent row is locked before the open proposals are read, so two workers open one."""
    from otp.governance.approvals import open_request
    from otp.governance.eligibility import eligibility
    from otp.governance.routing import seat_of
    try:  # the row lock serializes two workers proposing for the same agent (PostgreSQL)
        agent = _agent_locked(session, org_id, agent_id)
    except NotFound:
        return None
    if agent.level >= 8 or agent.status != "active":
        return None
    from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest
    open_ones = session.execute(select(ApprovalRequest.payload).where(
        ApprovalRequest.org_id == org_id, ApprovalRequest.requester_kind == "system",
        ApprovalRequest.action == "agent.level.change", ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))).scalars()
    if any((p or {}).get("agent_id") == agent.id for p in open_ones):
        return None
    if _recently_refused(session, agent):
        return None
    report = eligibility(session, agent)
    if not report["eligible"]:
        return None
    payload = {"agent_id": agent.id, "to_level": agent.level + 1,
               "why": f"eligible for promotion from level {agent.level}", "evidence": report}
    system = system_actor(org_id)
    request, _ = open_request(
        session, system, "agent.level.change", payload,
        {"type": "agent", "id": agent.id, "target_agent_id": agent.id}, rule="autonomy:promotion",
        question=f"{agent.name} meets every promotion criterion at level {agent.level}. Promote it to level "
                 f"{agent.level + 1}?", requester_seat=seat_of(session, "agent", agent.id))
    return request


def _recently_refused(session: Session, agent: Agent) -> bool:
    """A proposal the human rejected (or let expire) at this level is not made again until the
    minimum time at a level has passed once more: the platform asks, it does not nag."""
    from datetime import timedelta

    from otp.governance import settings
    from otp.governance.models import ApprovalRequest
    days = settings.get(session, agent.org_id, "promotion")["min_days_at_level"]
    rows = session.execute(select(ApprovalRequest.payload).where(
        ApprovalRequest.org_id == agent.org_id, ApprovalRequest.requester_kind == "system",
        ApprovalRequest.action == "agent.level.change", ApprovalRequest.state.in_(("rejected", "expired")),
        ApprovalRequest.decided_at >= clock.now() - timedelta(days=days))).scalars()
    return any((p or {}).get("agent_id") == agent.id and (p or {}).get("to_level") == agent.level + 1 for p in rows)
