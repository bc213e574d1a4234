"""To-dos: short commitments (due in 7 days by default), done by the owner seat, verified by
someone else."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, inserted, links, validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.core.prepared import Prepared
from otp.core.types import iso
from otp.events.service import record
from otp.inbox import mentions
from otp.org.models import Seat
from otp.work.common import id_like, holds, limit_of, parse_datetime, seat_id_in_org, seat_in_org
from otp.work.models import TODO_SOURCES, Todo

DEFAULT_DUE = timedelta(days=7)
_TODO_COLUMNS = tuple(column.key for column in Todo.__table__.columns)
_EMPTY_TODO = dict.fromkeys(_TODO_COLUMNS)
_INSERT_TODO = Prepared(insert(Todo.__table__), columns=_TODO_COLUMNS)


def check_todo(session: Session, actor: Actor, *, title, owner_seat_id, due_at=None, source="manual",
               linked_type=None, linked_id=None, field_prefix: str = "") -> dict:
    """Validate one to-do's fields; returns clean values (due_at as a datetime)."""
    f = field_prefix
    clean = {"title": validate.text(f + "title", title),
             "owner_seat_id": seat_id_in_org(session, actor, owner_seat_id, f + "owner_seat_id"),
             "due_at": parse_datetime(f + "due_at", due_at) or clock.now() + DEFAULT_DUE,
             "source": validate.choice(f + "source", source, TODO_SOURCES),
             }
    clean["linked_type"], clean["linked_id"] = links.checked(session, actor.org_id, linked_type, linked_id,
                                                             type_field=f + "linked_type", id_field=f + "linked_id")
    return clean


def insert_todo(session: Session, actor: Actor, clean: dict) -> Todo:
    """Write a validated to-do and its event (callers have passed governance)."""
    values = {**_EMPTY_TODO, "id": new_id("todo"), "org_id": actor.org_id, "created_by_kind": actor.kind,
              "created_by_id": actor.id, "created_at": clock.now(), **clean}
    # A prepared Core INSERT: the ORM's flush of one small row cost more than the database's work.
    # The object then joins the session as the row it now is (persistent, nothing pending), and
    # the search index hears of it as a flush would have told it.
    _INSERT_TODO.write(session.connection(), values)
    todo = inserted.as_row(Todo, values)
    make_transient_to_detached(todo)
    session.add(todo)
    inserted.announce(session, [todo])
    record(session, actor, "todo.created", "todo", todo.id, {**clean, "due_at": iso(clean["due_at"])})
    mentions.notify(session, actor, [todo.title], link_type="todo", link_id=todo.id, what=f'to-do "{todo.title}"')
    return todo


@command("todo.create")
def create_todo(session: Session, actor: Actor, *, title: str, owner_seat_id: str, due_at: str | datetime | None = None,
                source: str = "manual", linked_type: str | None = None, linked_id: str | None = None) -> Todo:
    clean = check_todo(session, actor, title=title, owner_seat_id=owner_seat_id, due_at=due_at, source=source,
                       linked_type=linked_type, linked_id=linked_id)
    payload = {"title": clean["title"], "owner_seat_id": clean["owner_seat_id"],
               "due_at": iso(parse_datetime("due_at", due_at)), "source": clean["source"],
               "linked_type": clean["linked_type"], "linked_id": clean["linked_id"]}
    require(session, actor, "todo.create", {"type": "todo", "owner_seat_id": clean["owner_seat_id"]}, payload=payload)
    return insert_todo(session, actor, clean)


