"""The measurables a seat owns, and handing them over when the seat is deleted (otp.org.holdings)."""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.events.service import record
from otp.org.holdings import Held
from otp.scorecard.models import Measurable


def held(session: Session, org_id: str, seat_id: str) -> list[Held]:
    total, still_open = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Measurable.archived_at.is_(None), 1), else_=0)), 0))
        .where(Measurable.org_id == org_id, Measurable.owner_seat_id == seat_id)).one()
    return [Held("measurables", int(total), int(still_open))]


def hand_over(session: Session, actor: Actor, seat_id: str, to_seat_id: str, reason: str) -> None:
    rows = session.execute(select(Measurable).where(Measurable.org_id == actor.org_id,
                                                    Measurable.owner_seat_id == seat_id)
                           .order_by(Measurable.id).with_for_update()).scalars()
    for m in rows:
        m.owner_seat_id = to_seat_id
        record(session, actor, "measurable.updated", "measurable", m.id,
               {"owner_seat_id": to_seat_id, "from_owner_seat_id": seat_id, "reason": reason})
    session.flush()
