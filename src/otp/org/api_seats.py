"""REST face for seats. The chart as a whole (GET /api/v1/chart, with seat health) is
otp.chart_health.api: health reads the domains above org."""
from __future__ import annotations

import json

from fastapi import Depends, APIRouter, Query, Response
from pydantic import BaseModel

from otp.api.deps import no_unknown_query, ActorDep, DbDep
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.governance.authz import require
from otp.org import chart, holdings
from otp.org.chart_read import chart_rows
from otp.org.schemas import OccupancyOut, OccupantAssign, SeatCreate, SeatMove, SeatOut, SeatUpdate, seat_out

router = APIRouter(prefix="/api/v1", tags=["chart"], dependencies=[Depends(no_unknown_query)])


@router.get("/seats", response_model=list[SeatOut], responses=responses(*READ))
def list_seats(actor: ActorDep, db: DbDep) -> Response:
    with db.read() as s:
        rows = chart_rows(s, actor.org_id)
    return Response(json.dumps(rows, separators=(",", ":")), media_type="application/json")


@router.post("/seats", status_code=201, responses=responses(*WRITE))
def create_seat(body: SeatCreate, actor: ActorDep, db: DbDep) -> SeatOut:
    with db.write() as s:
        return seat_out(s, chart.create_seat(s, actor, **body.model_dump()))


@router.get("/seats/{seat_id}", responses=responses(*READ_ONE))
def get_seat(seat_id: str, actor: ActorDep, db: DbDep) -> SeatOut:
    with db.read() as s:
        return seat_out(s, chart.get_seat(s, actor, seat_id))


@router.patch("/seats/{seat_id}", responses=responses(*WRITE))
def update_seat(seat_id: str, body: SeatUpdate, actor: ActorDep, db: DbDep) -> SeatOut:
    with db.write() as s:
        return seat_out(s, chart.update_seat(s, actor, seat_id, body.model_dump(exclude_unset=True)))


@router.post("/seats/{seat_id}/move", responses=responses(*WRITE))
def move_seat(seat_id: str, body: SeatMove, actor: ActorDep, db: DbDep) -> SeatOut:
    """Move a seat (and everything below it) under a new parent."""
    with db.write() as s:
        return seat_out(s, chart.move_seat(s, actor, seat_id, body.parent_id))


@router.delete("/seats/{seat_id}", status_code=204, responses=responses(*WRITE))
def delete_seat(seat_id: str, actor: ActorDep, db: DbDep,
                reparent_to: str | None = Query(None, min_length=1, max_length=40,
                                                description="Seat that takes over the children"),
                reassign_to: str | None = Query(None, min_length=1, max_length=40,
                                                description="Seat that takes over the work the seat still owns "
                                                            "(outcomes, issues, to-dos, measurables, SOPs, meeting "
                                                            "places); without it such a seat is refused with 409")
                ) -> None:
    with db.write() as s:
        chart.delete_seat(s, actor, seat_id, reparent_to, reassign_to)


class HeldOut(BaseModel):
    kind: str
    total: int
    open: int


@router.get("/seats/{seat_id}/holdings", responses=responses(*READ_ONE))
def seat_holdings(seat_id: str, actor: ActorDep, db: DbDep) -> list[HeldOut]:
    """What the seat still owns, per kind: deleting it needs reassign_to while this is not empty."""
    with db.read() as s:
        require(s, actor, "read")
        seat = chart.get_seat(s, actor, seat_id)
        return [HeldOut(**h.as_dict()) for h in holdings.held(s, actor.org_id, seat.id)]


@router.put("/seats/{seat_id}/occupant", responses=responses(*WRITE))
def assign_occupant(seat_id: str, body: OccupantAssign, actor: ActorDep, db: DbDep) -> SeatOut:
    with db.write() as s:
        return seat_out(s, chart.assign_occupant(s, actor, seat_id, kind=body.kind, occupant_id=body.id,
                                                 replace=body.replace))


@router.delete("/seats/{seat_id}/occupant", responses=responses(*WRITE))
def vacate_seat(seat_id: str, actor: ActorDep, db: DbDep) -> SeatOut:
    with db.write() as s:
        return seat_out(s, chart.vacate(s, actor, seat_id))


@router.get("/seats/{seat_id}/history", responses=responses(*READ_ONE))
def seat_history(seat_id: str, actor: ActorDep, db: DbDep) -> list[OccupancyOut]:
    with db.read() as s:
        return [OccupancyOut.of(r) for r in chart.occupancy_history(s, actor, seat_id)]
