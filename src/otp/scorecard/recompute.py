"""Keeping formula measurables current. When an input's entry changes, every measurable that
reads it — directly or through other formulas — is recomputed for that period, inputs before
the formulas that read them, in the same transaction as the change."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.scorecard import formula as formulas
from otp.scorecard.models import Entry, Measurable, MeasurableInput
from otp.scorecard.store import put


def dependents_in_order(session: Session, measurable_id: str) -> list[str]:
    """Every measurable computed from `measurable_id`, each after all of its own inputs."""
    reads: dict[str, set[str]] = {}  # dependent -> the inputs it reads, within the chain
    frontier, seen = {measurable_id}, set()
    while frontier:  # one query per level of the chain; usually a single empty one
        # Core execution: this runs on every report, and the ORM layer would double its cost.
        rows = session.connection().execute(select(MeasurableInput.measurable_id, MeasurableInput.input_id)
                                            .where(MeasurableInput.input_id.in_(frontier))).all()
        for dep, src in rows:
            reads.setdefault(dep, set()).add(src)
        frontier = {dep for dep, _ in rows} - seen
        seen |= frontier
    ordered, done = [], {measurable_id}
    pending = set(seen)
    while pending:
        ready = sorted(d for d in pending if reads[d] <= done)
        if not ready:  # cannot happen: cycles are refused when formulas are saved
            raise RuntimeError("formula cycle in the database")
        ordered.extend(ready)
        done |= set(ready)
        pending -= set(ready)
    return ordered


def after_change(session: Session, actor: Actor, measurable_id: str, period: date) -> list[dict]:
    """Recompute the dependents of `measurable_id` for `period`; return what changed."""
    changes = []
    for dep_id in dependents_in_order(session, measurable_id):
        m = session.get(Measurable, dep_id)
        if m.archived_at is not None or not m.formula:
            continue
        changes += compute(session, actor, m, [period])
    return changes


def recompute_all(session: Session, actor: Actor, m: Measurable) -> list[dict]:
    """After a formula is set or changed: every period any input (or the measurable) has, then
    the chain of its dependents for those periods."""
    input_ids = _inputs(session, m.id)
    periods = sorted(set(session.execute(select(Entry.period_start).where(
        Entry.measurable_id.in_([*input_ids, m.id]))).scalars()))
    changes = compute(session, actor, m, periods)
    for dep_id in dependents_in_order(session, m.id):
        dep = session.get(Measurable, dep_id)
        if dep.archived_at is None and dep.formula:
            changes += compute(session, actor, dep, periods)
    return changes


def compute(session: Session, actor: Actor, m: Measurable, periods: list[date]) -> list[dict]:
    if not periods:
        return []
    node = formulas.parse(m.formula)
    keys = dict(session.execute(select(Measurable.id, Measurable.key).join(
        MeasurableInput, MeasurableInput.input_id == Measurable.id).where(MeasurableInput.measurable_id == m.id)).all())
    values: dict[date, dict[str, float | None]] = {p: {} for p in periods}
    rows = session.execute(select(Entry.measurable_id, Entry.period_start, Entry.value).where(
        Entry.measurable_id.in_(list(keys)), Entry.period_start.in_(periods)))
    for input_id, period, value in rows:
        values[period][keys[input_id]] = value
    changes = []
    for period in periods:
        value = formulas.evaluate(node, values[period])
        _, changed, _ = put(session, actor, m, period, value, source="formula")
        if changed:
            changes.append({"measurable_id": m.id, "period": period.isoformat(), "value": value})
    return changes


def _inputs(session: Session, measurable_id: str) -> list[str]:
    return list(session.execute(select(MeasurableInput.input_id).where(
        MeasurableInput.measurable_id == measurable_id)).scalars())
