"""REST face for outcomes: list, create, edit, status, milestones, evidence, review, owner."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.loop_writes import write_from_loop
from otp.governance.authz import require
from otp.work import evidence, milestones, outcome_status, outcomes
from otp.work.schemas import (QUARTER, CompleteBody, EvidenceCreate, IdQuery, Kind, MilestoneCreate, MilestoneUpdate,
                              OutcomeCreate, OutcomeOut, OutcomePage, OutcomeStatus, OutcomeUpdate, OwnerChange,
                              ReviewBody, StatusChangeOut, StatusSet)
from otp.work.views import change_view, outcome_view, outcome_views

router_outcomes = APIRouter(prefix="/api/v1", tags=["outcomes"], dependencies=[Depends(no_unknown_query)])
router_outcomes.match_first = 1  # hot: an agent's routine writes (otp.api.app)


@router_outcomes.get("/outcomes", responses=responses(*READ))
def list_outcomes(actor: ActorDep, db: DbDep, owner_seat_id: str | None = Query(None, **IdQuery),
                  status: OutcomeStatus | None = None, kind: Kind | None = None,
                  quarter: str | None = Query(None, pattern=QUARTER, description="e.g. 2026-Q2"),
                  parent_id: str | None = Query(None, **IdQuery),
                  cursor: str | None = Query(None, description="next_cursor of the previous page", **IdQuery),
                  limit: int = Query(50, ge=1, le=200)) -> OutcomePage:
    with db.read() as s:
        require(s, actor, "read")
        rows, next_cursor = outcomes.list_outcomes(s, actor, owner_seat_id=owner_seat_id, status=status, kind=kind,
                                                   quarter=quarter, parent_id=parent_id, cursor=cursor, limit=limit)
        return OutcomePage(items=outcome_views(s, rows), next_cursor=next_cursor)


@router_outcomes.post("/outcomes", status_code=201, responses=responses(*WRITE))
def create_outcome(body: OutcomeCreate, actor: ActorDep, db: DbDep) -> OutcomeOut:
    """Exactly one owner seat. A rock without a quarter is for the current quarter."""
    with db.write() as s:
        data = body.model_dump()
        data["context_links"] = [dict(link) for link in data["context_links"]]
        return outcome_view(s, outcomes.create_outcome(s, actor, **data))


@router_outcomes.get("/outcomes/{outcome_id}", responses=responses(*READ_ONE))
def get_outcome(outcome_id: str, actor: ActorDep, db: DbDep) -> OutcomeOut:
    with db.read() as s:
        require(s, actor, "read")
        return outcome_view(s, outcomes.get_outcome(s, actor, outcome_id))


@router_outcomes.patch("/outcomes/{outcome_id}", responses=responses(*WRITE))
def update_outcome(outcome_id: str, body: OutcomeUpdate, actor: ActorDep, db: DbDep) -> OutcomeOut:
    """Edit the definition. The owner changes only through POST .../owner; status through .../status."""
    with db.write() as s:
        return outcome_view(s, outcomes.update_outcome(s, actor, outcome_id=outcome_id,
                                                       changes=body.model_dump(exclude_unset=True)))


@router_outcomes.get("/outcomes/{outcome_id}/history", responses=responses(*READ_ONE))
def status_history(outcome_id: str, actor: ActorDep, db: DbDep) -> list[StatusChangeOut]:
    with db.read() as s:
        require(s, actor, "read")
        return [change_view(c) for c in outcome_status.history(s, actor, outcome_id)]


@router_outcomes.post("/outcomes/{outcome_id}/status", responses=responses(*WRITE))
async def set_status(outcome_id: str, body: StatusSet, actor: ActorDep, db: DbDep) -> OutcomeOut:
    """A rock set to off_track raises a drift issue (once per episode). done asks for review."""
    def write(s):  # on SQLite on the event loop when it can (otp.core.loop_writes): agents report weekly
        return outcome_view(s, outcome_status.set_status(s, actor, outcome_id=outcome_id, status=body.status,
                                                         note=body.note))
    return await write_from_loop(db, write)


@router_outcomes.post("/outcomes/{outcome_id}/milestones", status_code=201, responses=responses(*WRITE))
def add_milestone(outcome_id: str, body: MilestoneCreate, actor: ActorDep, db: DbDep) -> OutcomeOut:
    with db.write() as s:
        milestones.save_milestone(s, actor, outcome_id=outcome_id, title=body.title, due=body.due, done=body.done)
        return outcome_view(s, outcomes.get_outcome(s, actor, outcome_id))


@router_outcomes.patch("/outcomes/{outcome_id}/milestones/{milestone_id}", responses=responses(*WRITE))
def update_milestone(outcome_id: str, milestone_id: str, body: MilestoneUpdate, actor: ActorDep,
                     db: DbDep) -> OutcomeOut:
    with db.write() as s:
        milestones.save_milestone(s, actor, outcome_id=outcome_id, milestone_id=milestone_id,
                                  **body.model_dump(exclude_unset=True))
        return outcome_view(s, outcomes.get_outcome(s, actor, outcome_id))


@router_outcomes.post("/outcomes/{outcome_id}/evidence", status_code=201, responses=responses(*WRITE))
async def submit_evidence(outcome_id: str, body: EvidenceCreate, actor: ActorDep, db: DbDep) -> OutcomeOut:
    def write(s):  # on SQLite on the event loop when it can (otp.core.loop_writes)
        evidence.submit_evidence(s, actor, outcome_id=outcome_id, **body.model_dump())
        return outcome_view(s, outcomes.get_outcome(s, actor, outcome_id))
    return await write_from_loop(db, write)


@router_outcomes.post("/outcomes/{outcome_id}/complete", responses=responses(*WRITE))
def complete(outcome_id: str, body: CompleteBody, actor: ActorDep, db: DbDep) -> OutcomeOut:
    """Ask for done: needs at least one evidence item; the outcome then awaits its reviewer."""
    with db.write() as s:
        return outcome_view(s, outcome_status.complete(s, actor, outcome_id, note=body.note))


@router_outcomes.post("/outcomes/{outcome_id}/review", responses=responses(*WRITE))
def review(outcome_id: str, body: ReviewBody, actor: ActorDep, db: DbDep) -> OutcomeOut:
    """The reviewer seat's occupant (never the owner's) accepts (done) or rejects with a reason."""
    with db.write() as s:
        return outcome_view(s, evidence.review_outcome(s, actor, outcome_id=outcome_id, accept=body.accept,
                                                       reason=body.reason))


@router_outcomes.post("/outcomes/{outcome_id}/owner", responses=responses(*WRITE))
def change_owner(outcome_id: str, body: OwnerChange, actor: ActorDep, db: DbDep) -> OutcomeOut:
    with db.write() as s:
        return outcome_view(s, outcomes.change_owner(s, actor, outcome_id=outcome_id,
                                                     owner_seat_id=body.owner_seat_id, reason=body.reason))
