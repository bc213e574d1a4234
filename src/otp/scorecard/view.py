"""The scorecard view: every active measurable × its last N periods, grouped by owner seat, with
on/off per cell, trend and forecast. Each row's `cells` follow the window's period starts in
`periods[<cadence>]`, oldest first ({period, value, on_target}; nulls where nothing was reported).

A fixed number of queries whatever the number of measurables: the organization, the measurables
with their seats and occupants (one join), the chart's order, and the window's entries (one
range scan per cadence in use). Everything else happens in memory.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock
from otp.core.errors import Invalid
from otp.org.chart import get_seat
from otp.org.models import Agent, Organization, Person, Seat
from otp.scorecard import periods as cal
from otp.scorecard.models import CADENCES, Entry, Measurable
from otp.scorecard.stats import on_target, trend_and_forecast

DEFAULT_PERIODS = 13
MAX_PERIODS = 104


def scorecard(session: Session, actor: Actor, *, periods: int = DEFAULT_PERIODS, owner_seat_id: str | None = None,
              now=None) -> dict:
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= MAX_PERIODS:
        raise Invalid(f"periods must be an integer from 1 to {MAX_PERIODS}", field="periods")
    require(session, actor, "read")
    if owner_seat_id is not None:
        get_seat(session, actor, owner_seat_id, field="owner_seat_id")
    org = session.get(Organization, actor.org_id)
    today = cal.local_date(now or clock.now(), org.timezone)
    windows = {c: cal.window(cal.start_of(today, c, org.week_start), c, periods) for c in CADENCES}
    rows = _measurables(session, actor.org_id, owner_seat_id)
    values = _values(session, actor.org_id, rows, windows, owner_seat_id)
    labels = {c: [d.isoformat() for d in w] for c, w in windows.items()}
    groups: dict[str | None, dict] = {}
    for r in rows:
        group = groups.get(r.owner_seat_id)
        if group is None:
            group = groups[r.owner_seat_id] = {"seat": _seat(r), "measurables": []}
        group["measurables"].append(_row(r, labels[r.cadence], values.get(r.id)))
    rank = _chart_order(session, actor.org_id)
    ordered = sorted(groups.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    return {"periods": labels,
            "groups": [g for _, g in ordered]}


def _chart_order(session: Session, org_id: str) -> dict[str, int]:
    """Seat id -> its place in the chart read top-down (parents before children, siblings by position)."""
    children: dict[str | None, list] = {}
    for seat_id, parent_id, position, title in session.execute(
            select(Seat.id, Seat.parent_id, Seat.position, Seat.title).where(Seat.org_id == org_id)):
        children.setdefault(parent_id, []).append((position, title, seat_id))
    rank: dict[str, int] = {}
    stack = sorted(children.get(None, []), reverse=True)
    while stack:
        _, _, seat_id = stack.pop()
        rank[seat_id] = len(rank)
        stack.extend(sorted(children.get(seat_id, []), reverse=True))
    return rank


def _measurables(session: Session, org_id: str, owner_seat_id: str | None):
    holder, bot = aliased(Person), aliased(Agent)
    q = (select(Measurable.id, Measurable.key, Measurable.title, Measurable.unit, Measurable.comparator,
                Measurable.target, Measurable.target_max, Measurable.cadence, Measurable.formula,
                Measurable.owner_seat_id, Seat.title.label("seat_title"),
                Seat.occupant_person_id, holder.name.label("person_name"),
                Seat.occupant_agent_id, bot.name.label("agent_name"))
         .outerjoin(Seat, Seat.id == Measurable.owner_seat_id)
         .outerjoin(holder, holder.id == Seat.occupant_person_id)
         .outerjoin(bot, bot.id == Seat.occupant_agent_id)
         .where(Measurable.org_id == org_id, Measurable.archived_at.is_(None)))
    if owner_seat_id is not None:
        q = q.where(Measurable.owner_seat_id == owner_seat_id)
    # Within a seat: the owner's chosen order, then the title. Seats are ordered by the chart.
    # Core execution: plain rows, without the ORM's per-row bookkeeping.
    return session.connection().execute(q.order_by(Measurable.position, Measurable.title, Measurable.id)).all()


def _values(session: Session, org_id: str, rows, windows: dict[str, list[date]], owner_seat_id) -> dict:
    """{measurable id: [value or None per period of its cadence's window, oldest first]}."""
    cadence_of = {r.id: r.cadence for r in rows}
    out: dict[str, list[float | None]] = {}
    for cadence in sorted({r.cadence for r in rows}):
        window = windows[cadence]
        # str(): SQLite returns the date as text already (typed as text here, so no per-row date
        # parsing over up to 26,000 rows); PostgreSQL as a date.
        slot = {d.isoformat(): i for i, d in enumerate(window)}
        size = len(window)
        # Index-only on ix_entries_org_period_cover: no table lookup per entry.
        q = select(Entry.measurable_id, type_coerce(Entry.period_start, String), Entry.value).where(
            Entry.org_id == org_id, Entry.period_start >= window[0], Entry.period_start <= window[-1])
        if owner_seat_id is not None:
            # The seat's own measurables by id, not as a subquery: PostgreSQL planned the subquery
            # as a per-entry probe on tables without fresh statistics (115 ms for 3,900 entries on
            # a just-loaded organization, 0.6 ms after ANALYZE); an id list is fast either way.
            wanted = [m_id for m_id, c in cadence_of.items() if c == cadence]
            q = q.where(Entry.measurable_id.in_(wanted))
        result = session.connection().execute(q)
        try:
            # Plain DB-API tuples: no Row object per entry. Safe here because no column needs a
            # result processor (ids and period are text, values plain floats on both backends).
            fetched = result.cursor.fetchall()
        finally:
            result.close()
        for m_id, period, value in fetched:
            if cadence_of.get(m_id) != cadence:
                continue
            at = slot.get(period if period.__class__ is str else str(period))
            if at is None:
                continue
            values = out.get(m_id)
            if values is None:
                values = out[m_id] = [None] * size
            values[at] = value
    return out


def _seat(r) -> dict | None:
    if r.owner_seat_id is None:
        return None
    occupant = None
    if r.occupant_person_id:
        occupant = {"kind": "person", "id": r.occupant_person_id, "name": r.person_name}
    elif r.occupant_agent_id:
        occupant = {"kind": "agent", "id": r.occupant_agent_id, "name": r.agent_name}
    return {"id": r.owner_seat_id, "title": r.seat_title, "occupant": occupant}


def _row(r, window: list[str], values: list[float | None] | None) -> dict:
    if values is None:
        values = [None] * len(window)
    trend, forecast = trend_and_forecast(values)
    return {"id": r.id, "key": r.key, "title": r.title, "unit": r.unit, "comparator": r.comparator,
            "target": r.target, "target_max": r.target_max, "cadence": r.cadence, "formula": r.formula,
            "cells": [{"period": p, "value": v, "on_target": o}
                      for p, v, o in zip(window, values, _judge(values, r.comparator, r.target, r.target_max))],
            "trend": trend, "forecast": forecast,
            "forecast_on_target": on_target(forecast, r.comparator, r.target, r.target_max)}


def _judge(values: list, comparator: str, target: float, target_max: float | None) -> list:
    # stats.on_target, unrolled per comparator: this runs for every cell of the grid.
    if comparator == ">=":
        return [None if v is None else v >= target for v in values]
    if comparator == "<=":
        return [None if v is None else v <= target for v in values]
    return [on_target(v, comparator, target, target_max) for v in values]
