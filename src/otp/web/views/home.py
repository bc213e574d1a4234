"""Home: what needs you (`otp.home.needs`, the query the daily digest mail shares). The page
follows changes live (otp.web.live): its version is what needs this person, by id."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from otp.core import clock
from otp.home.needs import LINKS, needs_of
from otp.inbox import service as inbox
from otp.web.actions import attempt, posted
from otp.web import live
from otp.web.directory import Directory
from otp.web.pages import actor_of, flash, render

router = APIRouter()


def home_page(request: Request):
    actor = actor_of(request)
    version = live.version_of(request, _look)  # before the content: a change in between is not missed
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context["live_version"] = version
    return render(request, "home/home.html", context, actor=actor)


def _look(s, actor) -> live.Look:
    """The home page's version: the ids of everything it lists for this person (what needs them
    is computed for them alone, so nobody else's approvals or another organization's move it)."""
    n = needs_of(s, actor)
    return live.Look(live.fingerprint([
        [(a.id, a.state) for a in n.approvals], [(e.id, e.state) for e in n.holding], [e.id for e in n.raised],
        [(t.id, t.title, t.due_at) for t in n.todos], [o.id for o in n.reviews], n.prep,
        [i.id for i in n.inbox], n.my_seats]))


@router.get("/home/live")
def home_live(request: Request, v: str = ""):
    """Server-sent events for the home page: `changed` when what needs the person changed."""
    actor_of(request)  # signed in, or the login redirect (which ends an EventSource for good)
    return live.stream(request, live.on_new_events(_look), since=v)


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
