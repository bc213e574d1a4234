"""To-dos past due: the completion rate per seat, and the issue a long-forgotten to-do raises."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.core import clock
from otp.core.types import iso
from otp.work.common import seat_in_org
from otp.work.issues import raise_issue
from otp.work.models import Todo

STALE_AFTER = timedelta(days=14)
WINDOW = timedelta(weeks=13)


def completion_rate(session: Session, actor: Actor, seat_id: str, *, now: datetime | None = None) -> dict:
    """Over the last 13 weeks: to-dos that fell due (or were finished early) and how many were done
    by their due date. `rate` is done-on-time / counted, None when nothing was due."""
    seat = seat_in_org(session, actor, seat_id, "seat_id")
    end = now or clock.now()
    start = end - WINDOW
    rows = session.execute(select(Todo.due_at, Todo.done_at).where(
        Todo.org_id == actor.org_id, Todo.owner_seat_id == seat.id,
        or_(and_(Todo.due_at >= start, Todo.due_at <= end),
            and_(Todo.done_at >= start, Todo.done_at <= end)))).all()
    done = [r for r in rows if r.done_at is not None]
    on_time = [r for r in done if r.done_at <= r.due_at]
    return {"seat_id": seat.id, "window_start": iso(start), "window_end": iso(end), "counted": len(rows),
            "done": len(done), "done_on_time": len(on_time),
            "rate": round(len(on_time) / len(rows), 4) if rows else None}


def check_stale_todos(session: Session, org_id: str, now: datetime | None = None) -> int:
    """Raise one issue for each to-do still open 14 days past due. Returns how many were raised.

    The flag is claimed with one UPDATE ... RETURNING, so concurrent checkers split the rows
    instead of sharing them; the dedup key makes a second raise impossible even so."""
    now = now or clock.now()
    claimed = session.execute(
        update(Todo).where(Todo.org_id == org_id, Todo.done_at.is_(None), Todo.stale_flagged_at.is_(None),
                           Todo.due_at <= now - STALE_AFTER)
        .values(stale_flagged_at=now).returning(Todo.id)
        .execution_options(synchronize_session=False)).scalars().all()
    actor = system_actor(org_id)
    raised = 0
    for todo_id in sorted(claimed):
        todo = session.get(Todo, todo_id, populate_existing=True)
        _, created = raise_issue(
            session, actor, title=f"Overdue to-do: {todo.title}"[:200], owner_seat_id=todo.owner_seat_id,
            details=f"Still open {(now - todo.due_at).days} days after its due date ({iso(todo.due_at)}).",
            source="drift", linked_type="todo", linked_id=todo.id, dedup_key=f"stale:todo:{todo.id}")
        raised += created
    return raised


def orgs_with_stale_todos(session: Session, now: datetime) -> list[str]:
    return list(session.execute(select(Todo.org_id).where(
        Todo.done_at.is_(None), Todo.stale_flagged_at.is_(None), Todo.due_at <= now - STALE_AFTER)
        .distinct()).scalars())
