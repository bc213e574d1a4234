"""The work that sits on a set of seats — outcomes, measurables, to-dos, issues — as plain,
deterministically ordered dicts. Shared by the compiled context and the briefing; a few indexed
queries each, never a scan of the organization."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from otp.agentface.seats import core, ids_in, ids_params
from otp.core.prepared import Prepared
from otp.core.types import iso
from otp.governance.models import OutcomeGrantRow
from otp.scorecard.models import Entry, Measurable
from otp.scorecard.stats import on_target
from otp.work.models import Issue, Outcome, OutcomeStatusChange, Todo

CLOSED_OUTCOME = ("done", "dropped")
OPEN_ISSUE = ("open", "identified", "discussed")
_ROLE_ORDER = {"owner": 0, "reviewer": 1, "granted": 2}


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


@lru_cache(maxsize=64)
def _outcomes_statement(n: int):
    granted = select(OutcomeGrantRow.outcome_id).where(OutcomeGrantRow.org_id == bindparam("org_id"),
                                                        ids_in(OutcomeGrantRow.seat_id, n))
    changed = (select(func.max(OutcomeStatusChange.changed_at)).where(OutcomeStatusChange.outcome_id == Outcome.id)
               .correlate(Outcome).scalar_subquery())
    parent = aliased(Outcome)
    return select(
        Outcome.id, Outcome.title, Outcome.owner_seat_id, Outcome.reviewer_seat_id, Outcome.kind, Outcome.status,
        Outcome.quarter, Outcome.due_date, Outcome.definition_of_done, Outcome.measurable_id, Outcome.target,
        Outcome.created_at, changed, parent.id, parent.title, parent.status).outerjoin(
        parent, parent.id == Outcome.parent_id).where(
        Outcome.org_id == bindparam("org_id"), Outcome.status.not_in(CLOSED_OUTCOME),
        ids_in(Outcome.owner_seat_id, n) | ids_in(Outcome.reviewer_seat_id, n) | Outcome.id.in_(granted))


@lru_cache(maxsize=128)
def _todos_statement(n: int, due: bool):
    q = select(Todo.id, Todo.title, Todo.due_at, Todo.owner_seat_id, Todo.source).where(
        Todo.org_id == bindparam("org_id"), ids_in(Todo.owner_seat_id, n), Todo.done_at.is_(None))
    if due:
        q = q.where(Todo.due_at <= bindparam("due_before", type_=Todo.due_at.type))
    return Prepared(q.order_by(Todo.due_at, Todo.id).limit(bindparam("limit")))


def outcomes(session: Session, org_id: str, seat_ids: list[str]) -> list[dict]:
    """Open outcomes the seats own, review, or hold an authority grant on; with the time of the
    last status change (the creation time when there was none) and the outcome each contributes
    to (a rock's company-level parent), if any. One query."""
    if not seat_ids:
        return []
    rows = core(session).execute(_outcomes_statement(len(seat_ids)), {"org_id": org_id, **ids_params(seat_ids)}).all()
    seats = set(seat_ids)
    out = []
    for oid, title, owner, reviewer, kind, status, quarter, due, dod, mid, target, created, last, *up in rows:
        role = "owner" if owner in seats else "reviewer" if reviewer in seats else "granted"
        out.append({"id": oid, "title": title, "role": role, "kind": kind, "status": status, "quarter": quarter,
                    "due_date": _day(due), "owner_seat_id": owner, "definition_of_done": dod, "measurable_id": mid,
                    "target": target, "status_changed_at": iso(_aware(last) or created),
                    "contributes_to": dict(zip(("id", "title", "status"), up)) if up[0] else None})
    return sorted(out, key=lambda x: (_ROLE_ORDER[x["role"]], x["due_date"] or "9999", x["title"], x["id"]))


def _aware(value):
    # A scalar subquery loses the column's UTCDateTime type: SQLite hands back text or a naive time.
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def measurables(session: Session, org_id: str, seat_ids: list[str]) -> list[dict]:
    """Live measurables the seats own, with their last entry (by period)."""
    if not seat_ids:
        return []
    rows = session.execute(select(Measurable).where(
        Measurable.org_id == org_id, Measurable.owner_seat_id.in_(seat_ids), Measurable.archived_at.is_(None))
        .order_by(Measurable.position, Measurable.key)).scalars().all()
    if not rows:
        return []
    latest = (select(Entry.measurable_id, func.max(Entry.period_start).label("period"))
              .where(Entry.measurable_id.in_([m.id for m in rows])).group_by(Entry.measurable_id).subquery())
    last = {mid: (period, value) for mid, period, value in session.execute(
        select(Entry.measurable_id, Entry.period_start, Entry.value).join(
            latest, (latest.c.measurable_id == Entry.measurable_id) & (latest.c.period == Entry.period_start)))}
    out = []
    for m in rows:
        period, value = last.get(m.id, (None, None))
        out.append({"id": m.id, "key": m.key, "title": m.title, "unit": m.unit, "comparator": m.comparator,
                    "target": m.target, "target_max": m.target_max, "cadence": m.cadence,
                    "computed": bool(m.formula), "owner_seat_id": m.owner_seat_id,
                    "last": None if period is None else {
                        "period": _day(period), "value": value,
                        "on_target": on_target(value, m.comparator, m.target, m.target_max)}})
    return out


def todos(session: Session, org_id: str, seat_ids: list[str], *, due_before: datetime | None = None,
          limit: int = 200) -> list[dict]:
    if not seat_ids:
        return []
    params = {"org_id": org_id, "limit": limit, **ids_params(seat_ids)}
    if due_before is not None:
        params["due_before"] = due_before
    rows = _todos_statement(len(seat_ids), due_before is not None).all(core(session), params)
    return [{"id": i, "title": t, "due_at": iso(d), "owner_seat_id": s, "source": src} for i, t, d, s, src in rows]


def issues(session: Session, org_id: str, seat_ids: list[str], *, limit: int = 200) -> list[dict]:
    if not seat_ids:
        return []
    rows = session.execute(select(Issue.id, Issue.title, Issue.state, Issue.priority, Issue.source,
                                  Issue.owner_seat_id).where(
        Issue.org_id == org_id, Issue.owner_seat_id.in_(seat_ids), Issue.state.in_(OPEN_ISSUE))
        .order_by(Issue.priority, Issue.id).limit(limit)).all()
    return [{"id": i, "title": t, "state": st, "priority": p, "source": src, "owner_seat_id": s}
            for i, t, st, p, src, s in rows]
