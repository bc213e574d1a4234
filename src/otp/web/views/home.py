"""Home: what needs you — approvals waiting for you, escalations you hold, your open to-dos, rocks
waiting for your review, meeting prep you were asked for, and your unread inbox."""
from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from otp.core import clock
from otp.governance import approvals, escalations
from otp.inbox import service as inbox
from otp.web.actions import attempt, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, flash, render
from otp.work import outcomes, todos
from otp.work.outcome_status import reviewer_seat_ids

router = APIRouter()
LINKS = {"approval": "/approvals#{}", "escalation": "/escalations#{}", "outcome": "/rocks/{}", "issue": "/issues#{}",
         "todo": "/todos#{}", "sop": "/sops/{}", "meeting": "/meetings/{}"}


def home_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    return render(request, "home/home.html", context, actor=actor)


def _context(s, actor) -> dict:
    d = Directory(s, actor.org_id)
    mine = d.seats_held_by(actor.kind, actor.id)
    open_todos = todos.open_todo_rows(s, actor, owner_seat_ids=mine, limit=200)
    pending, _ = outcomes.list_outcomes(s, actor, status="done_pending_review", limit=200)
    reviewer = reviewer_seat_ids(s, pending)
    held = escalations.list_escalations(s, actor, state="open", mine=True)
    return {
        "d": d,
        "my_seats": mine,
        "approvals": approvals.inbox(s, actor, limit=20),
        "holding": [e for e in held if e.holder_person_id == actor.id],
        "raised": [e for e in held if e.holder_person_id != actor.id],
        "todos": open_todos,
        "reviews": [o for o in pending if reviewer[o.id] in mine],
        "prep": _prep_requests(s, actor),
        "inbox": inbox.list_items(s, actor, unread=True, limit=20),
        "links": LINKS,
        "now": clock.now(),
    }


def _prep_requests(session, actor) -> list[dict] | None:
    """Meeting prep asked of this person, when the meetings domain offers `prep_requests`;
    None (the panel is left out) while it does not."""
    for name in ("otp.meetings.prep", "otp.meetings.service", "otp.meetings"):
        try:
            if importlib.util.find_spec(name) is None:
                continue
            fn = getattr(importlib.import_module(name), "prep_requests", None)
        except ImportError:
            continue
        if fn is not None:
            return [_prep_item(item) for item in fn(session, actor)]
    return None


def _prep_item(item) -> dict:
    get = item.get if isinstance(item, dict) else lambda k, default=None: getattr(item, k, default)
    meeting = get("meeting_id") or get("id")
    title = get("title") or get("series_title") or get("name") or "A meeting"
    return {"title": title, "when": get("starts_at") or get("scheduled_for"),
            "href": get("href") or (f"/meetings/{meeting}" if meeting else "/meetings")}


@router.post("/inbox/{item_id}/read")
def mark_read(request: Request, item_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: inbox.mark_read(s, actor, item_id))
    if done.error is not None:
        flash(request, done.error.message, "error")
    return RedirectResponse("/", status_code=303)
