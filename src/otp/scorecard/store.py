"""Writing one entry: insert, or replace and keep the replaced version as a revision."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.scorecard.models import Entry, EntryRevision, Measurable


def put(session: Session, actor: Actor, m: Measurable, period: date, value: float | None, *, source: str,
        note: str = "") -> tuple[Entry, bool, float | None]:
    """Returns (entry, changed, previous value). Writing what is already there changes nothing."""
    entry = session.execute(select(Entry).where(Entry.measurable_id == m.id, Entry.period_start == period)
                            ).scalar_one_or_none()
    if entry is None:
        entry = Entry(org_id=m.org_id, measurable_id=m.id, period_start=period, value=value, source=source,
                      entered_by_kind=actor.kind, entered_by_id=actor.id, note=note, version=1,
                      entered_at=clock.now())
        session.add(entry)
        session.flush()
        return entry, True, None
    previous = entry.value
    if previous == value and entry.note == note and entry.source == source:
        return entry, False, previous
    session.add(EntryRevision(org_id=entry.org_id, measurable_id=entry.measurable_id, period_start=period,
                              version=entry.version, value=entry.value, source=entry.source,
                              entered_by_kind=entry.entered_by_kind, entered_by_id=entry.entered_by_id,
                              note=entry.note, entered_at=entry.entered_at, replaced_at=clock.now()))
    entry.value, entry.source, entry.note = value, source, note
    entry.entered_by_kind, entry.entered_by_id = actor.kind, actor.id
    entry.version += 1
    entry.entered_at = clock.now()
    session.flush()
    return entry, True, previous
