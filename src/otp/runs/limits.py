"""Whether a run may start now: the checks that hold every run to the agent's and the
organization's limits. Each answer is a reason to skip (recorded on the run), or None."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.governance.guards import month_start, spent_this_month
from otp.governance.models import CostEvent
from otp.org.models import Agent, Organization
from otp.runs import settings


def org_spent_this_month(session: Session, org_id: str, now: datetime) -> int:
    return session.execute(select(func.coalesce(func.sum(CostEvent.cents), 0)).where(
        CostEvent.org_id == org_id, CostEvent.occurred_at >= month_start(now))).scalar_one()


def org_stop(session: Session, org: Organization, now: datetime) -> str | None:
    """Why no agent of the organization may run now (paused, or over its monthly cap)."""
    paused = settings.org_paused(org)
    if paused:
        return f"the organization's agents are paused: {paused}"
    cap = settings.org_monthly_cap_cents(session, org)
    if cap is not None:
        spent = org_spent_this_month(session, org.id, now)
        if spent >= cap:
            return f"the organization is over its monthly cap ({spent} of {cap} cents)"
    return None


def agent_stop(session: Session, agent: Agent, now: datetime) -> str | None:
    """Why this agent may not run now (paused, retired, over its monthly budget)."""
    if agent.status != "active":
        return f"the agent is {agent.status}"
    budget = agent.monthly_budget_cents
    if budget:  # as the guards read it: no budget (or 0) is no limit
        spent = spent_this_month(session, agent.id, now)
        if spent >= budget:
            return f"the agent is over its monthly budget ({spent} of {budget} cents)"
    return None


def stop_reason(session: Session, agent: Agent, org: Organization, now: datetime) -> str | None:
    return agent_stop(session, agent, now) or org_stop(session, org, now)
