"""Keeping the entries current in the transaction of each write, with no code in any service.

A flush hook on every Session: after the ORM has written its rows (after_flush, while the
session still lists what it inserted, changed and deleted), the entries of the indexed objects
are upserted or dropped on the same connection. A write that rolls back takes its entries with it.

Rows a service inserts with a prepared Core statement, past the flush, are announced to
`_index_inserted` (otp.core.inserted) and indexed the same way.

What this does not see, and why that is fine today:
- core UPDATE/DELETE statements bypass the ORM. The ones on indexed tables touch no indexed column
  (meetings' state/version/current segment in otp.meetings.ending/runner/skipping/common; to-dos'
  stale_flagged_at in otp.work.stale), so their entries stay right. A new core write to an
  indexed column must call otp.search.store itself.
- rows the database deletes by cascade: an organization (its entries cascade too); a seat's SOPs
  and a series' meetings, whose entries are dropped here before the cascade (before_flush), while
  the rows that name them still exist.
"""
from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from otp.core import inserted
from otp.meetings.models import Meeting, MeetingSeries
from otp.org.models import Membership, Person, Seat
from otp.search import store
from otp.search.documents import FOLLOWERS, INDEXED
from otp.sops.models import Sop


def _changed(obj, fields: frozenset[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[f].history.has_changes() for f in fields)


@inserted.listen
def _index_inserted(session: Session, objects: list) -> None:
    """Rows a service inserted past the flush (otp.core.inserted): indexed as `_after_flush` would."""
    _write_entries(session.connection(),
                   [(spec[0], obj) for obj in objects if (spec := INDEXED.get(type(obj))) is not None])


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    cascaded: list = []
    for obj in session.deleted:
        if isinstance(obj, Seat):
            cascaded.append(select(Sop.id).where(Sop.seat_id == obj.id))
        elif isinstance(obj, MeetingSeries):
            cascaded.append(select(Meeting.id).where(Meeting.series_id == obj.id))
    if cascaded:
        conn = session.connection()
        for query in cascaded:
            store.drop(conn, conn.execute(query).scalars())


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    docs, gone, people, series = [], [], [], []
    for obj in session.new:
        spec = INDEXED.get(type(obj))
        if spec is not None:
            docs.append((spec[0], obj))
    for obj in session.dirty:
        spec = INDEXED.get(type(obj))
        if spec is not None and _changed(obj, spec[1]):
            docs.append((spec[0], obj))
        elif type(obj) in FOLLOWERS and _changed(obj, FOLLOWERS[type(obj)]):
            (people if isinstance(obj, Person) else series).append(obj)
    for obj in session.deleted:
        if isinstance(obj, Membership):
            gone.append((obj.org_id, obj.person_id))
        elif isinstance(obj, Person):
            gone.append((None, obj.id))
        elif type(obj) in INDEXED:
            gone.append((obj.org_id, obj.id))
    if not (docs or gone or people or series):
        return
    conn = session.connection()
    for org_id, ref_id in gone:
        store.drop(conn, [ref_id], org_id)
    for person in people:
        store.retitle_person(conn, person.id, person.name, person.email)
    for s in series:
        meetings = conn.execute(select(Meeting).where(Meeting.series_id == s.id, Meeting.minutes.is_not(None)))
        docs += [(INDEXED[Meeting][0], row) for row in meetings]
    _write_entries(conn, docs)


def _write_entries(conn, docs: list) -> None:
    """Upsert the entry of each (document, object); drop it where the document says there is
    none to show (None)."""
    written, dropped = [], []
    for document, obj in docs:
        doc = document(conn, obj)
        if doc is not None:
            written.append(doc)
        else:
            dropped.append((obj.org_id, obj.person_id if isinstance(obj, Membership) else obj.id))
    for org_id, ref_id in dropped:
        store.drop(conn, [ref_id], org_id)
    store.upsert(conn, written)
