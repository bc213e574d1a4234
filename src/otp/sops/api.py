"""REST face for SOPs. Thin: parse, call a service, render."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ_ONE, WRITE, ErrorResponse, responses
from otp.governance.authz import require
from otp.org.models import Seat
from otp.sops import edit, read
from otp.sops.inherit import effective_sops
from otp.sops.schemas import SopCreate, SopDiffOut, SopOut, SopUpdate, SopVersionOut

router = APIRouter(prefix="/api/v1", tags=["sops"], dependencies=[Depends(no_unknown_query)])

# sop.edit is governed: an `ask` answers 202 with the approval request that holds the edit.
WRITES = {**responses(*WRITE), 202: {"model": ErrorResponse, "description": "Held for approval; nothing changed"}}


def _out(session, sop) -> SopOut:
    return SopOut.own(sop, session.get(Seat, sop.seat_id).title)


@router.get("/seats/{seat_id}/sops", responses=responses(*READ_ONE))
def list_seat_sops(seat_id: str, actor: ActorDep, db: DbDep,
                   effective: bool = Query(False, description="Include SOPs inherited from the seats above, "
                                                              "nearest first; a nearer SOP overrides one with the "
                                                              "same key")) -> list[SopOut]:
    """The seat's SOPs (or, with effective=true, every SOP it works by)."""
    with db.read() as s:
        require(s, actor, "read")
        seat = read.get_seat(s, actor, seat_id)
        if effective:
            return [SopOut.effective(e) for e in effective_sops(s, actor.org_id, seat.id)]
        return [SopOut.own(sop, seat.title) for sop in read.list_sops(s, actor, seat.id)]


@router.post("/seats/{seat_id}/sops", status_code=201, responses=WRITES)
def create_sop(seat_id: str, body: SopCreate, actor: ActorDep, db: DbDep) -> SopOut:
    with db.write() as s:
        return _out(s, edit.create_sop(s, actor, seat_id, **body.model_dump()))


@router.get("/sops/{sop_id}", responses=responses(*READ_ONE))
def get_sop(sop_id: str, actor: ActorDep, db: DbDep) -> SopOut:
    with db.read() as s:
        return _out(s, read.get_sop(s, actor, sop_id))


@router.patch("/sops/{sop_id}", responses=WRITES)
def update_sop(sop_id: str, body: SopUpdate, actor: ActorDep, db: DbDep) -> SopOut:
    """Change fields; each change makes a new version. archived=false restores an archived SOP."""
    with db.write() as s:
        return _out(s, edit.update_sop(s, actor, sop_id, body.model_dump(exclude_unset=True)))


@router.delete("/sops/{sop_id}", status_code=204, responses=WRITES)
def archive_sop(sop_id: str, actor: ActorDep, db: DbDep) -> None:
    """Archive: the SOP stops applying (and being inherited); its history stays."""
    with db.write() as s:
        edit.archive_sop(s, actor, sop_id)


@router.get("/sops/{sop_id}/versions", responses=responses(*READ_ONE))
def sop_versions(sop_id: str, actor: ActorDep, db: DbDep) -> list[SopVersionOut]:
    """Every version, oldest first: the full content, who made it and when."""
    with db.read() as s:
        return [SopVersionOut.of(v) for v in read.versions(s, actor, sop_id)]


@router.get("/sops/{sop_id}/diff", responses=responses(*READ_ONE))
def sop_diff(sop_id: str, actor: ActorDep, db: DbDep,
             from_version: int | None = Query(None, alias="from", ge=1, le=1_000_000,
                                              description="Version to compare from (default: the one before `to`)"),
             to_version: int | None = Query(None, alias="to", ge=1, le=1_000_000,
                                            description="Version to compare to (default: the latest)")) -> SopDiffOut:
    with db.read() as s:
        return SopDiffOut(**read.diff(s, actor, sop_id, from_version, to_version))
