"""Approvals: the decision inbox. Each request is one line that holds the whole question (who, what,
on what, how much, why, what a yes allows, whether it can be undone — built by
otp.governance.question); the approver approves (the held action runs, once) or rejects, with a
note the requester reads. Several can be decided at once (otp.governance.bulk). Owners and admins
also see what waits on anyone across the organization, approvals and escalations, filtered by
whom it waits on, for how long and which agent asked (`?view=org`, plain GET parameters).
The list follows changes live (otp.web.live): a new request appears, a decided one goes."""
from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from otp.core import clock
from otp.core.errors import Forbidden, OTPError
from otp.governance import approvals, bulk, waiting
from otp.governance.question import line, money
from otp.web import live
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


def _shown(s, actor, view: str, params: dict) -> tuple[dict, int]:
    """The page's context and status; a bad filter or a member asking for the organization
    shows why, under its 4xx."""
    try:
        return _context(s, actor, view, params), 200
    except Forbidden as error:  # a member asking for the whole organization
        context = _context(s, actor, "mine")
        context.update(error=error, where="view")
        return context, error.status
    except OTPError as error:  # a filter that names nobody here, or hours that are no number
        context = _context(s, actor, "org", {})
        context.update(error=error, where="filters", params=params)
        return context, error.status


def _page(request: Request, actor, view: str, params: dict, status: int = 200, **extra):
    watch = _watch(view, params)
    version = live.version_of(request, watch)  # before the content: a change in between is not missed
    with request.app.state.db.read() as s:
        context, shown_status = _shown(s, actor, view, params)
    status = shown_status if shown_status != 200 else status
    context.update(extra)
    query = urlencode({"view": view, **{k: v for k, v in params.items() if v}}) if view == "org" else ""
    context.update(live_page="/approvals" + (f"?{query}" if query else ""),
                   live_url="/approvals/live?" + urlencode({"v": version, **({"view": "org"} if view == "org" else {}),
                                                            **{k: v for k, v in params.items() if v}}))
    return render(request, "approvals/approvals.html", context, status=status, actor=actor)


def _watch(view: str, params: dict):
    """The page's version for otp.web.live: the ids and states of what it lists for this actor
    (their own inbox; the organization's only for owners and admins, as on the page)."""
    def look(s, actor) -> live.Look:
        context, _ = _shown(s, actor, view, params)
        found = context.get("found")
        return live.Look(live.fingerprint([
            [(a.id, a.state) for a in context["pending"]], [(a.id, a.state) for a in context["mine"]],
            context.get("org_counts"), sorted(context["answerable"]),
            [(a.id, a.state) for a in found.approvals] if found else None,
            [(e.id, e.holder_person_id) for e in found.escalations] if found else None]))
    return look


@router.get("/approvals/live")
def approvals_live(request: Request, v: str = "", view: str = "mine", on: str = "", older_than_hours: str = "",
                   agent: str = ""):
    """Server-sent events for the approvals page (same view and filters): `changed` when what it
    lists changed."""
    actor_of(request)  # signed in, or the login redirect (which ends an EventSource for good)
    params = {"on": on, "older_than_hours": older_than_hours, "agent": agent} if view == "org" else {}
    return live.stream(request, live.on_new_events(_watch("org" if view == "org" else "mine", params)), since=v)


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
    return _page(request, actor, "mine", {}, status=error.status, error=error, where=approval_id, note=note)


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
