"""REST face for to-dos and headlines.

The writes an agent makes on every run (a to-do created or completed, a headline) are `async def`
and write as otp.core.loop_writes does: on SQLite on the event loop when the write lock is free."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.loop_writes import write_from_loop
from otp.governance.authz import require
from otp.work import headlines, stale, todos
from otp.work.schemas import (CompletionOut, HeadlineCreate, HeadlineKind, HeadlineOut, HeadlinePage, IdQuery,
                              TodoAssign, TodoCreate, TodoOut, TodoPage, TodoSource)
from otp.work.views import headline_view, todo_view

router_todos = APIRouter(prefix="/api/v1", tags=["todos"], dependencies=[Depends(no_unknown_query)])
router_todos.match_first = 1  # hot: an agent's routine writes (otp.api.app)
router_headlines = APIRouter(prefix="/api/v1", tags=["headlines"], dependencies=[Depends(no_unknown_query)])
router_headlines.match_first = 1  # hot: an agent's routine writes (otp.api.app)


@router_todos.get("/todos", responses=responses(*READ))
def list_todos(actor: ActorDep, db: DbDep, owner_seat_id: str | None = Query(None, **IdQuery),
               done: bool | None = None, source: TodoSource | None = None,
               cursor: str | None = Query(None, description="next_cursor of the previous page", **IdQuery),
               limit: int = Query(50, ge=1, le=200)) -> TodoPage:
    with db.read() as s:
        require(s, actor, "read")
        rows, next_cursor = todos.list_todos(s, actor, owner_seat_id=owner_seat_id, done=done, source=source,
                                             cursor=cursor, limit=limit)
        return TodoPage(items=[todo_view(t) for t in rows], next_cursor=next_cursor)


@router_todos.post("/todos", status_code=201, responses=responses(*WRITE))
async def create_todo(body: TodoCreate, actor: ActorDep, db: DbDep) -> TodoOut:
    """Due in 7 days unless given."""
    return await write_from_loop(db, lambda s: todo_view(todos.create_todo(s, actor, **body.model_dump())))


@router_todos.get("/todos/completion", responses=responses(*READ_ONE))
def completion(actor: ActorDep, db: DbDep, seat_id: str = Query(..., **IdQuery)) -> CompletionOut:
    """A seat's to-do completion rate over the last 13 weeks (done by the due date / counted)."""
    with db.read() as s:
        require(s, actor, "read")
        return CompletionOut(**stale.completion_rate(s, actor, seat_id))


@router_todos.get("/todos/{todo_id}", responses=responses(*READ_ONE))
def get_todo(todo_id: str, actor: ActorDep, db: DbDep) -> TodoOut:
    with db.read() as s:
        require(s, actor, "read")
        return todo_view(todos.get_todo(s, actor, todo_id))


@router_todos.post("/todos/{todo_id}/complete", responses=responses(*WRITE))
async def complete_todo(todo_id: str, actor: ActorDep, db: DbDep) -> TodoOut:
    return await write_from_loop(db, lambda s: todo_view(todos.complete_todo(s, actor, todo_id=todo_id)))


@router_todos.post("/todos/{todo_id}/verify", responses=responses(*WRITE))
def verify_todo(todo_id: str, actor: ActorDep, db: DbDep) -> TodoOut:
    """Someone other than the owner seat's occupant confirms a done to-do."""
    with db.write() as s:
        return todo_view(todos.verify_todo(s, actor, todo_id))


@router_todos.post("/todos/{todo_id}/assign", responses=responses(*WRITE))
def assign_todo(todo_id: str, body: TodoAssign, actor: ActorDep, db: DbDep) -> TodoOut:
    with db.write() as s:
        return todo_view(todos.assign_todo(s, actor, todo_id=todo_id, owner_seat_id=body.owner_seat_id))


@router_headlines.get("/headlines", responses=responses(*READ))
def list_headlines(actor: ActorDep, db: DbDep, kind: HeadlineKind | None = None,
                   meeting_id: str | None = Query(None, **IdQuery),
                   cursor: str | None = Query(None, description="next_cursor of the previous page", **IdQuery),
                   limit: int = Query(50, ge=1, le=200)) -> HeadlinePage:
    """Newest first."""
    with db.read() as s:
        require(s, actor, "read")
        rows, next_cursor = headlines.list_headlines(s, actor, kind=kind, meeting_id=meeting_id, cursor=cursor,
                                                     limit=limit)
        return HeadlinePage(items=[headline_view(h) for h in rows], next_cursor=next_cursor)


@router_headlines.post("/headlines", status_code=201, responses=responses(*WRITE))
async def post_headline(body: HeadlineCreate, actor: ActorDep, db: DbDep) -> HeadlineOut:
    return await write_from_loop(db, lambda s: headline_view(headlines.post_headline(s, actor, **body.model_dump())))
