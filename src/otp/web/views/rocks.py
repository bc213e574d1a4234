"""Rocks: the quarter's outcomes by owner seat — status, milestones, evidence, and the review that
makes one done (accept, or reject with a reason, by the reviewer seat's holder only)."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request

from otp.core import clock
from otp.core.errors import OTPError
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render
from otp.work import board, evidence, milestones, outcome_status, outcomes, views
from otp.work.common import current_quarter
from otp.work.models import OUTCOME_STATUSES

router = APIRouter()


def _board(s, actor, quarter: str | None, status: str | None) -> dict:
    quarter = quarter or current_quarter(s, actor.org_id)
    d = Directory(s, actor.org_id)
    rocks = board.rock_board(s, actor, quarter=quarter, status=status or None)
    mine = set(d.seats_held_by(actor.kind, actor.id))
    groups: dict[str, list] = {}
    for rock in sorted(rocks, key=lambda r: (d.by_chart(r["owner_seat_id"]), r["title"])):
        groups.setdefault(rock["owner_seat_id"], []).append(rock)
    counts = {st: sum(1 for r in rocks if r["status"] == st) for st in OUTCOME_STATUSES}
    return {"d": d, "groups": groups, "quarter": quarter, "status": status or "", "statuses": OUTCOME_STATUSES,
            "mine": mine, "counts": counts, "total": len(rocks), "today": clock.now().date()}


@router.get("/rocks")
def rocks_page(request: Request, quarter: str | None = None, status: str | None = None):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _board(s, actor, quarter, status if status in OUTCOME_STATUSES else None)
    return render(request, "rocks/board.html", context, actor=actor)


def _board_error(request: Request, actor, error: OTPError, form: dict):
    with request.app.state.db.read() as s:
        context = _board(s, actor, None, None)
    context.update(error=error, form=form)
    return render(request, "rocks/board.html", context, status=error.status, actor=actor)


@router.post("/rocks")
def create_rock(request: Request, csrf_token: str = Form(""), title: str = Form(""),
                definition_of_done: str = Form(""), owner_seat_id: str = Form(""),
                reviewer_seat_id: str = Form(""), quarter: str = Form(""), due_date: str = Form("")):
    actor = posted(request, csrf_token)
    form = {"title": title, "definition_of_done": definition_of_done, "owner_seat_id": owner_seat_id,
            "reviewer_seat_id": reviewer_seat_id, "quarter": quarter, "due_date": due_date}
    done = attempt(request, lambda s: outcomes.create_outcome(
        s, actor, title=title, definition_of_done=definition_of_done, owner_seat_id=owner_seat_id, kind="rock",
        quarter=quarter or None, due_date=due_date or None, reviewer_seat_id=reviewer_seat_id or None))
    to = f"/rocks/{done.value.id}" if done.ok else "/rocks"
    return finish(request, done, to=to, success="Rock created.",
                  on_error=lambda e: _board_error(request, actor, e, form))


# --- one rock -----------------------------------------------------------------------------------
def _detail(s, actor, outcome_id: str) -> dict:
    row = outcomes.get_outcome(s, actor, outcome_id)
    d = Directory(s, actor.org_id)
    reviewer = outcome_status.reviewer_seat_id(s, row)
    return {"d": d, "rock": views.outcome_view(s, row), "reviewer": reviewer,
            "is_reviewer": reviewer in set(d.seats_held_by(actor.kind, actor.id)),
            "history": outcome_status.history(s, actor, row.id), "statuses": outcome_status.SETTABLE,
            "evidence_kinds": ("link", "note", "artifact", "measurable_value")}


@router.get("/rocks/{outcome_id}")
def rock_page(request: Request, outcome_id: str):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _detail(s, actor, outcome_id)
    return render(request, "rocks/rock.html", context, actor=actor)


def _rock_error(request: Request, actor, outcome_id: str, error: OTPError, section: str, form: dict | None = None):
    try:
        with request.app.state.db.read() as s:
            context = _detail(s, actor, outcome_id)
    except OTPError as missing:
        return render(request, "error.html", {"message": missing.message}, status=missing.status, actor=actor)
    context.update(error=error, section=section, form=form or {})
    return render(request, "rocks/rock.html", context, status=error.status, actor=actor)


def _act(request: Request, actor, outcome_id: str, work, section: str, success: str, form: dict | None = None):
    done = attempt(request, work)
    return finish(request, done, to=f"/rocks/{outcome_id}#{section}", success=success,
                  on_error=lambda e: _rock_error(request, actor, outcome_id, e, section, form))


@router.post("/rocks/{outcome_id}/status")
def set_status(request: Request, outcome_id: str, csrf_token: str = Form(""), status: str = Form(""),
               note: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, outcome_id, lambda s: outcome_status.set_status(
        s, actor, outcome_id=outcome_id, status=status, note=note), "status", "Status updated.", {"note": note})


@router.post("/rocks/{outcome_id}/milestones")
def add_milestone(request: Request, outcome_id: str, csrf_token: str = Form(""), title: str = Form(""),
                  due: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, outcome_id, lambda s: milestones.save_milestone(
        s, actor, outcome_id=outcome_id, title=title, due=due or None), "milestones", "Milestone added.",
        {"milestone_title": title, "due": due})


@router.post("/rocks/{outcome_id}/milestones/{milestone_id}")
def toggle_milestone(request: Request, outcome_id: str, milestone_id: str, csrf_token: str = Form(""),
                     done: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, outcome_id, lambda s: milestones.save_milestone(
        s, actor, outcome_id=outcome_id, milestone_id=milestone_id, done=done == "true"), "milestones",
        "Milestone updated.")


@router.post("/rocks/{outcome_id}/evidence")
def add_evidence(request: Request, outcome_id: str, csrf_token: str = Form(""), kind: str = Form("link"),
                 summary: str = Form(""), url: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, outcome_id, lambda s: evidence.submit_evidence(
        s, actor, outcome_id=outcome_id, kind=kind, summary=summary, url=url or None), "evidence",
        "Evidence attached.", {"kind": kind, "summary": summary, "url": url})


@router.post("/rocks/{outcome_id}/review")
def review(request: Request, outcome_id: str, csrf_token: str = Form(""), decision: str = Form(""),
           reason: str = Form("")):
    actor = posted(request, csrf_token)
    accept = decision == "accept"
    return _act(request, actor, outcome_id, lambda s: evidence.review_outcome(
        s, actor, outcome_id=outcome_id, accept=accept, reason=reason), "review",
        "Accepted: the rock is done." if accept else "Rejected; the owner sees your reason.", {"reason": reason})
