"""The panels under a seat page: the seat's outcomes, its measurables (with their trend), its SOPs
(own and inherited down the chart) and, for an agent's seat, its autonomy ledger, promotion
readiness and the pause/resume switch."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request

from otp.governance import autonomy, guards
from otp.governance.eligibility import eligibility
from otp.governance.matrix import LEVEL_NAMES
from otp.org.models import Agent
from otp.org.tree import Tree
from otp.scorecard import view as scorecard_view
from otp.sops.inherit import effective_sops
from otp.web.actions import attempt, finish, posted
from otp.web.views.scorecard import _with_cells, target_text
from otp.work import outcomes

router = APIRouter()


def panels(session, actor, seat: dict) -> dict:
    """Context for seat.html's panels; `seat` is the chart row (id, occupant, ...)."""
    owned, _ = outcomes.list_outcomes(session, actor, owner_seat_id=seat["id"], limit=200)
    card = _with_cells(scorecard_view.scorecard(session, actor, owner_seat_id=seat["id"]))
    context = {
        "outcomes": sorted(owned, key=lambda o: (o.status in ("done", "dropped"), o.quarter or "", o.title)),
        "measurables": [m for g in card["groups"] for m in g["measurables"]],
        "target_text": target_text,
        "sops": effective_sops(session, actor.org_id, seat["id"], tree=Tree.load(session, actor.org_id)),
        "agent": None,
    }
    occupant = seat.get("occupant")
    if occupant and occupant["kind"] == "agent":
        agent = session.get(Agent, occupant["id"])
        context.update(agent=agent, level_names=LEVEL_NAMES, ledger=autonomy.ledger(session, actor, agent.id),
                       incidents=autonomy.incidents(session, agent.id), readiness=eligibility(session, agent))
    return context


def _switch(request: Request, seat_id: str, agent_id: str, csrf_token: str, reason: str, status: str):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: guards.set_status(s, actor, agent_id=agent_id, status=status, reason=reason))

    def on_error(error):
        from otp.org.web import _with_error
        return _with_error(request, actor, seat_id, error)
    return finish(request, done, to=f"/chart/seats/{seat_id}#agent",
                  success="Paused: the agent can read but not act." if status == "paused" else "Resumed.",
                  on_error=on_error)


@router.post("/chart/seats/{seat_id}/agent/{agent_id}/pause")
def pause(request: Request, seat_id: str, agent_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _switch(request, seat_id, agent_id, csrf_token, reason, "paused")


@router.post("/chart/seats/{seat_id}/agent/{agent_id}/resume")
def resume(request: Request, seat_id: str, agent_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _switch(request, seat_id, agent_id, csrf_token, reason, "active")
