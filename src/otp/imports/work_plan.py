"""Planning imports of rocks, issues and to-dos. Owners are seats (or whoever holds exactly one);
natural keys keep a second run from duplicating: a rock is its title + owner + quarter, an issue
its title + owner (kept as the issue's dedup key), a to-do its title + owner.

Done to-dos and solved issues are listed as skipped: they are history, not work to carry over.
A rock marked done in the file is imported with the export's word as evidence and asked to be
done, so its reviewer (the seat above its owner) accepts it, as for any rock."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.imports import values as parse
from otp.imports.owners import Owners
from otp.imports.report import Plan, Step
from otp.imports.table import Table, parse_day
from otp.org.models import Organization
from otp.work import evidence, issues, outcome_status, outcomes, todos
from otp.work.common import current_quarter, quarter_of
from otp.work.models import Issue, Outcome, Todo

DUE_HOUR = time(17, 0)  # a due day is the end of that working day, in the organization's timezone
ROCK_STATUSES = {"on_track": "on_track", "ontrack": "on_track", "off_track": "off_track", "offtrack": "off_track",
                 "at_risk": "off_track", "behind": "off_track", "not_started": "not_started", "": "not_started",
                 "open": "not_started", "done": "done", "complete": "done", "completed": "done",
                 "dropped": "dropped", "cancelled": "dropped", "canceled": "dropped"}
ISSUE_DONE = {"solved", "closed", "resolved", "done", "dropped", "archived", "complete", "completed"}


def _title(plan: Plan, row, col) -> str | None:
    title = row.get("title")
    if not title:
        plan.error(row.line, col("title"), "the title is empty")
        return None
    if len(title) > 200:
        plan.error(row.line, col("title"), "the title is longer than 200 characters")
        return None
    return title


def _owner(plan: Plan, owners: Owners, row, col) -> str | None:
    seat_id, why = owners.seat_for(row.get("owner"))
    if seat_id is None:
        plan.error(row.line, col("owner"), why)
    return seat_id


def _day(plan: Plan, row, col, key: str) -> date | None:
    text = row.get(key)
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        plan.error(row.line, col(key), f"{text!r} is not a date (2026-03-31 or 3/31/2026)")
    return day


def _quarter(text: str) -> str | None:
    t = text.strip().upper().replace(" ", "")
    m = re.match(r"^(\d{4})-?Q([1-4])$", t) or re.match(r"^Q([1-4])-?(\d{4})$", t)
    if not m:
        return None
    year, q = (m.group(1), m.group(2)) if len(m.group(1)) == 4 else (m.group(2), m.group(1))
    return f"{year}-Q{q}"


# --- rocks ------------------------------------------------------------------------------------
def plan_rocks(session: Session, actor: Actor, table: Table, plan: Plan) -> None:
    col = table.header
    owners = Owners(session, actor.org_id)
    existing = {(o.title.casefold(), o.owner_seat_id, o.quarter): o for o in session.execute(
        select(Outcome).where(Outcome.org_id == actor.org_id, Outcome.kind == "rock")).scalars()}
    now_quarter = current_quarter(session, actor.org_id)
    seen: dict[tuple, int] = {}
    for row in table.rows:
        before = len(plan.errors)
        title, owner = _title(plan, row, col), _owner(plan, owners, row, col)
        due = _day(plan, row, col, "due")
        quarter = None
        if row.get("quarter"):
            quarter = _quarter(row.get("quarter"))
            if quarter is None:
                plan.error(row.line, col("quarter"), f"{row.get('quarter')!r} is not a quarter (2026-Q1 or Q1 2026)")
        quarter = quarter or (quarter_of(due) if due else now_quarter)
        status = ROCK_STATUSES.get(parse.status_key(row.get("status")))
        if status is None:
            plan.error(row.line, col("status"), f"{row.get('status')!r} is not a rock status (on track, off track, "
                                                f"not started, done, dropped)")
        if len(plan.errors) > before:
            continue
        key = (title.casefold(), owner, quarter)
        if key in seen:
            plan.error(row.line, col("title"), f"duplicate rock (already on line {seen[key]})")
            continue
        seen[key] = row.line
        dod = row.get("done_definition") or row.get("description") or title
        columns = {"title": col("title"), "owner_seat_id": col("owner"), "quarter": col("quarter"),
                   "due_date": col("due"), "definition_of_done": col("done_definition") if row.get("done_definition")
                   else col("description"), "status": col("status"), "reviewer_seat_id": col("status"),
                   "evidence": col("status"), "note": col("status")}
        current = existing.get(key)
        word = row.get("status")
        if current is None:
            def create(s, a, ctx, title=title, owner=owner, quarter=quarter, due=due, dod=dod, status=status,
                       word=word):
                rock = outcomes.create_outcome(s, a, title=title, definition_of_done=dod[:4000], owner_seat_id=owner,
                                               kind="rock", quarter=quarter, due_date=due)
                _set_status(s, a, rock, status, word, plan.format)
            detail = f"{quarter}, {status.replace('_', ' ')}" + (f", due {due.isoformat()}" if due else "")
            if not (row.get("done_definition") or row.get("description")):
                detail += " · the title stands in for the definition of done"
            plan.add(Step(line=row.line, what="rock", op="create", label=title, detail=detail, run=create,
                          columns=columns, default_column=col("title")))
            continue
        changes = {}
        if due and due != current.due_date:
            changes["due_date"] = due.isoformat()
        moves = status != current.status and not (status == "done" and current.status == "done_pending_review") \
            and current.status not in ("done", "done_pending_review")

        def update(s, a, ctx, rock_id=current.id, changes=changes, status=status, moves=moves, word=word):
            rock = outcomes.get_outcome(s, a, rock_id)
            if changes:
                outcomes.update_outcome(s, a, outcome_id=rock.id, changes=dict(changes))
            if moves:
                _set_status(s, a, rock, status, word, plan.format)
        what = list(changes) + (["status"] if moves else [])
        plan.add(Step(line=row.line, what="rock", op="update" if what else "unchanged", label=title,
                      detail=", ".join(what) + " changed" if what else "already a rock", run=update,
                      columns=columns, default_column=col("title")))


def _set_status(s, a, rock: Outcome, status: str, word: str, fmt: str) -> None:
    if status == "not_started" or status == rock.status:
        return
    if status == "done":
        evidence.submit_evidence(s, a, outcome_id=rock.id, kind="note",
                                 summary=f"Marked {word!r} in the imported {fmt} file")
    outcome_status.set_status(s, a, outcome_id=rock.id, status=status, note="imported")


# --- issues -----------------------------------------------------------------------------------
def issue_key(title: str, owner_seat_id: str) -> str:
    digest = hashlib.sha256(f"{title.casefold()}\x00{owner_seat_id}".encode()).hexdigest()[:32]
    return f"import:issue:{digest}"


def plan_issues(session: Session, actor: Actor, table: Table, plan: Plan) -> None:
    col = table.header
    owners = Owners(session, actor.org_id)
    keys = set(session.execute(select(Issue.dedup_key).where(
        Issue.org_id == actor.org_id, Issue.dedup_key.like("import:issue:%"))).scalars())
    seen: dict[str, int] = {}
    for row in table.rows:
        before = len(plan.errors)
        title, owner = _title(plan, row, col), _owner(plan, owners, row, col)
        priority = None
        if row.get("priority"):
            try:
                priority = int(row.get("priority"))
                if priority < 1:
                    raise ValueError
            except ValueError:
                plan.error(row.line, col("priority"), f"{row.get('priority')!r} is not a rank (1 is the top)")
        if len(row.get("details")) > 10_000:
            plan.error(row.line, col("details"), "the details are longer than 10,000 characters")
        if len(plan.errors) > before:
            continue
        if parse.status_key(row.get("status")) in ISSUE_DONE:
            plan.add(Step(line=row.line, what="issue", op="skip", label=title,
                          detail=f"{row.get('status').lower()} in the file: history, not carried over"))
            continue
        key = issue_key(title, owner)
        if key in seen:
            plan.error(row.line, col("title"), f"duplicate issue for the same owner (already on line {seen[key]})")
            continue
        seen[key] = row.line
        if key in keys:
            plan.add(Step(line=row.line, what="issue", op="unchanged", label=title, detail="already raised"))
            continue

        details = row.get("details")

        def create(s, a, ctx, title=title, owner=owner, details=details, key=key, priority=priority):
            issues.raise_issue(s, a, title=title, owner_seat_id=owner, details=details, dedup_key=key,
                               priority=priority)
        plan.add(Step(line=row.line, what="issue", op="create", label=title,
                      detail=f"rank {priority}" if priority else "at the bottom of the list", run=create,
                      columns={"title": col("title"), "owner_seat_id": col("owner"), "details": col("details"),
                               "priority": col("priority")}, default_column=col("title")))


# --- to-dos -----------------------------------------------------------------------------------
def plan_todos(session: Session, actor: Actor, table: Table, plan: Plan) -> None:
    col = table.header
    owners = Owners(session, actor.org_id)
    zone = ZoneInfo(session.get(Organization, actor.org_id).timezone)
    existing = set(session.execute(select(Todo.title, Todo.owner_seat_id).where(Todo.org_id == actor.org_id)).all())
    existing = {(t.casefold(), o) for t, o in existing}
    seen: dict[tuple, int] = {}
    for row in table.rows:
        before = len(plan.errors)
        title, owner = _title(plan, row, col), _owner(plan, owners, row, col)
        due = _day(plan, row, col, "due")
        if len(plan.errors) > before:
            continue
        if parse.done(row.get("status")):
            plan.add(Step(line=row.line, what="to-do", op="skip", label=title,
                          detail="done in the file: history, not carried over"))
            continue
        key = (title.casefold(), owner)
        if key in seen:
            plan.error(row.line, col("title"), f"duplicate to-do for the same owner (already on line {seen[key]})")
            continue
        seen[key] = row.line
        if key in existing:
            plan.add(Step(line=row.line, what="to-do", op="unchanged", label=title, detail="already a to-do"))
            continue
        due_at = datetime.combine(due, DUE_HOUR, zone).isoformat() if due else None

        def create(s, a, ctx, title=title, owner=owner, due_at=due_at):
            todos.create_todo(s, a, title=title, owner_seat_id=owner, due_at=due_at)
        plan.add(Step(line=row.line, what="to-do", op="create", label=title,
                      detail=f"due {due.isoformat()}" if due else "due in 7 days", run=create,
                      columns={"title": col("title"), "owner_seat_id": col("owner"), "due_at": col("due")},
                      default_column=col("title")))
