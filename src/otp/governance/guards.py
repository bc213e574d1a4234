"""Guards on agents: the kill switch, the monthly budget and the loop guard.

- Kill switch: `pause` (any person or system with agent.manage) and `resume` (a person's action).
  A paused agent may read; decide denies every write.
- Budget: agents report cost events (tokens, cents, model). At the warning share of the monthly
  budget (default 80%) the accountable human and the agent get one inbox warning (once a month
  per budget: a changed budget warns again). When the month's spend reaches the *pause line* —
  at first the budget itself — the agent is paused, an escalation is raised on its behalf and a
  budget_breach incident demotes it one level (a budget breach, or "trip").
  After a trip the month has no pause line until a person resumes the agent: costs reported
  while it is paused trip nothing more. The resume is recorded as an acknowledged overrun (on
  the agent.resumed event: spend, budget and the new line) and the pause line becomes the next
  whole multiple of the budget above what it has spent: resumed at 1,010 of 1,000 cents, it is
  paused again at 2,000; resumed at 2,000, at 3,000. Changing the budget makes the new budget
  the pause line (raised and crossed again: paused again; set at or below what was already
  spent: paused at once), except while the agent is still waiting for a person after a trip —
  then the resume sets the line from the new budget. Every month starts with the budget as its
  line. The line is not a column (no migration): it is read back from this month's agent events
  (trip incidents, resumes and budget changes carry it), see `pause_line`.
- Loop guard: each heartbeat compares the agent's latest *progress* event (the declared list in
  otp.governance.progress: activity such as headlines, notes or raised issues is not progress)
  with the one seen at the previous heartbeat. No progress while the agent has open work counts one idle
  heartbeat; N in a row (settings["loop_guard_heartbeats"], default 10) pause it, escalate and
  record a loop_guard incident. Open work: open to-dos or outcomes owned by its seats when the
  work domain is installed; without it, holding any seat counts as open work.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.governance.authz import check_scope, require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, NotFound
from otp.core.ids import new_id
from otp.events.models import Event
from otp.events.service import record
from otp.governance import org_budget, routing, settings
from otp.governance.budget_rule import PAUSE_LINE, line_from_events, month_start, next_multiple, state
from otp.governance.autonomy import record_incident
from otp.governance.escalations import open_escalation
from otp.governance.models import AgentGuard, CostEvent
from otp.governance.progress import latest_progress
from otp.governance.quiet import withdraw_pending_approvals
from otp.inbox.service import deliver
from otp.org.models import Agent, Seat



def _agent(session: Session, actor: Actor, agent_id: str, lock: bool = False) -> Agent:
    q = select(Agent).where(Agent.id == agent_id)
    agent = session.execute(q.with_for_update() if lock else q).scalar_one_or_none() \
        if isinstance(agent_id, str) else None
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    if lock:
        session.refresh(agent)
    return agent


def guard_of(session: Session, agent: Agent) -> AgentGuard:
    guard = session.execute(select(AgentGuard).where(AgentGuard.agent_id == agent.id).with_for_update()) \
        .scalar_one_or_none()
    if guard is None:
        guard = AgentGuard(agent_id=agent.id, org_id=agent.org_id, last_event_id=0, idle_heartbeats=0,
                           evidence_rejections_seen=0)
        session.add(guard)
        session.flush()
    return guard


# --------------------------------------------------------------------------- kill switch
def set_status(session: Session, actor: Actor, *, agent_id: str, status: str, reason: str = "") -> Agent:
    """Pause or resume (agent.manage); resume is a person's action. Not registered as a held
    command: agent.manage also names agent creation and editing in the org domain."""
    status = validate.choice("status", status, ("paused", "active"))
    reason = validate.text("reason", reason, max_len=2000, required=False)
    if status == "active" and actor.kind != "person":
        raise Forbidden("resuming an agent is a person's action", field="agent_id")
    agent = _agent(session, actor, agent_id)
    if actor.kind == "agent" and actor.id == agent_id and status == "paused":
        check_scope(actor, "agent.pause_self")  # stopping itself only takes authority away: always allowed
    else:
        require(session, actor, "agent.manage", {"type": "agent", "id": agent_id, "target_agent_id": agent_id},
                payload={"agent_id": agent_id, "status": status, "reason": reason})
    agent = _agent(session, actor, agent_id, lock=True)
    if agent.status == "retired":
        raise Conflict("the agent is retired", field="agent_id")
    if agent.status == status:
        return agent
    agent.status = status
    payload: dict = {"reason": reason}
    if status == "active":
        guard = guard_of(session, agent)
        guard.idle_heartbeats = 0  # a fresh start: the human has looked at it
        payload.update(_acknowledge_overrun(session, agent, guard, clock.now()))
    record(session, actor, "agent.paused" if status == "paused" else "agent.resumed", "agent", agent.id, payload)
    if status == "paused":
        withdraw_pending_approvals(session, agent.id, reason or f"paused by {actor.name or actor.kind}")
    return agent


def pause(session: Session, actor: Actor, agent_id: str, reason: str = "") -> Agent:
    return set_status(session, actor, agent_id=agent_id, status="paused", reason=reason)


def resume(session: Session, actor: Actor, agent_id: str, reason: str = "") -> Agent:
    return set_status(session, actor, agent_id=agent_id, status="active", reason=reason)


def _trip(session: Session, agent: Agent, kind: str, reason: str, detail: dict) -> None:
    """Pause, escalate on the agent's behalf, record the incident (which demotes)."""
    system = system_actor(agent.org_id)
    if agent.status == "active":
        agent.status = "paused"
        record(session, system, "agent.paused", "agent", agent.id, {"reason": reason, "guard": kind})
        withdraw_pending_approvals(session, agent.id, f"{kind.replace('_', ' ')}: {reason}")
    open_escalation(session, system, routing.seat_of(session, "agent", agent.id), reason=f"{agent.name}: {reason}",
                    urgency="high", needed="Look at the agent's work, then resume it or reassign the seat.",
                    link_type="agent", link_id=agent.id)
    record_incident(session, agent.org_id, agent.id, kind, detail)


