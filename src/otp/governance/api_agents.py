"""REST face for governing agents: the autonomy ledger, eligibility, promotion and demotion by
a person, the kill switch, budgets and cost events, and the agent's heartbeat."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ_ONE, WRITE, responses
from otp.governance.authz import require
from otp.core.errors import Conflict, Forbidden
from otp.governance import autonomy, guards
from otp.governance.eligibility import eligibility
from otp.governance.schemas import (BudgetIn, CostIn, CostReportOut, CostsOut, HeartbeatIn, HeartbeatOut,
                                    LedgerOut, LevelChangeIn, StatusChangeIn, may_ask)
from otp.org.agents import get_agent
from otp.org.schemas import AgentOut

router = APIRouter(prefix="/api/v1", tags=["agents"], dependencies=[Depends(no_unknown_query)])


@router.get("/agents/{agent_id}/ledger", responses=responses(*READ_ONE))
def ledger(agent_id: str, actor: ActorDep, db: DbDep) -> list[LedgerOut]:
    """Every level change of this agent, oldest first."""
    with db.read() as s:
        require(s, actor, "read")
        return [LedgerOut.of(e) for e in autonomy.ledger(s, actor, agent_id)]


@router.get("/agents/{agent_id}/eligibility", responses=responses(*READ_ONE))
def agent_eligibility(agent_id: str, actor: ActorDep, db: DbDep) -> dict:
    """Promotion criteria computed from the evidence the platform holds."""
    with db.read() as s:
        require(s, actor, "read")
        return eligibility(s, get_agent(s, actor, agent_id))


def _change(agent_id: str, body: LevelChangeIn, actor, db, step: int) -> LedgerOut:
    if actor.kind != "person":
        raise Forbidden("levels are changed by people (an agent never changes any level)", field="agent_id")
    with db.write() as s:
        agent = get_agent(s, actor, agent_id)
        to = body.to_level if body.to_level is not None else agent.level + step
        if not 1 <= to <= 8:
            raise Conflict(f"the agent is at level {agent.level}; there is no level {to}", field="to_level")
        if (to - agent.level) * step <= 0:
            raise Conflict(f"to_level must be {'above' if step > 0 else 'below'} the current level {agent.level}",
                          field="to_level")
        return LedgerOut.of(autonomy.change_level(s, actor, agent_id=agent_id, to_level=to, why=body.why,
                                                  override=body.override, reason=body.reason))


@router.post("/agents/{agent_id}/promote", responses=may_ask(*WRITE))
def promote(agent_id: str, body: LevelChangeIn, actor: ActorDep, db: DbDep) -> LedgerOut:
    return _change(agent_id, body, actor, db, +1)


@router.post("/agents/{agent_id}/demote", responses=may_ask(*WRITE))
def demote(agent_id: str, body: LevelChangeIn, actor: ActorDep, db: DbDep) -> LedgerOut:
    return _change(agent_id, body, actor, db, -1)


@router.post("/agents/{agent_id}/pause", responses=may_ask(*WRITE))
def pause(agent_id: str, actor: ActorDep, db: DbDep, body: StatusChangeIn | None = None) -> AgentOut:
    """The kill switch: a paused agent may read; every write is denied."""
    with db.write() as s:
        return AgentOut.of(guards.pause(s, actor, agent_id, body.reason if body else ""))


@router.post("/agents/{agent_id}/resume", responses=may_ask(*WRITE))
def resume(agent_id: str, actor: ActorDep, db: DbDep, body: StatusChangeIn | None = None) -> AgentOut:
    with db.write() as s:
        return AgentOut.of(guards.resume(s, actor, agent_id, body.reason if body else ""))


@router.put("/agents/{agent_id}/budget", responses=may_ask(*WRITE))
def set_budget(agent_id: str, body: BudgetIn, actor: ActorDep, db: DbDep) -> AgentOut:
    with db.write() as s:
        return AgentOut.of(guards.set_budget(s, actor, agent_id=agent_id,
                                             monthly_budget_cents=body.monthly_budget_cents))


@router.get("/agents/{agent_id}/costs", responses=responses(*READ_ONE))
def costs(agent_id: str, actor: ActorDep, db: DbDep) -> CostsOut:
    """This month's cost events and total against the budget."""
    with db.read() as s:
        return CostsOut(**guards.costs(s, actor, agent_id))


@router.post("/me/costs", status_code=201, responses=responses(*WRITE))
def report_cost(body: CostIn, actor: ActorDep, db: DbDep) -> CostReportOut:
    """Agents report what they spent (tokens, cents, model)."""
    with db.write() as s:
        return CostReportOut(**guards.report_cost(s, actor, **body.model_dump()))


@router.post("/me/heartbeat", responses=responses(*WRITE))
def heartbeat(actor: ActorDep, db: DbDep, body: HeartbeatIn | None = None) -> HeartbeatOut:
    """An agent's heartbeat; heartbeats without progress while work is open trip the loop guard."""
    with db.write() as s:
        return HeartbeatOut(**guards.heartbeat(s, actor, body.note if body else None))
