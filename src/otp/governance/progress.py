"""What counts as progress for the loop guard: the one declared list.

The loop guard (otp.governance.guards.heartbeat) pauses an agent that has open work and makes no
progress for N heartbeats. Activity is not progress: headlines, notes, comments, heartbeats,
raised issues, escalations, approval requests and cost reports never reset the count. Progress
is a change to owned work, and only these events (made by the agent) count:

- an outcome's status, a milestone added or ticked, evidence submitted;
- a measurable's value for a period that had none (rewriting a reported value is not progress);
- a to-do completed or verified;
- an issue moved toward solved (a forward state change, or a solution);
- a meeting prep submitted.

The agent's reach (decide's scopes) keeps these on its own work.
"""
from __future__ import annotations

from typing import Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.events.models import Event

_ISSUE_ORDER = ("open", "identified", "discussed", "solved")


def _always(_payload: dict) -> bool:
    return True


def _new_period(payload: dict) -> bool:
    return payload.get("previous") is None


def _toward_solved(payload: dict) -> bool:
    before, after = payload.get("from"), payload.get("to")
    return before in _ISSUE_ORDER and after in _ISSUE_ORDER and _ISSUE_ORDER.index(after) > _ISSUE_ORDER.index(before)


#: event action → does this event (its payload) count as progress?
PROGRESS: Mapping[str, Callable[[dict], bool]] = {
    "outcome.status_changed": _always,
    "outcome.milestone_added": _always,
    "outcome.milestone_updated": _always,
    "outcome.evidence_submitted": _always,
    "measurable.reported": _new_period,
    "todo.completed": _always,
    "todo.verified": _always,
    "issue.transitioned": _toward_solved,
    "issue.solved": _always,
    "meeting.prep_submitted": _always,
}


def counts(action: str, payload: dict | None) -> bool:
    rule = PROGRESS.get(action)
    return rule is not None and rule(payload or {})


def latest_progress(session: Session, org_id: str, agent_id: str, after: int) -> int:
    """The id of the agent's latest progress event after event id `after` (else `after`)."""
    rows = session.execute(select(Event.id, Event.action, Event.payload).where(
        Event.org_id == org_id, Event.actor_kind == "agent", Event.actor_id == agent_id, Event.id > after,
        Event.action.in_(tuple(PROGRESS))).order_by(Event.id.desc()))
    for event_id, action, payload in rows:
        if counts(action, payload):
            return event_id
    return after