def get_todo(session: Session, actor: Actor, todo_id: str, *, lock: bool = False) -> Todo:
    q = select(Todo).where(Todo.id == todo_id, Todo.org_id == actor.org_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    todo = session.execute(q).scalar_one_or_none() if id_like(todo_id) else None
    if todo is None:
        raise NotFound(f"no to-do {todo_id!r} in this organization", field="todo_id")
    return todo


@command("todo.complete")
def complete_todo(session: Session, actor: Actor, *, todo_id: str, verify: bool = False) -> Todo:
    """Mark done (verify=False), or verify a done to-do (verify=True: by anyone but the owner's occupant)."""
    if not isinstance(verify, bool):
        raise Invalid("verify must be true or false", field="verify")
    todo = get_todo(session, actor, todo_id, lock=True)
    if verify:
        if todo.done_at is None:
            raise Conflict("only a done to-do can be verified; complete it first", field="todo_id")
        if todo.verified_at is not None:
            return todo
        if holds(actor, session.get(Seat, todo.owner_seat_id)):
            raise Forbidden("the owner seat's occupant cannot verify their own to-do; ask someone else",
                            field="verified_by")
    elif todo.done_at is not None:
        return todo  # already done: a no-op, no event
    require(session, actor, "todo.complete", {"type": "todo", "id": todo.id, "owner_seat_id": todo.owner_seat_id},
            payload={"todo_id": todo.id, "verify": verify})
    now = clock.now()
    if verify:
        todo.verified_at, todo.verified_by_kind, todo.verified_by_id = now, actor.kind, actor.id
        record(session, actor, "todo.verified", "todo", todo.id, {"verified_by": actor.ref()})
    else:
        todo.done_at, todo.done_by_kind, todo.done_by_id = now, actor.kind, actor.id
        record(session, actor, "todo.completed", "todo", todo.id,
               {"on_time": now <= todo.due_at, "due_at": iso(todo.due_at)})
    return todo


def verify_todo(session: Session, actor: Actor, todo_id: str) -> Todo:
    return complete_todo(session, actor, todo_id=todo_id, verify=True)


@command("todo.assign")
def assign_todo(session: Session, actor: Actor, *, todo_id: str, owner_seat_id: str) -> Todo:
    todo = get_todo(session, actor, todo_id, lock=True)
    seat = seat_in_org(session, actor, owner_seat_id, "owner_seat_id")
    payload = {"todo_id": todo.id, "owner_seat_id": seat.id}
    # Reach both ways: the to-do is taken from its seat (checked first, and even when nothing
    # would change) and given to another; for the second the resource's owner seat is the seat
    # it goes *to* (governance model).
    require(session, actor, "todo.assign", {"type": "todo", "id": todo.id, "owner_seat_id": todo.owner_seat_id},
            payload=payload)
    if todo.owner_seat_id == seat.id:
        return todo
    require(session, actor, "todo.assign", {"type": "todo", "id": todo.id, "owner_seat_id": seat.id}, payload=payload)
    previous, todo.owner_seat_id = todo.owner_seat_id, seat.id
    record(session, actor, "todo.assigned", "todo", todo.id, {"from_seat_id": previous, "to_seat_id": seat.id})
    return todo


def open_todo_rows(session: Session, actor: Actor, *, owner_seat_ids: list[str] | None = None,
                   limit: int = 5_000) -> list:
    """Open to-dos as plain rows (id, title, owner_seat_id, due_at, source), soonest due first:
    what the pages list, in one Core select without building ORM objects."""
    q = select(Todo.id, Todo.title, Todo.owner_seat_id, Todo.due_at, Todo.source).where(
        Todo.org_id == actor.org_id, Todo.done_at.is_(None))
    if owner_seat_ids is not None:
        if not owner_seat_ids:
            return []
        q = q.where(Todo.owner_seat_id.in_(owner_seat_ids))
    return session.execute(q.order_by(Todo.due_at, Todo.id).limit(limit)).all()


def list_todos(session: Session, actor: Actor, *, owner_seat_id: str | None = None, done: bool | None = None,
               source: str | None = None, cursor: str | None = None, limit: int = 50) -> tuple[list[Todo], str | None]:
    q = select(Todo).where(Todo.org_id == actor.org_id)
    if owner_seat_id is not None:
        q = q.where(Todo.owner_seat_id == owner_seat_id)
    if done is not None:
        q = q.where(Todo.done_at.is_not(None) if done else Todo.done_at.is_(None))
    if source is not None:
        q = q.where(Todo.source == validate.choice("source", source, TODO_SOURCES))
    if cursor is not None:
        q = q.where(Todo.id > cursor)
    limit = limit_of(limit)
    rows = list(session.execute(q.order_by(Todo.id).limit(limit)).scalars())
    return rows, (rows[-1].id if len(rows) == limit else None)
