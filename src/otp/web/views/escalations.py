"""Escalations: who asked the nearest human above for input, who holds it now, by when they must
answer (it climbs the chart when they do not), and the form to resolve or raise one."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request

from otp.core import clock
from otp.core.errors import OTPError
from otp.governance import escalations
from otp.governance.models import URGENCIES
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()


def _context(s, actor, state: str) -> dict:
    return {"d": Directory(s, actor.org_id), "rows": escalations.list_escalations(s, actor, state=state),
            "state": state, "urgencies": URGENCIES, "now": clock.now()}


@router.get("/escalations")
def escalations_page(request: Request, state: str = "open"):
    actor = actor_of(request)
    state = state if state in ("open", "resolved") else "open"
    with request.app.state.db.read() as s:
        context = _context(s, actor, state)
    return render(request, "escalations/escalations.html", context, actor=actor)


def _error(request: Request, actor, error: OTPError, where: str, form: dict):
    with request.app.state.db.read() as s:
        context = _context(s, actor, "open")
    context.update(error=error, where=where, form=form)
    return render(request, "escalations/escalations.html", context, status=error.status, actor=actor)


@router.post("/escalations")
def raise_escalation(request: Request, csrf_token: str = Form(""), reason: str = Form(""),
                     urgency: str = Form("normal"), needed: str = Form("")):
    actor = posted(request, csrf_token)
    form = {"reason": reason, "urgency": urgency, "needed": needed}
    done = attempt(request, lambda s: escalations.raise_escalation(s, actor, reason=reason, urgency=urgency,
                                                                   needed=needed))
    return finish(request, done, to="/escalations", success="Escalated to the nearest person above you.",
                  on_error=lambda e: _error(request, actor, e, "new", form))


@router.post("/escalations/{escalation_id}/resolve")
def resolve(request: Request, escalation_id: str, csrf_token: str = Form(""), resolution: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: escalations.resolve(s, actor, escalation_id=escalation_id,
                                                          resolution=resolution))
    return finish(request, done, to="/escalations", success="Resolved; the raiser is told.",
                  on_error=lambda e: _error(request, actor, e, escalation_id, {"resolution": resolution}))
