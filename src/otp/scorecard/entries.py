"""Reporting values and reading them back.

`report` maps any date or time to the period containing it (in the organization's timezone and
week start), replaces an earlier value for that period while keeping it as a revision,
recomputes the formulas that read the measurable, and checks for drift — one transaction.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Invalid
from otp.core.types import iso
from otp.events.service import record
from otp.org.models import Organization
from otp.scorecard import drift, periods, recompute
from otp.scorecard.definition import number
from otp.scorecard.measurables import get_measurable
from otp.scorecard.models import Entry, EntryRevision, Measurable
from otp.scorecard.stats import on_target
from otp.scorecard.store import put

MAX_PAGE = 500


def _source(actor: Actor, source) -> str:
    if actor.is_agent:
        return "agent"  # an agent's number is the agent's, whatever it claims
    if source is None:
        return "manual"
    allowed = ("manual", "api", "agent") if actor.kind == "system" else ("manual", "api")
    return validate.choice("source", source, allowed)


def period_for(session: Session, m: Measurable, moment=None, field: str = "period") -> date:
    org = session.get(Organization, m.org_id)
    return periods.period_of(clock.now() if moment is None else moment, m.cadence, org.timezone, org.week_start,
                             field)


@command("measurable.report")
def report(session: Session, actor: Actor, *, measurable_id: str, value: float, period=None, note: str = "",
           source: str | None = None) -> Entry:
    """Record `value` for the period containing `period` (a date, a datetime or ISO text; default
    now). Returns the current entry."""
    value = number("value", value)
    note = validate.text("note", note, max_len=2000, required=False)
    source = _source(actor, source)
    m, tz, week_start = _load_locked(session, actor, measurable_id)
    if m.archived_at is not None:
        raise Conflict("this measurable is archived", field="measurable_id")
    if m.formula:
        raise Conflict("this measurable is computed by its formula; report its inputs instead",
                       field="measurable_id")
    start = periods.period_of(clock.now() if period is None else period, m.cadence, tz, week_start)
    # The resolved period goes into the payload, so an approved replay reports the same period.
    payload = {"measurable_id": m.id, "value": value, "period": start.isoformat(), "note": note, "source": source}
    require(session, actor, "measurable.report", {"type": "measurable", "id": m.id, "owner_seat_id": m.owner_seat_id},
            payload=payload)
    entry, changed, previous = put(session, actor, m, start, value, source=source, note=note)
    if not changed:
        return entry
    recomputed = recompute.after_change(session, actor, m.id, start)
    record(session, actor, "measurable.reported", "measurable", m.id,
           {**payload, "previous": previous, "version": entry.version, "recomputed": recomputed})
    # An on-target value can only end or shorten an episode, never start one: no check needed.
    if on_target(value, m.comparator, m.target, m.target_max) is False:
        drift.check(session, m.id, locked=m)
    for m_id in dict.fromkeys(c["measurable_id"] for c in recomputed if c["value"] is not None):
        drift.check(session, m_id)
    return entry


def _load_locked(session: Session, actor: Actor, measurable_id) -> tuple[Measurable, str, int]:
    """The measurable, locked from the start (a lock changes nothing; one reporter per measurable
    at a time), with its organization's calendar — one query on the hot path."""
    row = None
    if isinstance(measurable_id, str):
        row = session.execute(
            select(Measurable, Organization.timezone, Organization.week_start)
            .join(Organization, Organization.id == Measurable.org_id)
            .where(Measurable.id == measurable_id, Measurable.org_id == actor.org_id)
            .with_for_update(of=Measurable).execution_options(populate_existing=True)).one_or_none()
    if row is None:
        get_measurable(session, actor, measurable_id)  # raises NotFound naming the field
    return row[0], row[1], row[2]


def entry_dict(m: Measurable, e: Entry | EntryRevision, replaced_at=None) -> dict:
    return {"measurable_id": e.measurable_id, "period": e.period_start.isoformat(), "value": e.value,
            "on_target": on_target(e.value, m.comparator, m.target, m.target_max), "source": e.source,
            "entered_by": {"kind": e.entered_by_kind, "id": e.entered_by_id}, "note": e.note,
            "version": e.version, "entered_at": iso(e.entered_at), "replaced_at": iso(replaced_at)}


def list_entries(session: Session, actor: Actor, measurable_id: str, *, before=None, limit: int = 100) -> list[dict]:
    """Current values, newest period first; page with `before` = the last period seen."""
    m = get_measurable(session, actor, measurable_id)
    q = select(Entry).where(Entry.measurable_id == m.id)
    if before is not None:
        q = q.where(Entry.period_start < _date("before", before))
    rows = session.execute(q.order_by(Entry.period_start.desc()).limit(min(max(limit, 1), MAX_PAGE))).scalars()
    return [entry_dict(m, e) for e in rows]


def period_history(session: Session, actor: Actor, measurable_id: str, period) -> list[dict]:
    """Every version of one period's value, current first."""
    m = get_measurable(session, actor, measurable_id)
    start = period_for(session, m, period)
    current = session.execute(select(Entry).where(Entry.measurable_id == m.id, Entry.period_start == start)
                              ).scalar_one_or_none()
    older = session.execute(select(EntryRevision).where(EntryRevision.measurable_id == m.id,
                                                        EntryRevision.period_start == start)
                            .order_by(EntryRevision.version.desc())).scalars()
    return ([entry_dict(m, current)] if current else []) + [entry_dict(m, r, r.replaced_at) for r in older]


def _date(field: str, value) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field} must be a date (YYYY-MM-DD)", field=field) from None
