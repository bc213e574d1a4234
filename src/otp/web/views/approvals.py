"""Approvals: the decision inbox. Each request is one question with the recommended option; the
approver approves (the held action runs, once) or rejects with a reason the requester reads."""
from __future__ import annotations

import json

from fastapi import APIRouter, Form, Request

from otp.core.errors import OTPError
from otp.governance import approvals
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()
MINE = 20


def _context(s, actor) -> dict:
    return {"d": Directory(s, actor.org_id), "pending": approvals.inbox(s, actor, limit=100),
            "mine": approvals.mine(s, actor)[:MINE], "pretty": _pretty}


def _pretty(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str)


@router.get("/approvals")
def approvals_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    return render(request, "approvals/approvals.html", context, actor=actor)


def _error(request: Request, actor, approval_id: str, error: OTPError, reason: str):
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context.update(error=error, where=approval_id, reason=reason)
    return render(request, "approvals/approvals.html", context, status=error.status, actor=actor)


@router.post("/approvals/{approval_id}")
def decide(request: Request, approval_id: str, csrf_token: str = Form(""), decision: str = Form(""),
           reason: str = Form("")):
    actor = posted(request, csrf_token)
    approve = decision == "approve"
    done = attempt(request, lambda s: approvals.decide_request(s, actor, approval_id=approval_id, approve=approve,
                                                               reason=reason))
    return finish(request, done, to="/approvals",
                  success="Approved: the held action ran." if approve else "Rejected; the requester sees your reason.",
                  on_error=lambda e: _error(request, actor, approval_id, e, reason))
