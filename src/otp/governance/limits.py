"""Floods and ping-pong: what one agent may put in people's queues.

- Rate limits (settings["agent_rate_limits"]): issues raised, escalations and approval requests
  per agent per hour and per day, counted from the agent's own events in a sliding window. The
  excess is refused (429, RateLimited) with a message that says the limit and when the window
  frees a slot. Issues and escalations are checked at the gate when they are allowed; approval
  requests when one would be opened (otp.governance.approvals.open_request).
- Ping-pong: an agent raising an issue on another agent's seat about the same thing (a similar
  title, or the same link) that is already open between the two seats — in either direction —
  is collapsed: refused with 409 naming the open issue, and the repeat is recorded
  (issue.raise_collapsed). When raises between the two seats, both ways, reach
  settings["ping_pong_threshold"] within settings["ping_pong_window_hours"], both agents are
  paused by the loop guard (a loop_guard incident each) and the nearest human above gets one
  escalation naming the pair.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Conflict, RateLimited
from otp.events.models import Event
from otp.governance import routing, settings

#: what is limited → the events that count it
LIMITED = {"issues": ("issue.raised", "issue.raise_collapsed"), "escalations": ("escalation.raised",),
           "approvals": ("approval.requested",)}
_BY_ACTION = {"issue.raise": "issues", "escalation.raise": "escalations"}
_WINDOWS = (("hour", timedelta(hours=1)), ("day", timedelta(days=1)))


def check_rate(session: Session, actor: Actor, kind: str) -> None:
    """Refuse when the agent has used up `kind` (issues, escalations, approvals) this hour or day."""
    if actor.kind != "agent":
        return
    limits = settings.get(session, actor.org_id, "agent_rate_limits")
    now = clock.now()
    for name, span in _WINDOWS:
        limit = int(limits[f"{kind}_per_{name}"])
        since = now - span
        count, oldest = session.execute(select(func.count(Event.id), func.min(Event.occurred_at)).where(
            Event.org_id == actor.org_id, Event.actor_kind == "agent", Event.actor_id == actor.id,
            Event.action.in_(LIMITED[kind]), Event.occurred_at > since)).one()
        if count >= limit:
            resets = (oldest or now) + span
            raise RateLimited(f"limit reached: {limit} {kind.rstrip('s') if limit == 1 else kind} per {name} "
                              f"(settings.agent_rate_limits.{kind}_per_{name}); the next is possible at "
                              f"{resets:%Y-%m-%d %H:%M:%S} UTC", field=kind)


def at_gate(session: Session, actor: Actor, action: str, resource: dict | None, payload: dict | None) -> None:
    """Called by the gate when an agent's action is allowed."""
    kind = _BY_ACTION.get(action)
    if kind is None or actor.kind != "agent":
        return
    if action == "issue.raise":
        _ping_pong(session, actor, resource or {}, payload or {})
    check_rate(session, actor, kind)


# --------------------------------------------------------------------------- ping-pong
_WORD = re.compile(r"[^\W\d_]{3,}")


def _words(title: str) -> frozenset:
    return frozenset(w.lower() for w in _WORD.findall(title or ""))


def similar(a: dict, b: dict) -> bool:
    """About the same thing: the same link, or titles sharing at least 60% of their words."""
    if a.get("linked_id") and a.get("linked_id") == b.get("linked_id") and a.get("linked_type") == b.get("linked_type"):
        return True
    wa, wb = _words(a.get("title", "")), _words(b.get("title", ""))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def _pair(session: Session, actor: Actor, resource: dict):
    """(my seat, their seat, their agent id) when the issue goes to another agent's seat."""
    from otp.org.models import Seat
    target = resource.get("owner_seat_id")
    mine = routing.seat_of(session, "agent", actor.id)
    seat = session.get(Seat, target) if isinstance(target, str) else None
    if mine is None or seat is None or seat.id == mine or not seat.occupant_agent_id:
        return None
    return mine, seat.id, seat.occupant_agent_id


def _raises_between(session: Session, org_id: str, a: tuple[str, str], b: tuple[str, str], since: datetime):
    """The raise events (made or collapsed) from agent a[0] on seat b[1] and from b[0] on a[1]."""
    rows = session.execute(select(Event.actor_id, Event.entity_id, Event.payload).where(
        Event.org_id == org_id, Event.actor_kind == "agent", Event.actor_id.in_((a[0], b[0])),
        Event.action.in_(LIMITED["issues"]), Event.occurred_at > since)).all()
    out = []
    for agent_id, issue_id, payload in rows:
        seat = (payload or {}).get("owner_seat_id")
        if (agent_id, seat) in ((a[0], b[1]), (b[0], a[1])):
            out.append((agent_id, issue_id, payload or {}))
    return out


