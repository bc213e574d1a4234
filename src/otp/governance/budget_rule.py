"""The budget rule shared by an agent's monthly budget (guards.check_budget) and the
organization's monthly cap (org_budget.check_org_budget), written once:

- at the warning share of the budget (settings["budget_warning_percent"], default 80) the spend
  is a *warning* (told once a month per budget);
- at the *pause line* it is a hard stop. The line is the budget until the first trip of the
  month; after a trip there is none until a person resumes, which acknowledges the overrun and
  moves the line to the next whole multiple of the budget above what was spent.
- The line is not stored in a column: it is read back from this month's events of the budget's
  holder (trips, resumes and budget changes carry it), see `line_from_events`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.events.models import Event

# The key, on resume and budget-change events, of the pause line they set this month.
PAUSE_LINE = "budget_pause_at_cents"


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_multiple(budget: int, spent: int) -> int:
    """The first whole multiple of the budget above what was spent: 1,010 of 1,000 → 2,000."""
    return (spent // budget + 1) * budget


def state(spent: int, budget: int | None, warning_percent: float) -> str:
    """"ok", "warning" (at the warning share) or "breached" (at or over the budget); no budget
    (None or 0) is always ok."""
    if not budget:
        return "ok"
    if spent >= budget:
        return "breached"
    return "warning" if spent * 100 >= budget * warning_percent else "ok"


def line_from_events(session: Session, org_id: str, entity_type: str, entity_id: str, actions: tuple[str, ...],
                     is_trip: Callable[[str, dict], bool], now: datetime) -> int | None:
    """After a trip this month: the line set by the latest of this month's events of the entity
    (`actions`) that set one, None while the latest such event is a trip (waiting for a person)."""
    rows = session.execute(select(Event.action, Event.payload).where(
        Event.org_id == org_id, Event.entity_type == entity_type, Event.entity_id == entity_id,
        Event.action.in_(actions), Event.occurred_at >= month_start(now)).order_by(Event.id.desc()))
    for action, payload in rows:
        payload = payload or {}
        if is_trip(action, payload):
            return None
        if PAUSE_LINE in payload:
            return payload[PAUSE_LINE]
    return None
