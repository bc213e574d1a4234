"""To-dos: seven-day commitments by owner seat — due dates (overdue stand out), done by the owner,
verified by someone else, and a form to add one."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from otp.core import clock
from otp.core.errors import Invalid, OTPError
from otp.org.models import Organization
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, back, flash, render
from otp.work import todos
from otp.work.models import Todo

router = APIRouter()
MAX_OPEN = 5_000
RECENT_DONE = 50
DUE_HOUR = time(17, 0)  # a due *day* means the end of that working day, in the org's timezone


def _open(s, actor) -> list:
    return todos.open_todo_rows(s, actor, limit=MAX_OPEN)


def _recently_done(s, actor) -> list:
    # Newest first, which the service's id-ordered paging does not offer; a plain read.
    return list(s.execute(select(Todo).where(Todo.org_id == actor.org_id, Todo.done_at.is_not(None))
                          .order_by(Todo.done_at.desc()).limit(RECENT_DONE)).scalars())


def _context(s, actor) -> dict:
    d = Directory(s, actor.org_id)
    groups: dict[str, list] = {}
    for t in _open(s, actor):  # soonest due first within each seat
        groups.setdefault(t.owner_seat_id, []).append(t)
    groups = dict(sorted(groups.items(), key=lambda kv: d.by_chart(kv[0])))
    return {"d": d, "groups": groups, "done": _recently_done(s, actor), "now": clock.now(),
            "mine": set(d.seats_held_by(actor.kind, actor.id)),
            "default_due": (clock.now() + todos.DEFAULT_DUE).date().isoformat()}


@router.get("/todos")
def todos_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    return render(request, "todos/todos.html", context, actor=actor)


def _due_at(s, org_id: str, text: str) -> str | None:
    """A date from the form → the end of that working day in the organization's timezone."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Invalid("due must be a date like 2026-03-31", field="due_at") from None
    zone = ZoneInfo(s.get(Organization, org_id).timezone)
    return datetime.combine(day, DUE_HOUR, zone).isoformat()


def _error(request: Request, actor, error: OTPError, where: str, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context.update(error=error, where=where, form=form or {})
    return render(request, "todos/todos.html", context, status=error.status, actor=actor)


@router.post("/todos")
def add_todo(request: Request, csrf_token: str = Form(""), title: str = Form(""), owner_seat_id: str = Form(""),
             due: str = Form("")):
    actor = posted(request, csrf_token)
    form = {"title": title, "owner_seat_id": owner_seat_id, "due": due}
    done = attempt(request, lambda s: todos.create_todo(s, actor, title=title, owner_seat_id=owner_seat_id,
                                                        due_at=_due_at(s, actor.org_id, due)))
    return finish(request, done, to=f"/todos#{done.value.id}" if done.ok else "/todos", success="To-do added.",
                  on_error=lambda e: _error(request, actor, e, "new", form))


def _complete(request: Request, todo_id: str, csrf_token: str, verify: bool):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: todos.complete_todo(s, actor, todo_id=todo_id, verify=verify))
    if done.error is not None:
        return _error(request, actor, done.error, todo_id)
    flash(request, done.held or ("Verified." if verify else "Done."), "held" if done.held else "notice")
    # Done buttons live on several pages (home, to-dos): go back where the person was.
    return back(request, "/todos")


@router.post("/todos/{todo_id}/done")
def mark_done(request: Request, todo_id: str, csrf_token: str = Form("")):
    return _complete(request, todo_id, csrf_token, verify=False)


@router.post("/todos/{todo_id}/verify")
def verify(request: Request, todo_id: str, csrf_token: str = Form("")):
    return _complete(request, todo_id, csrf_token, verify=True)
