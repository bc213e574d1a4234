"""The meeting's item log (marks, to-dos ticked or created, issues worked): one row per
(meeting, kind, entity); writing again replaces the row's data."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core.ids import new_id
from otp.meetings.models import MeetingItem


def put(session: Session, actor: Actor, meeting_id: str, kind: str, entity_type: str, entity_id: str,
        data: dict) -> MeetingItem:
    row = session.execute(select(MeetingItem).where(MeetingItem.meeting_id == meeting_id, MeetingItem.kind == kind,
                                                     MeetingItem.entity_id == entity_id)).scalar_one_or_none()
    if row is None:
        row = MeetingItem(id=new_id("mitm"), org_id=actor.org_id, meeting_id=meeting_id, kind=kind,
                          entity_type=entity_type, entity_id=entity_id, data=data, by_kind=actor.kind,
                          by_id=actor.id)
        session.add(row)
    else:
        row.data, row.by_kind, row.by_id = data, actor.kind, actor.id
    session.flush()
    return row


def of(session: Session, meeting_id: str, kind: str | None = None) -> list[MeetingItem]:
    q = select(MeetingItem).where(MeetingItem.meeting_id == meeting_id)
    if kind is not None:
        q = q.where(MeetingItem.kind == kind)
    return list(session.execute(q.order_by(MeetingItem.created_at, MeetingItem.id)).scalars())
