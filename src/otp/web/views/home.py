"""Home: what needs you (`otp.home.needs`, the query the daily digest mail shares)."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from otp.core import clock
from otp.home.needs import LINKS, needs_of
from otp.inbox import service as inbox
from otp.web.actions import attempt, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, flash, render

router = APIRouter()


def home_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    return render(request, "home/home.html", context, actor=actor)


def _context(s, actor) -> dict:
    needs = needs_of(s, actor)
    return {
        "d": Directory(s, actor.org_id),
        "my_seats": needs.my_seats,
        "approvals": needs.approvals,
        "approval_lines": needs.approval_lines,
        "holding": needs.holding,
        "raised": needs.raised,
        "todos": needs.todos,
        "reviews": needs.reviews,
        "prep": needs.prep,
        "inbox": needs.inbox,
        "links": LINKS,
        "now": clock.now(),
    }


@router.post("/inbox/{item_id}/read")
def mark_read(request: Request, item_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: inbox.mark_read(s, actor, item_id))
    if done.error is not None:
        flash(request, done.error.message, "error")
    return RedirectResponse("/", status_code=303)
