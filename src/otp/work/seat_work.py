"""What a seat owns in the work domain (outcomes, reviews, issues, to-dos), and handing it over
when the seat is deleted (see otp.org.holdings). Closed rows move too: their foreign keys would
otherwise keep the seat alive; the events keep who owned what before.
"""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.events.service import record
from otp.org.holdings import Held
from otp.org.models import Seat
from otp.work.common import occupant
from otp.work.models import Issue, Outcome, Todo

CLOSED_OUTCOME = ("done", "dropped")
CLOSED_ISSUE = ("solved", "dropped")


def _count(session: Session, model, column, org_id: str, seat_id: str, open_when) -> tuple[int, int]:
    total, still_open = session.execute(
        select(func.count(), func.coalesce(func.sum(case((open_when, 1), else_=0)), 0))
        .where(model.org_id == org_id, column == seat_id)).one()
    return int(total), int(still_open)


def held(session: Session, org_id: str, seat_id: str) -> list[Held]:
    return [
        Held("outcomes", *_count(session, Outcome, Outcome.owner_seat_id, org_id, seat_id,
                                 Outcome.status.not_in(CLOSED_OUTCOME))),
        Held("outcome reviews", *_count(session, Outcome, Outcome.reviewer_seat_id, org_id, seat_id,
                                        Outcome.status.not_in(CLOSED_OUTCOME))),
        Held("issues", *_count(session, Issue, Issue.owner_seat_id, org_id, seat_id,
                               Issue.state.not_in(CLOSED_ISSUE))),
        Held("to-dos", *_count(session, Todo, Todo.owner_seat_id, org_id, seat_id, Todo.done_at.is_(None))),
    ]


def _reviewer_clashes(session: Session, owner_seat_id: str, reviewer_seat_id: str | None) -> bool:
    """Would this reviewer break the rule that the reviewer is not the owner (seat or occupant)?"""
    if reviewer_seat_id is None:
        return False
    if reviewer_seat_id == owner_seat_id:
        return True
    holder = occupant(session.get(Seat, owner_seat_id))
    return holder is not None and holder == occupant(session.get(Seat, reviewer_seat_id))


def _rows(session: Session, model, column, org_id: str, seat_id: str) -> list:
    return list(session.execute(select(model).where(model.org_id == org_id, column == seat_id)
                                .order_by(model.id).with_for_update()).scalars())


def hand_over(session: Session, actor: Actor, seat_id: str, to_seat_id: str, reason: str) -> None:
    org_id = actor.org_id
    for outcome in _rows(session, Outcome, Outcome.owner_seat_id, org_id, seat_id):
        outcome.owner_seat_id = to_seat_id
        payload = {"from_seat_id": seat_id, "to_seat_id": to_seat_id, "reason": reason}
        if _reviewer_clashes(session, to_seat_id, outcome.reviewer_seat_id):
            # The new owner cannot review itself: fall back to the owner's manager (no named reviewer).
            payload["reviewer_cleared"] = outcome.reviewer_seat_id
            outcome.reviewer_seat_id = None
        record(session, actor, "outcome.owner_changed", "outcome", outcome.id, payload)
    for outcome in _rows(session, Outcome, Outcome.reviewer_seat_id, org_id, seat_id):
        new = None if _reviewer_clashes(session, outcome.owner_seat_id, to_seat_id) else to_seat_id
        outcome.reviewer_seat_id = new
        record(session, actor, "outcome.updated", "outcome", outcome.id,
               {"reviewer_seat_id": new, "from_reviewer_seat_id": seat_id, "reason": reason})
    for issue in _rows(session, Issue, Issue.owner_seat_id, org_id, seat_id):
        issue.owner_seat_id = to_seat_id
        record(session, actor, "issue.updated", "issue", issue.id,
               {"owner_seat_id": to_seat_id, "from_owner_seat_id": seat_id, "reason": reason})
    for todo in _rows(session, Todo, Todo.owner_seat_id, org_id, seat_id):
        todo.owner_seat_id = to_seat_id
        record(session, actor, "todo.assigned", "todo", todo.id,
               {"from_seat_id": seat_id, "to_seat_id": to_seat_id, "reason": reason})
    session.flush()