# --------------------------------------------------------------------------- budget
@command("budget.change")
def set_budget(session: Session, actor: Actor, *, agent_id: str, monthly_budget_cents: int | None) -> Agent:
    if monthly_budget_cents is not None:
        validate.integer("monthly_budget_cents", monthly_budget_cents, low=0, high=2**31 - 1)
    _agent(session, actor, agent_id)
    require(session, actor, "budget.change", {"type": "agent", "id": agent_id, "target_agent_id": agent_id},
            payload={"agent_id": agent_id, "monthly_budget_cents": monthly_budget_cents})
    agent = _agent(session, actor, agent_id, lock=True)
    old = agent.monthly_budget_cents
    if old == monthly_budget_cents:
        return agent
    agent.monthly_budget_cents = monthly_budget_cents
    now = clock.now()
    payload: dict = {"from": old, "to": monthly_budget_cents}
    guard = guard_of(session, agent)
    month = now.strftime("%Y-%m")
    if monthly_budget_cents:
        spent = spent_this_month(session, agent.id, now)
        if guard.warned_month == month and \
                spent * 100 < monthly_budget_cents * settings.get(session, agent.org_id, "budget_warning_percent"):
            guard.warned_month = None  # the new budget warns at its own warning share
        if guard.breached_month == month:  # a trip this month: the new budget is the line, unless one is awaited
            waiting = pause_line(session, agent, guard, now) is None
            payload[PAUSE_LINE] = None if waiting else monthly_budget_cents
    record(session, actor, "agent.budget_changed", "agent", agent.id, payload)
    check_budget(session, agent, now)
    return agent


def spent_this_month(session: Session, agent_id: str, now: datetime) -> int:
    return session.execute(select(func.coalesce(func.sum(CostEvent.cents), 0)).where(
        CostEvent.agent_id == agent_id, CostEvent.occurred_at >= month_start(now))).scalar_one()


