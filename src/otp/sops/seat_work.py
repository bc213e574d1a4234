"""The SOPs a seat owns, and handing them over when the seat is deleted (otp.org.holdings).

Without this, deleting a seat would silently delete its SOPs (their foreign key cascades). Keys
are unique per seat, so a hand-over to a seat that already has an SOP with the same key is
refused, naming the keys."""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core.errors import Conflict
from otp.events.service import record
from otp.org.holdings import Held
from otp.sops.models import Sop


def held(session: Session, org_id: str, seat_id: str) -> list[Held]:
    total, still_open = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Sop.archived_at.is_(None), 1), else_=0)), 0))
        .where(Sop.org_id == org_id, Sop.seat_id == seat_id)).one()
    return [Held("SOPs", int(total), int(still_open))]


def check_hand_over(session: Session, org_id: str, seat_id: str, to_seat_id: str) -> None:
    mine = select(Sop.key).where(Sop.org_id == org_id, Sop.seat_id == seat_id)
    clash = sorted(session.execute(select(Sop.key).where(Sop.org_id == org_id, Sop.seat_id == to_seat_id,
                                                         Sop.key.in_(mine))).scalars())
    if clash:
        raise Conflict(f"the seat given in reassign_to already has SOPs with the key(s) {', '.join(clash)}; "
                       f"rename or move those first, or pick another seat", field="reassign_to")


def hand_over(session: Session, actor: Actor, seat_id: str, to_seat_id: str, reason: str) -> None:
    rows = session.execute(select(Sop).where(Sop.org_id == actor.org_id, Sop.seat_id == seat_id)
                           .order_by(Sop.id).with_for_update()).scalars()
    for sop in rows:
        sop.seat_id = to_seat_id
        record(session, actor, "sop.moved", "sop", sop.id,
               {"key": sop.key, "from_seat_id": seat_id, "to_seat_id": to_seat_id, "reason": reason})
    session.flush()
