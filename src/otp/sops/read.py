"""Reading SOPs: one, a seat's own, the version history, and a diff between two versions."""
from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core.errors import Invalid, NotFound
from otp.org import chart
from otp.org.models import Seat
from otp.sops.models import CONTENT_FIELDS, Sop, SopVersion


def get_seat(session: Session, actor: Actor, seat_id: str) -> Seat:
    """The chart's lookup, minus ids PostgreSQL would refuse (text cannot hold NUL)."""
    if isinstance(seat_id, str) and "\x00" in seat_id:
        raise NotFound(f"no seat {seat_id!r} in this organization", field="seat_id")
    return chart.get_seat(session, actor, seat_id)


def get_sop(session: Session, actor: Actor, sop_id: str) -> Sop:
    # PostgreSQL text cannot hold NUL: such an id cannot exist, and must not reach the query.
    sop = session.get(Sop, sop_id) if isinstance(sop_id, str) and "\x00" not in sop_id else None
    if sop is None or sop.org_id != actor.org_id:
        raise NotFound(f"no SOP {sop_id!r} in this organization", field="sop_id")
    return sop


def list_sops(session: Session, actor: Actor, seat_id: str, *, include_archived: bool = False) -> list[Sop]:
    seat = get_seat(session, actor, seat_id)
    q = select(Sop).where(Sop.seat_id == seat.id)
    if not include_archived:
        q = q.where(Sop.archived_at.is_(None))
    return list(session.execute(q.order_by(Sop.key)).scalars())


def versions(session: Session, actor: Actor, sop_id: str) -> list[SopVersion]:
    sop = get_sop(session, actor, sop_id)
    return list(session.execute(select(SopVersion).where(SopVersion.sop_id == sop.id)
                                .order_by(SopVersion.number)).scalars())


def version(session: Session, sop: Sop, number: int, field: str) -> SopVersion:
    row = session.execute(select(SopVersion).where(SopVersion.sop_id == sop.id, SopVersion.number == number)
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"SOP {sop.key!r} has no version {number} (latest is {sop.version})", field=field)
    return row


def diff(session: Session, actor: Actor, sop_id: str, from_version: int | None = None,
         to_version: int | None = None) -> dict:
    """Field-level changes between two versions plus a unified text diff of the steps.
    Defaults: `to` = the latest version, `from` = the one before `to`."""
    sop = get_sop(session, actor, sop_id)
    to_n = sop.version if to_version is None else to_version
    from_n = to_n - 1 if from_version is None else from_version
    if from_n < 1:
        raise Invalid("there is no version before version 1; give from", field="from")
    old, new = version(session, sop, from_n, "from"), version(session, sop, to_n, "to")
    fields = [{"field": f, "before": old.content.get(f), "after": new.content.get(f)}
              for f in CONTENT_FIELDS if old.content.get(f) != new.content.get(f)]
    steps_diff = "\n".join(difflib.unified_diff(
        old.content.get("steps", []), new.content.get("steps", []),
        fromfile=f"{sop.key} v{from_n}", tofile=f"{sop.key} v{to_n}", lineterm=""))
    return {"sop_id": sop.id, "key": sop.key, "from_version": from_n, "to_version": to_n, "fields": fields,
            "steps_diff": steps_diff}