def report_cost(session: Session, actor: Actor, *, cents: int, tokens: int = 0, model: str = "",
                note: str = "", occurred_at: datetime | str | None = None) -> dict:
    """An agent reports what it spent. Accepted even while paused: the cost was incurred.
    `occurred_at` (agents report in batches) lies within the current or the previous month."""
    if actor.kind != "agent":
        raise Forbidden("cost events are reported by agents; use an agent's token", field="actor")
    cents = validate.integer("cents", cents, low=0, high=10**9)
    tokens = validate.integer("tokens", tokens, low=0, high=10**12)
    model = validate.text("model", model, max_len=120, required=False)
    note = validate.text("note", note, max_len=2000, required=False)
    now = clock.now()
    at = _occurred_at(occurred_at, now)
    check_scope(actor, "cost.report")
    agent = _agent(session, actor, actor.id, lock=True)
    row = CostEvent(id=new_id("cst"), org_id=agent.org_id, agent_id=agent.id, tokens=tokens, cents=cents,
                    model=model, note=note, occurred_at=at)
    session.add(row)
    session.flush()
    record(session, actor, "agent.cost_reported", "agent", agent.id,
           {"cost_id": row.id, "cents": cents, "tokens": tokens, "model": model, "occurred_at": at})
    return {"id": row.id, **check_budget(session, agent, now),
            "organization": org_budget.check_org_budget(session, agent.org_id, now)}


def _occurred_at(value, now: datetime) -> datetime:
    from otp.core.errors import Invalid
    if value is None:
        return now
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise Invalid("occurred_at must be an ISO-8601 time with a zone", field="occurred_at") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise Invalid("occurred_at must be a time with a zone (e.g. 2026-03-01T12:00:00Z)", field="occurred_at")
    earliest = month_start(month_start(now) - timedelta(days=1))
    if not earliest <= value <= now:
        raise Invalid(f"occurred_at must lie within the current or the previous month "
                      f"({earliest:%Y-%m-%d} until now)", field="occurred_at")
    return value


def costs(session: Session, actor: Actor, agent_id: str, limit: int = 500) -> dict:
    """This month's cost events of an agent (newest first) and the total against its budget."""
    require(session, actor, "read")
    agent = _agent(session, actor, agent_id)
    now = clock.now()
    rows = session.execute(select(CostEvent).where(CostEvent.agent_id == agent.id,
                                                   CostEvent.occurred_at >= month_start(now))
                           .order_by(CostEvent.occurred_at.desc(), CostEvent.id).limit(limit)).scalars()
    return {"agent_id": agent.id, "month": now.strftime("%Y-%m"),
            "spent_cents": spent_this_month(session, agent.id, now), "budget_cents": agent.monthly_budget_cents,
            "items": [{"id": c.id, "cents": c.cents, "tokens": c.tokens, "model": c.model, "note": c.note,
                       "occurred_at": c.occurred_at} for c in rows]}


def pause_line(session: Session, agent: Agent, guard: AgentGuard, now: datetime) -> int | None:
    """The month's spend at which the budget pauses the agent: the budget until the first trip of
    the month; after a trip None (waiting for a person) until a resume or a budget change sets
    it (budget_rule.line_from_events)."""
    if guard.breached_month != now.strftime("%Y-%m"):
        return agent.monthly_budget_cents
    return line_from_events(session, agent.org_id, "agent", agent.id,
                            ("agent.incident", "agent.resumed", "agent.budget_changed"),
                            lambda action, payload: action == "agent.incident" and payload.get("kind") == "budget_breach",
                            now)


