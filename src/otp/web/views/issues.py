"""Issues: the ranked list worked with IDS (identify, discuss, solve). The top 3 stand out; move
an issue up or down; raise one; solve a discussed one with its solution and a to-do."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request

from otp.core.errors import OTPError
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render
from otp.work import issue_flow, issues, views

router = APIRouter()
NEXT = {"open": ("identified", "Identified"), "identified": ("discussed", "Discussed")}
RECENT = 30


def _context(s, actor) -> dict:
    d = Directory(s, actor.org_id)
    active = views.issue_views(s, actor.org_id, issues.active_issues(s, actor.org_id))
    solved, _ = issues.list_issues(s, actor, state="solved", limit=RECENT)
    dropped, _ = issues.list_issues(s, actor, state="dropped", limit=RECENT)
    closed = sorted(solved + dropped, key=lambda i: i.updated_at, reverse=True)[:RECENT]
    return {"d": d, "active": active, "closed": closed, "next": NEXT, "last_rank": len(active)}


@router.get("/issues")
def issues_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    return render(request, "issues/issues.html", context, actor=actor)


def _error(request: Request, actor, error: OTPError, where: str, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context.update(error=error, where=where, form=form or {})
    return render(request, "issues/issues.html", context, status=error.status, actor=actor)


def _act(request: Request, actor, work, where: str, success: str, form: dict | None = None, to: str | None = None):
    done = attempt(request, work)
    return finish(request, done, to=to or f"/issues#{where}", success=success,
                  on_error=lambda e: _error(request, actor, e, where, form))


@router.post("/issues")
def raise_issue(request: Request, csrf_token: str = Form(""), title: str = Form(""), owner_seat_id: str = Form(""),
                details: str = Form("")):
    actor = posted(request, csrf_token)
    form = {"title": title, "owner_seat_id": owner_seat_id, "details": details}
    done = attempt(request, lambda s: issues.raise_issue(s, actor, title=title, owner_seat_id=owner_seat_id,
                                                         details=details)[0])
    return finish(request, done, to=f"/issues#{done.value.id}" if done.ok else "/issues", success="Issue raised.",
                  on_error=lambda e: _error(request, actor, e, "new", form))


@router.post("/issues/{issue_id}/move")
def move(request: Request, issue_id: str, csrf_token: str = Form(""), position: int = Form(...)):
    actor = posted(request, csrf_token)
    return _act(request, actor, lambda s: issue_flow.update_issue(s, actor, issue_id=issue_id, position=position),
                issue_id, "Moved.")


@router.post("/issues/{issue_id}/state")
def transition(request: Request, issue_id: str, csrf_token: str = Form(""), state: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, lambda s: issue_flow.update_issue(s, actor, issue_id=issue_id, state=state),
                issue_id, f"Marked {state}.")


@router.post("/issues/{issue_id}/solve")
def solve(request: Request, issue_id: str, csrf_token: str = Form(""), solution: str = Form(""),
          todo: str = Form(""), todo_seat: str = Form("")):
    actor = posted(request, csrf_token)
    todos = [{"title": todo, **({"owner_seat_id": todo_seat} if todo_seat else {})}] if todo.strip() else None
    return _act(request, actor, lambda s: issue_flow.solve_issue(s, actor, issue_id=issue_id, solution=solution,
                                                                 todos=todos),
                issue_id, "Solved." + (" The to-do is on the list." if todos else ""),
                {"solution": solution, "todo": todo}, to="/issues")
