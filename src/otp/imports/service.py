"""Import: preview, then confirm. One entry point per face:

    preview(session, actor, kind, fmt, text) -> Plan       nothing written
    run_import(session, actor, kind, fmt, text) -> Plan    all or nothing

Both read the file into a plan of steps (otp.imports.<kind> planners), each step one call of a
governed service (chart, people, agents, scorecard, work). The preview then *runs* the steps in
a savepoint and rolls it back, so it reports exactly what confirming would hit — a governance
refusal, a rule only the service knows — on the line that caused it. Confirming runs the same
steps in the caller's transaction: each step asks governance and records its own event, as it
would from any face; the first error refuses the whole file (ImportRefused, 422) and the caller's
transaction rolls back, so nothing is written.

Re-running a file is safe: planners match rows to what exists by natural keys (seat title under
its parent, email, agent name, measurable title, rock title + owner + quarter, issue and to-do
title + owner) and plan those as `unchanged` or `update`.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import validate
from otp.core.errors import ApprovalRequired, Forbidden, OTPError
from otp.imports import layouts
from otp.imports.report import ImportRefused, LineError, Plan
from otp.imports.table import read


def plan(session: Session, actor: Actor, kind: str, fmt: str, text: str) -> Plan:
    kind = validate.choice("kind", kind, layouts.KINDS)
    fmt = validate.choice("format", fmt, layouts.FORMATS)
    require(session, actor, "read")
    table = read(text, layouts.aliases(kind, fmt), periods=kind == "scorecard")
    result = Plan(kind=kind, format=fmt, rows=len(table.rows), ignored_columns=table.ignored)
    missing = [key for key in layouts.REQUIRED[kind] if key not in table.headers]
    for key in missing:
        names = layouts.aliases(kind, fmt)[key]
        shown = key if fmt == "csv" else (names[0] if names else key)
        result.error(1, shown, f"the header has no {shown!r} column (required for a {kind} import)")
    if not table.rows and not missing:
        result.error(2, "", "the file has a header but no rows")
    if result.errors:
        return result
    _planner(kind)(session, actor, table, result)
    return result


def _planner(kind: str):
    from otp.imports import chart_plan, scorecard_plan, work_plan
    return {"chart": chart_plan.plan_chart, "scorecard": scorecard_plan.plan_scorecard,
            "rocks": work_plan.plan_rocks, "issues": work_plan.plan_issues, "todos": work_plan.plan_todos}[kind]


def preview(session: Session, actor: Actor, kind: str, fmt: str, text: str) -> Plan:
    """What confirming would do, and every error by line and column. Writes nothing: the steps
    run in a savepoint that is always rolled back."""
    result = plan(session, actor, kind, fmt, text)
    if result.errors:
        return result
    savepoint = session.begin_nested()
    try:
        _apply(session, actor, result)
    except ImportRefused as exc:
        result.errors.extend(exc.errors)
    finally:
        savepoint.rollback()
    session.expire_all()
    return result


def run_import(session: Session, actor: Actor, kind: str, fmt: str, text: str) -> Plan:
    """Confirm: every step, in the caller's transaction. Raises ImportRefused (nothing written
    once the caller rolls back) on the first line that fails."""
    result = plan(session, actor, kind, fmt, text)
    if result.errors:
        raise ImportRefused(result.errors)
    _apply(session, actor, result)
    return result


def _apply(session: Session, actor: Actor, result: Plan) -> None:
    ctx: dict = {"seat": {}, "person": {}, "agent": {}, "measurable": {}, "outcome": {}}
    for step in result.steps:
        if step.run is None:
            continue
        try:
            step.run(session, actor, ctx)
        except ApprovalRequired as exc:
            # Held: an import is not one action an approver could run later; refuse it whole.
            raise ImportRefused([LineError(step.line, step.default_column,
                                           f"needs approval ({exc.message}); an owner or admin can import it")])
        except Forbidden as exc:
            raise ImportRefused([LineError(step.line, step.default_column, f"not allowed: {exc.message}")])
        except OTPError as exc:
            column = step.columns.get(exc.field, step.default_column) if exc.field else step.default_column
            raise ImportRefused([LineError(step.line, column, exc.message)])