def _acknowledge_overrun(session: Session, agent: Agent, guard: AgentGuard, now: datetime) -> dict:
    """A person resumes the agent: if a trip this month is waiting for them, the overrun is
    acknowledged and the pause line moves to the next multiple of the budget. Returns what the
    agent.resumed event records about it (nothing when no trip is waiting)."""
    budget = agent.monthly_budget_cents
    if not budget or pause_line(session, agent, guard, now) is not None:
        return {}
    spent = spent_this_month(session, agent.id, now)
    line = next_multiple(budget, spent)
    return {"budget_overrun_acknowledged": {"month": now.strftime("%Y-%m"), "spent_cents": spent,
                                            "budget_cents": budget},
            PAUSE_LINE: line}


def check_budget(session: Session, agent: Agent, now: datetime) -> dict:
    budget = agent.monthly_budget_cents
    spent = spent_this_month(session, agent.id, now)
    out = {"spent_cents": spent, "budget_cents": budget, "month": now.strftime("%Y-%m"), "status": "ok"}
    if not budget:
        return out
    guard = guard_of(session, agent)
    month = out["month"]
    share = settings.get(session, agent.org_id, "budget_warning_percent")
    out["status"] = state(spent, budget, share)
    if out["status"] == "breached":
        line = pause_line(session, agent, guard, now)
        if line is not None and spent >= line:
            guard.breached_month = guard.warned_month = month
            again = f" again, past {line * 100 // budget}%" if line > budget else ""
            _trip(session, agent, "budget_breach", f"monthly budget breached{again} ({spent} of {budget} cents)",
                  {"spent_cents": spent, "budget_cents": budget, "month": month, "pause_line_cents": line})
    elif out["status"] == "warning":
        if guard.warned_month != month:
            guard.warned_month = month
            title = f"{agent.name} has used {spent * 100 // budget}% of its monthly budget"
            human = routing.human_above(session, agent.org_id, routing.seat_of(session, "agent", agent.id))
            for kind, rid in ([("person", human[1])] if human else []) + [("agent", agent.id)]:
                deliver(session, agent.org_id, kind, rid, "warning", title,
                        f"{spent} of {budget} cents spent in {month}.", "agent", agent.id)
    return out


# --------------------------------------------------------------------------- loop guard
def has_open_work(session: Session, agent: Agent) -> bool:
    seats = select(Seat.id).where(Seat.occupant_agent_id == agent.id)
    try:
        from otp.work.models import Outcome, Todo
    except ImportError:  # no work domain: holding a seat is having work
        return session.execute(seats.limit(1)).first() is not None
    todo = session.execute(select(Todo.id).where(Todo.owner_seat_id.in_(seats), Todo.done_at.is_(None))
                           .limit(1)).first()
    if todo:
        return True
    return session.execute(select(Outcome.id).where(
        Outcome.owner_seat_id.in_(seats), Outcome.status.not_in(("done", "dropped"))).limit(1)).first() is not None


def heartbeat(session: Session, actor: Actor, note: str | None = None) -> dict:
    if actor.kind != "agent":
        raise Forbidden("heartbeats are sent by agents; use an agent's token", field="actor")
    note = validate.text("note", note, max_len=2000, required=False)
    require(session, actor, "read")
    agent = _agent(session, actor, actor.id, lock=True)
    now = clock.now()
    guard = guard_of(session, agent)
    latest = latest_progress(session, agent.org_id, agent.id, guard.last_event_id or 0)
    limit = settings.get(session, agent.org_id, "loop_guard_heartbeats")
    first = guard.last_heartbeat_at is None
    tripped = False
    if first or latest > guard.last_event_id or agent.status != "active":
        guard.idle_heartbeats = 0
    elif has_open_work(session, agent):
        guard.idle_heartbeats += 1
        if guard.idle_heartbeats >= limit:
            guard.idle_heartbeats = 0
            tripped = True
            _trip(session, agent, "loop_guard", f"{limit} heartbeats without progress while work is open",
                  {"heartbeats": limit, "note": note})
    guard.last_event_id = latest
    guard.last_heartbeat_at = now
    return {"agent_id": agent.id, "status": agent.status, "level": agent.level,
            "idle_heartbeats": guard.idle_heartbeats, "limit": limit, "tripped": tripped, "at": now}
