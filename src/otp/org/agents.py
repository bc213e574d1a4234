"""AI agents as members of the organization. Their level changes only through the autonomy ledger."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import validate
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org import chart
from otp.org.models import AGENT_RUNTIMES, AGENT_STATUSES, Agent, Seat

EDITABLE = ("name", "runtime", "model", "description", "status")


def _clean(changes: dict) -> dict:
    clean: dict = {}
    for key, value in changes.items():
        if key == "name":
            clean[key] = validate.text("name", value)
        elif key == "runtime":
            clean[key] = validate.choice("runtime", value, AGENT_RUNTIMES)
        elif key == "model":
            clean[key] = validate.text("model", value, max_len=120, required=False) or None
        elif key == "description":
            clean[key] = validate.text("description", value, max_len=4000, required=False)
        elif key == "status":
            clean[key] = validate.choice("status", value, AGENT_STATUSES)
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    return clean


def create_agent(session: Session, actor: Actor, *, name: str, runtime: str = "custom", model: str | None = None,
                 description: str = "", level: int = 1, monthly_budget_cents: int | None = None) -> Agent:
    clean = _clean({"name": name, "runtime": runtime, "model": model, "description": description})
    level = validate.integer("level", level, low=1, high=8)
    if monthly_budget_cents is not None:
        monthly_budget_cents = validate.integer("monthly_budget_cents", monthly_budget_cents, low=0, high=2**31 - 1)
    require(session, actor, "agent.manage", {"type": "agent"})
    if session.execute(select(Agent.id).where(Agent.org_id == actor.org_id, Agent.name == clean["name"])).first():
        raise Conflict(f"an agent named {clean['name']!r} already exists", field="name")
    agent = Agent(id=new_id("agt"), org_id=actor.org_id, level=level, status="active",
                  monthly_budget_cents=monthly_budget_cents, **clean)
    session.add(agent)
    session.flush()
    record(session, actor, "agent.created", "agent", agent.id,
           {**clean, "level": level, "monthly_budget_cents": monthly_budget_cents})
    return agent


def get_agent(session: Session, actor: Actor, agent_id: str) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    return agent


def agent_by_name(session: Session, org_id: str, name: str) -> Agent:
    agent = session.execute(select(Agent).where(Agent.org_id == org_id, Agent.name == name)).scalar_one_or_none()
    if agent is None:
        raise NotFound(f"no agent named {name!r}", field="agent")
    return agent


def list_agents(session: Session, actor: Actor) -> list[Agent]:
    return list(session.execute(select(Agent).where(Agent.org_id == actor.org_id).order_by(Agent.name)).scalars())


def update_agent(session: Session, actor: Actor, agent_id: str, changes: dict) -> Agent:
    agent = get_agent(session, actor, agent_id)
    if "level" in changes:
        raise Invalid("level changes only through the autonomy ledger", field="level")
    clean = _clean(changes)
    require(session, actor, "agent.manage", {"type": "agent", "id": agent_id, "target_agent_id": agent_id})
    if "name" in clean and clean["name"] != agent.name and session.execute(select(Agent.id).where(
            Agent.org_id == actor.org_id, Agent.name == clean["name"])).first():
        raise Conflict(f"an agent named {clean['name']!r} already exists", field="name")
    if clean.get("status") == "retired" and session.execute(
            select(Seat.id).where(Seat.occupant_agent_id == agent_id)).first():
        raise Conflict("a retired agent cannot hold a seat; vacate it first", field="status")
    for key, value in clean.items():
        setattr(agent, key, value)
    record(session, actor, "agent.updated", "agent", agent.id, clean)
    return agent


def retire_agent(session: Session, actor: Actor, agent_id: str, *, reason: str = "") -> Agent:
    """Retire an agent for good: the seats it holds become vacant (each a seat.vacated event, the
    chart's own rules apply), then its status is retired (agent.retired). Its tokens stop working
    at once (a retired agent's token is refused). Retiring a retired agent is a 409."""
    reason = validate.text("reason", reason, max_len=2000, required=False)
    agent = get_agent(session, actor, agent_id)
    require(session, actor, "agent.manage", {"type": "agent", "id": agent_id, "target_agent_id": agent_id},
            payload={"agent_id": agent_id, "reason": reason})
    if agent.status == "retired":
        raise Conflict("the agent is already retired", field="agent_id")
    seats = list(session.execute(select(Seat.id).where(Seat.occupant_agent_id == agent_id)).scalars())
    for seat_id in seats:
        chart.vacate(session, actor, seat_id)
    agent.status = "retired"
    record(session, actor, "agent.retired", "agent", agent.id, {"reason": reason, "vacated_seat_ids": seats})
    return agent
