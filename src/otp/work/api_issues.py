"""REST face for the issues list (IDS)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.loop_writes import write_from_loop
from otp.governance.authz import require
from otp.work import issue_flow, issues
from otp.work.schemas import (IdQuery, IssueCreate, IssueOut, IssuePage, IssueReorder, IssueSolve, IssueSource,
                              IssueState, IssueTransition, IssueUpdate, SolveOut)
from otp.work.views import issue_view, issue_views, todo_view

router_issues = APIRouter(prefix="/api/v1", tags=["issues"], dependencies=[Depends(no_unknown_query)])
router_issues.match_first = 1  # hot: an agent's routine writes (otp.api.app)
CURSOR = r"^\d{1,9}\.[^\x00]{1,40}$"  # a rank fits the 32-bit priority column


@router_issues.get("/issues", responses=responses(*READ))
def list_issues(actor: ActorDep, db: DbDep, state: IssueState | None = None,
                owner_seat_id: str | None = Query(None, **IdQuery), source: IssueSource | None = None,
                cursor: str | None = Query(None, pattern=CURSOR, description="next_cursor of the previous page"),
                limit: int = Query(50, ge=1, le=200)) -> IssuePage:
    """By rank; `top` marks the top 3 open issues."""
    with db.read() as s:
        require(s, actor, "read")
        rows, next_cursor = issues.list_issues(s, actor, state=state, owner_seat_id=owner_seat_id, source=source,
                                               cursor=cursor, limit=limit)
        return IssuePage(items=issue_views(s, actor.org_id, rows), next_cursor=next_cursor)


@router_issues.post("/issues", status_code=201, responses={
    **responses(*WRITE), 200: {"model": IssueOut, "description": "An issue with this dedup_key already exists"}})
async def raise_issue(body: IssueCreate, response: Response, actor: ActorDep, db: DbDep) -> IssueOut:
    def write(s):  # on SQLite on the event loop when it can (otp.core.loop_writes): agents raise issues
        issue, created = issues.raise_issue(s, actor, **body.model_dump())
        if not created:
            response.status_code = 200
        return issue_view(s, issue)
    return await write_from_loop(db, write)


@router_issues.get("/issues/{issue_id}", responses=responses(*READ_ONE))
def get_issue(issue_id: str, actor: ActorDep, db: DbDep) -> IssueOut:
    with db.read() as s:
        require(s, actor, "read")
        return issue_view(s, issues.get_issue(s, actor, issue_id))


@router_issues.patch("/issues/{issue_id}", responses=responses(*WRITE))
def update_issue(issue_id: str, body: IssueUpdate, actor: ActorDep, db: DbDep) -> IssueOut:
    with db.write() as s:
        return issue_view(s, issue_flow.update_issue(s, actor, issue_id=issue_id,
                                                     changes=body.model_dump(exclude_unset=True)))


@router_issues.post("/issues/{issue_id}/transition", responses=responses(*WRITE))
def transition(issue_id: str, body: IssueTransition, actor: ActorDep, db: DbDep) -> IssueOut:
    """open → identified → discussed → (solve), or dropped. The error names the allowed next states."""
    with db.write() as s:
        return issue_view(s, issue_flow.transition_issue(s, actor, issue_id, body.state))


@router_issues.post("/issues/{issue_id}/reorder", responses=responses(*WRITE))
def reorder(issue_id: str, body: IssueReorder, actor: ActorDep, db: DbDep) -> IssueOut:
    """Move an open issue to a position in the list (1 = top); the others shift."""
    with db.write() as s:
        return issue_view(s, issue_flow.reorder_issue(s, actor, issue_id, body.position))


@router_issues.post("/issues/{issue_id}/solve", responses=responses(*WRITE))
def solve(issue_id: str, body: IssueSolve, actor: ActorDep, db: DbDep) -> SolveOut:
    """Record the solution of a discussed issue; its to-dos are created in the same transaction."""
    with db.write() as s:
        todos = [t.model_dump() for t in body.todos] or None
        issue, created = issue_flow.solve_issue(s, actor, issue_id=issue_id, solution=body.solution, todos=todos)
        return SolveOut(issue=issue_view(s, issue), todos=[todo_view(t) for t in created])
