"""Planning a scorecard import: measurables (matched by title) and their history, one column
per period (a header that reads as a date: the period containing that date)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.imports import values as parse
from otp.imports.owners import Owners
from otp.imports.report import Plan, Step
from otp.imports.table import Table
from otp.org.models import Organization
from otp.scorecard import periods
from otp.scorecard.definition import MAX_ABS
from otp.scorecard.history import report_history
from otp.scorecard.measurables import create_measurable, update_measurable
from otp.scorecard.models import Entry, Measurable

_CADENCES = {"weekly": "weekly", "week": "weekly", "w": "weekly", "monthly": "monthly", "month": "monthly",
             "m": "monthly"}


def plan_scorecard(session: Session, actor: Actor, table: Table, plan: Plan) -> None:
    col = table.header
    org = session.get(Organization, actor.org_id)
    owners = Owners(session, actor.org_id)
    existing = {m.title.casefold(): m for m in session.execute(select(Measurable).where(
        Measurable.org_id == actor.org_id, Measurable.archived_at.is_(None))).scalars()}
    seen: dict[str, int] = {}
    for row in table.rows:
        errors_before = len(plan.errors)
        title = row.get("title")
        if not title or len(title) > 200:
            plan.error(row.line, col("title"), "the measurable title is empty" if not title
                       else "the title is longer than 200 characters")
            continue
        if title.casefold() in seen:
            plan.error(row.line, col("title"), f"duplicate measurable {title!r} (already on line "
                                               f"{seen[title.casefold()]})")
            continue
        seen[title.casefold()] = row.line
        owner_id, why = owners.seat_for(row.get("owner"))
        if owner_id is None:
            plan.error(row.line, col("owner"), why)
        try:
            rule, target, target_max = parse.goal(row.get("target"))
        except ValueError as exc:
            plan.error(row.line, col("target"), str(exc))
            rule, target, target_max = None, 0.0, None
        if abs(target) > MAX_ABS or (target_max is not None and abs(target_max) > MAX_ABS):
            plan.error(row.line, col("target"), "the goal is out of range")
        try:
            rule = parse.comparator(row.get("comparator")) or rule or ">="
        except ValueError as exc:
            plan.error(row.line, col("comparator"), str(exc))
        if rule == "between" and target_max is None:
            plan.error(row.line, col("target"), "a `between` goal is a range like 10 - 20")
        if rule != "between":
            target_max = None
        cadence_text = row.get("cadence").lower() or "weekly"
        cadence = _CADENCES.get(cadence_text)
        if cadence is None:
            plan.error(row.line, col("cadence"), f"OTP measurables are weekly or monthly (got {row.get('cadence')!r})")
            cadence = "weekly"
        unit = row.get("unit") or parse.unit_of(row.get("target"))
        if len(unit) > 32:
            plan.error(row.line, col("unit"), "the unit is longer than 32 characters")
        history: dict[date, float] = {}
        where: dict[date, str] = {}
        for day, (header, text) in sorted(row.periods.items()):
            start = periods.period_of(day, cadence, org.timezone, org.week_start)
            try:
                value = parse.number(text)
            except ValueError as exc:
                plan.error(row.line, header, str(exc))
                continue
            if value is None:
                continue
            if abs(value) > MAX_ABS:
                plan.error(row.line, header, "the value is out of range")
                continue
            if start in history:
                plan.error(row.line, header, f"falls in the same {cadence[:-2]} as column {where[start]!r}")
                continue
            history[start], where[start] = value, header
        if len(plan.errors) > errors_before:
            continue
        fields = {"title": title, "owner_seat_id": owner_id, "target": target, "comparator": rule,
                  "target_max": target_max, "cadence": cadence, "unit": unit, "description": row.get("description")}
        columns = {"title": col("title"), "owner_seat_id": col("owner"), "target": col("target"),
                   "target_max": col("target"), "comparator": col("comparator"), "cadence": col("cadence"),
                   "unit": col("unit"), "description": col("description")}
        _steps(session, plan, row.line, existing.get(title.casefold()), fields, history, where, columns, col)


def _steps(session, plan: Plan, line: int, current: Measurable | None, fields: dict, history: dict, where: dict,
           columns: dict, col) -> None:
    title = fields["title"]
    if current is None:
        def create(s, a, ctx, line=line, fields=fields):
            made = create_measurable(s, a, **{k: v for k, v in fields.items() if k != "description"},
                                     description=fields["description"] or "")
            ctx["measurable"][line] = made.id
        target = f"{fields['comparator']} {fields['target']:g}" + (
            f"–{fields['target_max']:g}" if fields["target_max"] is not None else "")
        plan.add(Step(line=line, what="measurable", op="create", label=title,
                      detail=f"{fields['cadence']}, goal {target}{' ' + fields['unit'] if fields['unit'] else ''}",
                      run=create, columns=columns, default_column=col("title")))
        stored: dict[date, float | None] = {}
    else:
        changes = {k: v for k, v in fields.items()
                   if k not in ("title",) and v != getattr(current, k) and not (k == "description" and not v)}

        def update(s, a, ctx, line=line, current_id=current.id, changes=changes):
            ctx["measurable"][line] = current_id
            if changes:
                update_measurable(s, a, current_id, dict(changes))
        plan.add(Step(line=line, what="measurable", op="update" if changes else "unchanged", label=title,
                      detail=", ".join(sorted(changes)) + " changed" if changes else "already on the scorecard",
                      run=update, columns=columns, default_column=col("title")))
        stored = dict(session.execute(select(Entry.period_start, Entry.value).where(
            Entry.measurable_id == current.id)).all())
    todo = {p: v for p, v in history.items() if stored.get(p) != v}
    if not history:
        return
    span = f"{min(history).isoformat()} … {max(history).isoformat()}"
    if not todo:
        plan.add(Step(line=line, what="history", op="unchanged", label=title,
                      detail=f"{len(history)} values already recorded ({span})"))
        return

    def report(s, a, ctx, line=line, todo=todo):
        report_history(s, a, measurable_id=ctx["measurable"][line],
                       values=[{"period": p.isoformat(), "value": v} for p, v in sorted(todo.items())])
    replaced = sum(1 for p in todo if p in stored)
    detail = f"{len(todo)} {fields['cadence']} values ({span})" + (f", {replaced} replacing earlier ones"
                                                                   if replaced else "")
    first_header = where[min(todo)]
    plan.add(Step(line=line, what="history", op="create" if not replaced else "update", label=title,
                  detail=detail, run=report, default_column=first_header,
                  columns={"measurable_id": col("title")}))
