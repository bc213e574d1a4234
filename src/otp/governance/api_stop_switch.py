"""REST face of the organization's stop switch (pause all agents, resume them) and budget cap."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, WRITE, responses
from otp.governance.authz import require
from otp.core import clock
from otp.governance import org_budget, stop_switch
from otp.governance.schemas import PauseAllIn, ResumeAllIn, StopSwitchOut, may_ask
from otp.org.orgs import get_organization

router = APIRouter(prefix="/api/v1", tags=["agents"], dependencies=[Depends(no_unknown_query)])


def _out(s, org) -> StopSwitchOut:
    return StopSwitchOut(**stop_switch.state(org), budget=org_budget.status(s, org.id, clock.now()))


@router.get("/org/agents/stop-switch", responses=responses(*READ))
def get_stop_switch(actor: ActorDep, db: DbDep) -> StopSwitchOut:
    """Whether all agents are paused (by whom, why) and this month's spend against the cap."""
    with db.read() as s:
        require(s, actor, "read")
        return _out(s, get_organization(s, actor))


@router.post("/org/agents/pause", responses=may_ask(*WRITE))
def pause_all(body: PauseAllIn, actor: ActorDep, db: DbDep) -> StopSwitchOut:
    """The stop switch (owners and admins): every agent may still read; every agent write is
    denied with the rule `stop_switch` until someone resumes."""
    with db.write() as s:
        return _out(s, stop_switch.pause_all(s, actor, reason=body.reason))


@router.post("/org/agents/resume", responses=may_ask(*WRITE))
def resume_all(actor: ActorDep, db: DbDep, body: ResumeAllIn | None = None) -> StopSwitchOut:
    """Undo the stop switch; each agent is back to its own status (a paused one stays paused)."""
    with db.write() as s:
        return _out(s, stop_switch.resume_all(s, actor, reason=body.reason if body else ""))
