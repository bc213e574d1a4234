"""What the agent pages read: every agent with its seats, level, status, last heartbeat and the
month's spend against its budget (a handful of grouped queries, never one per agent), and, for
one agent, its spend by day and its tokens. Reads only; every change goes through the services
(org.agents, guards, autonomy, governance.tokens, stop_switch)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import ApiToken
from otp.governance.authz import require
from otp.core import clock
from otp.governance import settings
from otp.governance.budget_rule import month_start, state
from otp.governance.matrix import LEVEL_NAMES
from otp.governance.models import AgentGuard, CostEvent
from otp.org.agents import get_agent
from otp.org.models import Agent, Seat


def roster(session: Session, actor: Actor, *, include_retired: bool = True) -> list[dict]:
    """Every agent of the organization, active first, then paused, then retired; by name."""
    require(session, actor, "read")
    now = clock.now()
    q = select(Agent).where(Agent.org_id == actor.org_id)
    if not include_retired:
        q = q.where(Agent.status != "retired")
    agents = list(session.execute(q).scalars())
    seats: dict[str, list[dict]] = {}
    for seat_id, title, agent_id in session.execute(select(Seat.id, Seat.title, Seat.occupant_agent_id).where(
            Seat.org_id == actor.org_id, Seat.occupant_agent_id.is_not(None)).order_by(Seat.title)):
        seats.setdefault(agent_id, []).append({"id": seat_id, "title": title})
    beats = dict(session.execute(select(AgentGuard.agent_id, AgentGuard.last_heartbeat_at)
                                 .where(AgentGuard.org_id == actor.org_id)).all())
    spent = dict(session.execute(select(CostEvent.agent_id, func.sum(CostEvent.cents)).where(
        CostEvent.org_id == actor.org_id, CostEvent.occurred_at >= month_start(now)).group_by(CostEvent.agent_id)).all())
    share = settings.get(session, actor.org_id, "budget_warning_percent")
    order = {"active": 0, "paused": 1, "retired": 2}
    rows = [_row(a, seats.get(a.id, []), beats.get(a.id), int(spent.get(a.id) or 0), share) for a in agents]
    return sorted(rows, key=lambda r: (order.get(r["status"], 3), r["name"].lower()))


def _row(agent: Agent, seats: list[dict], heartbeat: datetime | None, spent: int, share: float) -> dict:
    budget = agent.monthly_budget_cents
    return {"id": agent.id, "name": agent.name, "runtime": agent.runtime, "model": agent.model,
            "description": agent.description, "status": agent.status, "level": agent.level,
            "level_name": LEVEL_NAMES[agent.level], "seats": seats, "last_heartbeat_at": heartbeat,
            "spent_cents": spent, "budget_cents": budget, "budget_state": state(spent, budget, share),
            "budget_percent": min(100, spent * 100 // budget) if budget else None}


def agent_summary(session: Session, actor: Actor, agent_id: str) -> dict:
    """One agent as a roster row (seats, heartbeat, the month's spend against its budget)."""
    require(session, actor, "read")
    agent = get_agent(session, actor, agent_id)
    seats = [{"id": i, "title": t} for i, t in session.execute(
        select(Seat.id, Seat.title).where(Seat.occupant_agent_id == agent.id).order_by(Seat.title))]
    beat = session.execute(select(AgentGuard.last_heartbeat_at).where(AgentGuard.agent_id == agent.id)).scalar()
    spent = session.execute(select(func.coalesce(func.sum(CostEvent.cents), 0)).where(
        CostEvent.agent_id == agent.id, CostEvent.occurred_at >= month_start(clock.now()))).scalar_one()
    return _row(agent, seats, beat, int(spent), settings.get(session, actor.org_id, "budget_warning_percent"))


def costs_by_day(session: Session, actor: Actor, agent_id: str, days: int = 30) -> list[dict]:
    """The agent's spend per UTC day over the last `days` days, oldest first, zero days included:
    [{"day": date, "cents": int, "tokens": int}]."""
    require(session, actor, "read")
    agent = get_agent(session, actor, agent_id)
    today = clock.now().date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=clock.now().tzinfo)
    totals: dict[date, list[int]] = {}
    for at, cents, tokens in session.execute(select(CostEvent.occurred_at, CostEvent.cents, CostEvent.tokens).where(
            CostEvent.agent_id == agent.id, CostEvent.occurred_at >= start)):
        day = totals.setdefault(at.date(), [0, 0])
        day[0] += cents
        day[1] += tokens
    return [{"day": first + timedelta(days=i), "cents": totals.get(first + timedelta(days=i), [0, 0])[0],
             "tokens": totals.get(first + timedelta(days=i), [0, 0])[1]} for i in range(days)]


def tokens_of(session: Session, actor: Actor, agent_id: str) -> list[ApiToken]:
    """The agent's API tokens, newest first (revoked ones too: the list is the record)."""
    require(session, actor, "read")
    agent = get_agent(session, actor, agent_id)
    return list(session.execute(select(ApiToken).where(ApiToken.agent_id == agent.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id)).scalars())
