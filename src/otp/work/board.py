"""The rocks board's read model: one quarter's rocks with their milestones, live evidence count
and reviewer, as plain dicts from three Core selects — no ORM objects, no response models and
no lookup per rock, so a board of hundreds of rocks costs what its rows cost."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.org.models import Seat
from otp.work.common import QUARTER_RE
from otp.work.models import Evidence, Milestone, Outcome
from otp.work.outcome_status import reviewer_of

MAX_ROCKS = 2_000  # a board bigger than this is a filter away, not a page


def rock_board(session: Session, actor: Actor, *, quarter: str, status: str | None = None,
               limit: int = MAX_ROCKS) -> list[dict]:
    """[{id, title, status, status_note, due_date, owner_seat_id, reviewer_seat_id, milestones:
    [{title, due, done}], milestones_done, live_evidence}] for the quarter's rocks (by id)."""
    require(session, actor, "read")
    if not isinstance(quarter, str) or not QUARTER_RE.match(quarter):
        return []  # nothing is filed under a malformed quarter
    where = [Outcome.org_id == actor.org_id, Outcome.kind == "rock", Outcome.quarter == quarter]
    if status:
        where.append(Outcome.status == status)
    rows = session.execute(
        select(Outcome.id, Outcome.title, Outcome.status, Outcome.status_note, Outcome.due_date,
               Outcome.owner_seat_id, Outcome.reviewer_seat_id, Seat.parent_id)
        .join(Seat, Seat.id == Outcome.owner_seat_id).where(*where).order_by(Outcome.id).limit(limit)).all()
    rocks = {r.id: {"id": r.id, "title": r.title, "status": r.status, "status_note": r.status_note,
                    "due_date": r.due_date, "owner_seat_id": r.owner_seat_id,
                    "reviewer_seat_id": reviewer_of(r.reviewer_seat_id, r.parent_id),
                    "milestones": [], "milestones_done": 0, "live_evidence": 0} for r in rows}
    if not rocks:
        return []
    chosen = select(Outcome.id).where(*where)
    for outcome_id, title, due, done in session.execute(
            select(Milestone.outcome_id, Milestone.title, Milestone.due, Milestone.done)
            .where(Milestone.org_id == actor.org_id, Milestone.outcome_id.in_(chosen))
            .order_by(Milestone.due.is_(None), Milestone.due, Milestone.id)):
        rock = rocks.get(outcome_id)
        if rock is not None:
            rock["milestones"].append({"title": title, "due": due, "done": done})
            rock["milestones_done"] += 1 if done else 0
    for outcome_id, n in session.execute(
            select(Evidence.outcome_id, func.count()).where(
                Evidence.org_id == actor.org_id, Evidence.rejected_at.is_(None), Evidence.outcome_id.in_(chosen))
            .group_by(Evidence.outcome_id)):
        if outcome_id in rocks:
            rocks[outcome_id]["live_evidence"] = n
    return list(rocks.values())
