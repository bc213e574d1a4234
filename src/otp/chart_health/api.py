"""REST face for the chart as a whole: GET /api/v1/chart. A part of the chart (root= or depth=)
carries each seat's health, read from the domains above the chart, so this route lives above
them too; the seats' own routes stay in otp.org.api_seats."""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, Response

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ_ONE, responses
from otp.chart_health.health import add_health
from otp.governance.authz import require
from otp.org import chart
from otp.org.chart_read import DEFAULT_DEPTH, MAX_DEPTH, chart_rows, chart_slice
from otp.org.schemas import ChartOut

router = APIRouter(prefix="/api/v1", tags=["chart"], dependencies=[Depends(no_unknown_query)])


@router.get("/chart", response_model=ChartOut, responses=responses(*READ_ONE))
def get_chart(actor: ActorDep, db: DbDep,
              root: str | None = Query(None, min_length=1, max_length=40,
                                       description="Seat at the top of the part asked for (default: the top seats)"),
              depth: int | None = Query(None, ge=0, le=MAX_DEPTH,
                                        description="Levels below the root to include; each seat then carries "
                                                    "`children` (its direct reports, received or not) and `health`; "
                                                    "default 2 when only root= is given")
              ) -> Response:
    """The whole accountability chart, parents before children; or, with root= or depth=, a part of it."""
    with db.read() as s:
        require(s, actor, "read")
        if root is None and depth is None:
            rows = chart_rows(s, actor.org_id)
        else:
            if root is not None:
                chart.get_seat(s, actor, root, field="root")  # 404 for an unknown or foreign seat
            rows = add_health(s, actor.org_id, chart_slice(s, actor.org_id, root, DEFAULT_DEPTH if depth is None else depth))
    # Serialized directly: validating 10,000 seats through pydantic would triple the time.
    return Response(json.dumps({"seats": rows}, separators=(",", ":")), media_type="application/json")