def _ping_pong(session: Session, actor: Actor, resource: dict, payload: dict) -> None:
    pair = _pair(session, actor, resource)
    if pair is None:
        return
    mine, theirs, other = pair
    from otp.work.models import Issue
    hours = settings.get(session, actor.org_id, "ping_pong_window_hours")
    since = clock.now() - timedelta(hours=hours)
    raises = _raises_between(session, actor.org_id, (actor.id, mine), (other, theirs), since)
    for _, issue_id, raised in raises:
        issue = session.get(Issue, issue_id)
        if issue is not None and issue.state in ("open", "identified", "discussed") and similar(raised, payload):
            raise PingPong(actor, issue, payload, (actor.id, mine), (other, theirs))
    senders = {agent_id for agent_id, _, _ in raises} | {actor.id}
    if senders == {actor.id, other} and len(raises) + 1 >= settings.get(session, actor.org_id, "ping_pong_threshold"):
        raise PingPong(actor, None, payload, (actor.id, mine), (other, theirs))


class PingPong(Conflict):
    """A repeated raise between two agents' seats: collapsed into the open issue about the same
    thing, or — at the threshold — the raise that stops the pair. After the rollback the attempt
    is recorded (issue.raise_collapsed) and, past the threshold, both agents are paused."""

    def __init__(self, actor: Actor, issue, payload: dict, me: tuple[str, str], other: tuple[str, str]):
        if issue is not None:
            message = (f"collapsed: issue {issue.id} ({issue.title!r}) about the same thing is already open between "
                       f"these two seats; add to it instead of raising it again")
        else:
            message = ("ping-pong: issues keep going back and forth between these two seats; both agents are "
                       "paused and a person is asked to look")
        super().__init__(message, field="owner_seat_id" if issue is None else "title", code="collapsed")
        self.actor, self.payload, self.me, self.other = actor, payload, me, other
        self.issue_id = issue.id if issue is not None else None

    def persist_after_rollback(self, session: Session) -> None:
        from otp.events.service import record
        record(session, self.actor, "issue.raise_collapsed", "issue", self.issue_id,
               {"owner_seat_id": self.other[1], "title": self.payload.get("title"),
                "linked_type": self.payload.get("linked_type"), "linked_id": self.payload.get("linked_id")})
        trip_pair(session, self.actor.org_id, self.me, self.other)


def trip_pair(session: Session, org_id: str, a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Past the threshold (raises both ways within the window): pause both agents by the loop
    guard and give their human one escalation naming the pair. True when it tripped now."""
    from otp.auth.actor import system_actor
    from otp.governance.autonomy import record_incident
    from otp.governance.escalations import open_escalation
    from otp.governance.quiet import withdraw_pending_approvals
    from otp.events.service import record
    from otp.org.models import Agent
    hours = settings.get(session, org_id, "ping_pong_window_hours")
    raises = _raises_between(session, org_id, a, b, clock.now() - timedelta(hours=hours))
    both_ways = {agent_id for agent_id, _, _ in raises} == {a[0], b[0]}
    if not both_ways or len(raises) < settings.get(session, org_id, "ping_pong_threshold"):
        return False
    agents = [session.execute(select(Agent).where(Agent.id == x).with_for_update()).scalar_one() for x in (a[0], b[0])]
    if all(agent.status != "active" for agent in agents):
        return False  # already stopped: one escalation per episode
    system = system_actor(org_id)
    names = f"{agents[0].name} and {agents[1].name}"
    reason = f"ping-pong: {names} raised {len(raises)} issues at each other's seats within {hours:g} hours"
    for agent in agents:
        if agent.status == "active":
            agent.status = "paused"
            record(session, system, "agent.paused", "agent", agent.id, {"reason": reason, "guard": "loop_guard"})
            withdraw_pending_approvals(session, agent.id, f"loop guard: {reason}")
    open_escalation(session, system, a[1], reason=reason, urgency="high",
                    needed=f"Look at what {names} are sending each other, then resume them or reassign the work.",
                    link_type="agent", link_id=agents[0].id)
    for agent in agents:
        record_incident(session, org_id, agent.id, "loop_guard", {"ping_pong": [a[0], b[0]], "raises": len(raises)})
    return True
