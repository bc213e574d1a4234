"""The autonomy ledger: an agent's level changes only here, one ledger row per change, written
in the same transaction as Agent.level.

- People (owners/admins) promote and demote with `change_level` (governed: agent.level.change;
  an agent never changes any level, its own least of all — decide denies it).
- The platform proposes a promotion when the evidence says the agent is eligible
  (otp.governance.eligibility); the accountable human signs it by approving.
- Promotions are earned: a person's promotion checks eligibility and goes one level at a time.
  Not eligible, or more than one level → refused naming the unmet criteria, unless the promoter
  overrides with a reason; an override is marked on the ledger row (evidence.override) and the
  person above the promoter is told in their inbox.
- Incidents demote automatically, by the organization's settings["demotion"] per kind (default:
  an attempted hard-denied action to level 1; evidence rejected twice, a loop-guard trip or a
  budget breach one level down). Each is an Incident row, an event and (when the level moves) a
  ledger row signed by the system; eligibility returns only after the cool-down
  (settings["demotion_cooldown_hours"]).
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.governance.authz import require
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
                 evidence: dict | None = None, approval_id: str | None = None, override: bool = False,
                 reason: str | None = None) -> LedgerEntry:
    """`override` with a `reason`: promote although the agent is not eligible, or by more than one
    level. Demotions need neither."""
    from otp.core.errors import Invalid
    to_level = validate.integer("to_level", to_level, low=1, high=8)
    why = validate.text("why", why, max_len=2000)
    if evidence is not None and not isinstance(evidence, dict):
        raise Invalid("evidence must be an object", field="evidence")
    if not isinstance(override, bool):
        raise Invalid("override must be true or false", field="override")
    reason = validate.text("reason", reason, max_len=2000, required=False)
    if override and not reason:
        raise Invalid("an override needs a reason: say why the criteria do not apply", field="reason")
    payload = {"agent_id": agent_id, "to_level": to_level, "why": why, "evidence": evidence}
    if override:
        payload.update(override=True, reason=reason)
    require(session, actor, "agent.level.change", {"type": "agent", "id": agent_id, "target_agent_id": agent_id},
            payload=payload)
    agent = _agent_locked(session, actor.org_id, agent_id)
    if agent.level == to_level:
        raise Conflict(f"the agent is already at level {to_level}", field="to_level")
    from otp.governance.eligibility import eligibility, evidence_snapshot
    marker = None
    if to_level > agent.level:
        report = eligibility(session, agent)
        unmet = [name for name, c in report["criteria"].items() if not c["met"]]
        jump = to_level - agent.level > 1
        if (unmet or jump) and not override:
            parts = ([f"not eligible: unmet {', '.join(_describe(n, report['criteria'][n]) for n in unmet)}"]
                     if unmet else []) + ([f"promotions go one level at a time (level {agent.level} → "
                                           f"{agent.level + 1})"] if jump else [])
            raise Conflict("; ".join(parts) + "; to promote anyway, override with a reason", field="to_level")
        if unmet or jump:
            marker = {"reason": reason, "unmet": unmet, "levels": to_level - agent.level,
                      "by": {"kind": actor.kind, "id": actor.id}}
        evidence = {**(evidence if evidence is not None else report), **({"override": marker} if marker else {})}
    elif evidence is None:
        evidence = evidence_snapshot(session, agent)
    entry = _write(session, actor, agent, to_level, why, evidence, approval_id=approval_id)
    if marker is not None:
        _tell_above(session, actor, agent, entry, marker)
    return entry


def _describe(name: str, criterion: dict) -> str:
    return f"{name} ({criterion['value']} of {criterion['required']} required)"


def _tell_above(session: Session, actor: Actor, agent: Agent, entry: LedgerEntry, marker: dict) -> None:
    """An override is news for the person above the promoter (for the top of the chart, the
    other owners)."""
    from otp.governance import routing
    from otp.inbox.service import deliver
    from otp.org.models import Membership
    title = f"{actor.name or 'Someone'} promoted {agent.name} to level {entry.to_level} by override"
    body = f"Reason: {marker['reason']}. Unmet: {', '.join(marker['unmet']) or 'none'}; levels: {marker['levels']}."
    seat = routing.seat_of(session, actor.kind, actor.id)
    above = routing.human_above(session, actor.org_id, seat, exclude={actor.id}) if seat else None
    people = [above[1]] if above else list(session.execute(select(Membership.person_id).where(
        Membership.org_id == actor.org_id, Membership.role == "owner", Membership.person_id != actor.id)).scalars())
    for person_id in people:
        deliver(session, actor.org_id, "person", person_id, "warning", title, body, "agent", agent.id)


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
    from otp.governance import settings
    down = settings.get(session, org_id, "demotion").get(kind, 1)
    to_level = 1 if down == "level_1" else max(1, agent.level - int(down))
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
