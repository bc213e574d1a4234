"""REST face: GET /api/v1/search?q=&kind=&limit=."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, responses
from otp.governance.authz import require
from otp.org.schemas import SOME_TEXT
from otp.search import query
from otp.search.schemas import Kind, SearchOut

router = APIRouter(prefix="/api/v1", tags=["search"], dependencies=[Depends(no_unknown_query)])


@router.get("/search", responses=responses(*READ))
def search(actor: ActorDep, db: DbDep,
           q: str = Query(..., min_length=1, max_length=query.MAX_QUERY, pattern=SOME_TEXT,
                          description="Words to find; each matches the start of a word (acq finds acquisition). "
                                      "Quotes, *, - and the like are plain separators, never search syntax."),
           kind: Kind | None = Query(None, description="Only this kind"),
           limit: int = Query(query.DEFAULT_LIMIT, ge=1, le=query.MAX_LIMIT, description="At most this many per kind")
           ) -> SearchOut:
    """Seats, people, agents, rocks and outcomes, measurables, issues, to-dos, headlines, SOPs and
    meetings' minutes of the caller's organization, grouped by kind, best match first."""
    with db.read() as s:
        require(s, actor, "read")
        return SearchOut(**query.search(s, actor, q=q, kind=kind, limit=limit).as_dict())
