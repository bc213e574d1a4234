"""Is an agent eligible for promotion? Computed from evidence the platform already holds.

Criteria (defaults in otp.governance.settings, configurable per organization under
settings["promotion"]):

- days at the current level (since the ledger row that set it, else since the agent was created);
- completed items at this level: the agent's own events that finish work (to-dos completed,
  measurables reported, outcome status changes, evidence submitted, outcomes completed, issues
  solved);
- approval acceptance: approved / (approved + rejected) of the agent's requests at this level
  (no decided request yet counts as met: nothing was refused);
- owned measurables on target in at least the given share of reported periods, when the
  scorecard domain is installed (otherwise reported as not applicable, and met);
- no incident in the window;
- the cool-down after the latest demotion has passed (settings["demotion_cooldown_hours"]).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.core import clock
from otp.events.models import Event
from otp.governance import settings
from otp.governance.models import ApprovalRequest, Incident, LedgerEntry
from otp.org.models import Agent, Seat

COMPLETION_EVENTS = ("todo.completed", "measurable.reported", "outcome.status_changed", "outcome.completed",
                     "outcome.evidence_submitted", "issue.solved")


def level_since(session: Session, agent: Agent):
    at = session.execute(select(func.max(LedgerEntry.created_at)).where(
        LedgerEntry.agent_id == agent.id, LedgerEntry.to_level == agent.level)).scalar()
    return at or agent.created_at


def _measurables_on_target(session: Session, agent: Agent) -> tuple[float | None, int]:
    try:  # the scorecard is another domain; without it the criterion does not apply
        from otp.scorecard.models import Entry, Measurable
        from otp.scorecard.stats import on_target
    except ImportError:
        return None, 0
    seats = select(Seat.id).where(Seat.occupant_agent_id == agent.id)
    rows = session.execute(select(Entry.value, Measurable.comparator, Measurable.target, Measurable.target_max)
                           .join(Measurable, Measurable.id == Entry.measurable_id)
                           .where(Measurable.owner_seat_id.in_(seats), Entry.value.is_not(None))).all()
    if not rows:
        return None, 0
    hits = sum(1 for v, c, t, tm in rows if on_target(v, c, t, tm))
    return hits / len(rows), len(rows)


def eligibility(session: Session, agent: Agent) -> dict:
    rules = settings.get(session, agent.org_id, "promotion")
    now = clock.now()
    since = level_since(session, agent)
    days = (now - since).total_seconds() / 86400
    completed = session.execute(select(func.count()).select_from(Event).where(
        Event.org_id == agent.org_id, Event.actor_kind == "agent", Event.actor_id == agent.id,
        Event.action.in_(COMPLETION_EVENTS), Event.occurred_at >= since)).scalar_one()
    decided = dict(session.execute(select(ApprovalRequest.state, func.count()).where(
        ApprovalRequest.requester_kind == "agent", ApprovalRequest.requester_id == agent.id,
        ApprovalRequest.state.in_(("approved", "rejected")), ApprovalRequest.created_at >= since)
        .group_by(ApprovalRequest.state)).all())
    total = decided.get("approved", 0) + decided.get("rejected", 0)
    acceptance = decided.get("approved", 0) / total if total else None
    share, periods = _measurables_on_target(session, agent)
    window = now - timedelta(days=rules["incident_free_days"])
    recent = session.execute(select(func.count()).select_from(Incident).where(
        Incident.agent_id == agent.id, Incident.created_at >= window)).scalar_one()
    cooldown = settings.get(session, agent.org_id, "demotion_cooldown_hours")
    demoted = session.execute(select(func.max(LedgerEntry.created_at)).where(
        LedgerEntry.agent_id == agent.id, LedgerEntry.to_level < LedgerEntry.from_level)).scalar()
    since_demotion = (now - demoted).total_seconds() / 3600 if demoted is not None else None
    criteria = {
        "days_at_level": _c(round(days, 2), rules["min_days_at_level"], days >= rules["min_days_at_level"]),
        "completed_items": _c(completed, rules["min_completed_items"], completed >= rules["min_completed_items"]),
        "approval_acceptance": _c(acceptance, rules["min_approval_acceptance"],
                                  acceptance is None or acceptance >= rules["min_approval_acceptance"],
                                  decided=total),
        "measurables_on_target": _c(share, rules["min_measurables_on_target"],
                                    share is None or share >= rules["min_measurables_on_target"], periods=periods),
        "incidents": _c(recent, 0, recent == 0, window_days=rules["incident_free_days"]),
        "cool_down_hours": _c(None if since_demotion is None else round(since_demotion, 2), cooldown,
                              since_demotion is None or since_demotion >= cooldown),
    }
    return {"agent_id": agent.id, "level": agent.level, "at_level_since": since.isoformat(),
            "eligible": agent.level < 8 and all(c["met"] for c in criteria.values()), "criteria": criteria}


def _c(value, required, met: bool, **extra) -> dict:
    return {"value": value, "required": required, "met": bool(met), **extra}


def evidence_snapshot(session: Session, agent: Agent) -> dict:
    """What the ledger keeps next to a level change: the eligibility report at that moment."""
    return eligibility(session, agent)
