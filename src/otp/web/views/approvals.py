"""Approvals: the decision inbox. Each request is one line that holds the whole question (who, what,
on what, how much, why, what a yes allows, whether it can be undone — built by
otp.governance.question); the approver approves (the held action runs, once) or rejects, with a
note the requester reads. Several can be decided at once (otp.governance.bulk). Owners and admins
also see what waits on anyone across the organization, approvals and escalations, filtered by
whom it waits on, for how long and which agent asked (`?view=org`, plain GET parameters)."""
from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Form, Request

from otp.core import clock
from otp.core.errors import Forbidden, OTPError
from otp.governance import approvals, bulk, waiting
from otp.governance.question import line, money
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()
MINE = 20
HOURS = [(1, "1 hour"), (4, "4 hours"), (24, "a day"), (72, "3 days"), (168, "a week")]


def _age(value: datetime | None, now: datetime | None = None) -> str:
    """How long something has waited: "40 min", "5 h", "3 d"."""
    if value is None:
        return "–"
    seconds = max(0, ((now or clock.now()) - value).total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


def _context(s, actor, view: str = "mine", params: dict | None = None) -> dict:
    admin = waiting.sees_organization(s, actor)
    pending = approvals.inbox(s, actor, limit=100)
    context = {"d": Directory(s, actor.org_id), "pending": pending, "mine": approvals.mine(s, actor)[:MINE],
               "pretty": _pretty, "money": money, "age": _age, "view": view, "admin": admin,
               "answerable": {a.id for a in pending}, "params": params or {}, "hour_choices": HOURS}
    shown = list(pending)
    if admin:
        context["org_counts"] = waiting.counts(s, actor)
    if view == "org":
        wanted = waiting.filters(s, actor, **(params or {}))
        found = waiting.organization(s, actor, wanted)
        context["found"] = found
        context["people"], context["agents"] = waiting.people_and_agents(s, actor.org_id)
        context["answerable"] |= {a.id for a in found.approvals if approvals.may_answer(s, actor, a)}
        shown += found.approvals
    context["lines"] = {a.id: line(s, a) for a in shown}
    return context


def _pretty(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str)


def _page(request: Request, actor, view: str, params: dict, status: int = 200, **extra):
    """The page; a bad filter or a member asking for the organization shows why, under its 4xx."""
    with request.app.state.db.read() as s:
        try:
            context = _context(s, actor, view, params)
        except Forbidden as error:  # a member asking for the whole organization
            context = _context(s, actor, "mine")
            context.update(error=error, where="view")
            status = error.status
        except OTPError as error:  # a filter that names nobody here, or hours that are no number
            context = _context(s, actor, "org", {})
            context.update(error=error, where="filters", params=params)
            status = error.status
    context.update(extra)
    return render(request, "approvals/approvals.html", context, status=status, actor=actor)


@router.get("/approvals")
def approvals_page(request: Request, view: str = "mine", on: str = "", older_than_hours: str = "",
                   agent: str = ""):
    actor = actor_of(request)
    view = "org" if view == "org" else "mine"
    params = {"on": on, "older_than_hours": older_than_hours, "agent": agent} if view == "org" else {}
    return _page(request, actor, view, params)


@router.post("/approvals/bulk")
def decide_selected(request: Request, csrf_token: str = Form(""), decision: str = Form(""),
                    note: str = Form(""), approval_ids: list[str] = Form([]), view: str = Form("mine"),
                    on: str = Form(""), older_than_hours: str = Form(""), agent: str = Form("")):
    """Approve or reject every selected request with one note: one governed decision each; the
    page then says, per request, what happened."""
    actor = posted(request, csrf_token)
    view = "org" if view == "org" else "mine"
    params = {"on": on, "older_than_hours": older_than_hours, "agent": agent} if view == "org" else {}
    try:
        results = bulk.decide_many(request.app.state.db, actor, approval_ids=approval_ids,
                                   approve=decision == "approve", note=note)
    except OTPError as error:
        return _page(request, actor, view, params, status=error.status, error=error, where="bulk", bulk_note=note)
    return _page(request, actor, view, params, results=results, decision=decision)


def _error(request: Request, actor, approval_id: str, error: OTPError, note: str):
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context.update(error=error, where=approval_id, note=note)
    return render(request, "approvals/approvals.html", context, status=error.status, actor=actor)


@router.post("/approvals/{approval_id}")
def decide(request: Request, approval_id: str, csrf_token: str = Form(""), decision: str = Form(""),
           note: str = Form(""), back: str = Form("/approvals")):
    actor = posted(request, csrf_token)
    approve = decision == "approve"
    done = attempt(request, lambda s: approvals.decide_request(s, actor, approval_id=approval_id, approve=approve,
                                                               note=note))
    told = " with your note" if note.strip() else ""
    return finish(request, done, to=back if back.startswith("/approvals") else "/approvals",
                  success=(f"Approved: the held action ran; the requester is told{told}." if approve
                           else f"Rejected; the requester is told{told}."),
                  on_error=lambda e: _error(request, actor, approval_id, e, note))
