"""REST face for the scorecard: measurables, their entries, and the scorecard view."""
from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Query, Response

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.loop_writes import write_from_loop
from otp.governance.authz import require
from otp.scorecard import entries, measurables, view
from otp.scorecard.measurables import MAX_PAGE
from otp.scorecard.schemas import (Cadence, EntryOut, EntryPage, MeasurableCreate, MeasurableOut, MeasurablePage,
                                   MeasurableUpdate, ReportIn, ScorecardOut)

router = APIRouter(prefix="/api/v1", tags=["scorecard"], dependencies=[Depends(no_unknown_query)])
router.match_first = 1  # hot: an agent's routine writes (otp.api.app)


def _out(s, m) -> MeasurableOut:
    return MeasurableOut.of(m, measurables.input_keys(s, [m.id]).get(m.id))


@router.get("/measurables", responses=responses(*READ_ONE))
def list_measurables(actor: ActorDep, db: DbDep,
                     owner_seat_id: str | None = Query(None, max_length=40),
                     cadence: Cadence | None = Query(None),
                     archived: bool = Query(False, description="List archived measurables instead"),
                     cursor: str | None = Query(None, max_length=40, description="next_cursor of the previous page"),
                     limit: int = Query(100, ge=1, le=MAX_PAGE)) -> MeasurablePage:
    with db.read() as s:
        require(s, actor, "read")
        rows = measurables.list_measurables(s, actor, owner_seat_id=owner_seat_id, cadence=cadence,
                                            archived=archived, cursor=cursor, limit=limit)
        keys = measurables.input_keys(s, [m.id for m in rows if m.formula])
        items = [MeasurableOut.of(m, keys.get(m.id)) for m in rows]
    return MeasurablePage(items=items, next_cursor=items[-1].id if len(items) == limit else None)


@router.post("/measurables", status_code=201, responses=responses(*WRITE))
def create_measurable(body: MeasurableCreate, actor: ActorDep, db: DbDep) -> MeasurableOut:
    with db.write() as s:
        return _out(s, measurables.create_measurable(s, actor, **body.model_dump()))


@router.get("/measurables/{measurable_id}", responses=responses(*READ_ONE))
def get_measurable(measurable_id: str, actor: ActorDep, db: DbDep) -> MeasurableOut:
    with db.read() as s:
        require(s, actor, "read")
        return _out(s, measurables.get_measurable(s, actor, measurable_id))


@router.patch("/measurables/{measurable_id}", responses=responses(*WRITE))
def update_measurable(measurable_id: str, body: MeasurableUpdate, actor: ActorDep, db: DbDep) -> MeasurableOut:
    """Change the definition (the key is fixed). `archived: true|false` archives or restores."""
    with db.write() as s:
        return _out(s, measurables.update_measurable(s, actor, measurable_id, body.model_dump(exclude_unset=True)))


@router.post("/measurables/{measurable_id}/archive", responses=responses(*WRITE))
def archive_measurable(measurable_id: str, actor: ActorDep, db: DbDep) -> MeasurableOut:
    """Off the scorecard and closed to reports; its entries stay."""
    with db.write() as s:
        return _out(s, measurables.archive_measurable(s, actor, measurable_id))


@router.get("/measurables/{measurable_id}/entries", responses=responses(*READ_ONE))
def list_entries(measurable_id: str, actor: ActorDep, db: DbDep,
                 before: date | None = Query(None, description="Only periods starting before this date"),
                 limit: int = Query(100, ge=1, le=MAX_PAGE)) -> EntryPage:
    """Current values, newest period first."""
    with db.read() as s:
        require(s, actor, "read")
        items = entries.list_entries(s, actor, measurable_id, before=before, limit=limit)
    return EntryPage(items=items, next_before=items[-1]["period"] if len(items) == limit else None)


@router.post("/measurables/{measurable_id}/entries", status_code=201, responses=responses(*WRITE))
async def report(measurable_id: str, body: ReportIn, actor: ActorDep, db: DbDep) -> EntryOut:
    """Report the value for the period containing `period` (default: now). Reporting again
    replaces the value and keeps the old one in the period's history. `measurable_id` may be the
    measurable's id or its key, as in the MCP tool report_measurable."""
    def write(s):  # on SQLite on the event loop when it can (otp.core.loop_writes): agents report weekly
        m = measurables.by_id_or_key(s, actor, measurable_id, field="measurable_id")
        entry = entries.report(s, actor, measurable_id=m.id, value=body.value, period=body.period,
                               note=body.note, source=body.source)
        return EntryOut(**entries.entry_dict(m, entry))
    return await write_from_loop(db, write)


@router.get("/measurables/{measurable_id}/entries/{period}", responses=responses(*READ_ONE))
def period_history(measurable_id: str, period: date, actor: ActorDep, db: DbDep) -> list[EntryOut]:
    """Every version of one period's value (any day in the period), current first."""
    with db.read() as s:
        require(s, actor, "read")
        return [EntryOut(**e) for e in entries.period_history(s, actor, measurable_id, period)]


@router.get("/scorecard", response_model=ScorecardOut, responses=responses(*READ_ONE))
def scorecard(actor: ActorDep, db: DbDep,
              periods: int = Query(view.DEFAULT_PERIODS, ge=1, le=view.MAX_PERIODS),
              owner_seat_id: str | None = Query(None, max_length=40)) -> Response:
    """Measurables × the last `periods` periods, grouped by owner seat: on/off per cell, trend
    (up/down/flat) and a least-squares forecast of the next period."""
    with db.read() as s:
        data = view.scorecard(s, actor, periods=periods, owner_seat_id=owner_seat_id)
    # Serialized directly: validating 2,000 rows × 13 cells through pydantic would dominate.
    return Response(json.dumps(data, separators=(",", ":")), media_type="application/json")
