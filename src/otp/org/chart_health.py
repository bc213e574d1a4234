"""A seat's health as the chart diagram shows it on the seat's box: its rocks that are off track,
its numbers that are off target now, and the escalations waiting on it.

Counted for the seats of one chart slice only (a few hundred, never the whole organization), in
three grouped queries. This reads the domains built on top of the chart (work, scorecard,
governance); only the chart's faces call it, the chart's rules never do."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.governance.models import Escalation
from otp.org.chart_read import _in_chunks
from otp.scorecard.drift import episodes
from otp.scorecard.models import Measurable
from otp.work.models import Outcome

EMPTY = {"off_track_rocks": 0, "off_target_numbers": 0, "open_escalations": 0}


def add_health(session: Session, org_id: str, seats: list[dict]) -> list[dict]:
    """Set seat["health"] on every seat dict of `seats` (in place); returns `seats`."""
    ids = [s["id"] for s in seats]
    counts: dict[str, dict[str, int]] = {}

    def count(kind: str, rows) -> None:
        for seat_id, n in rows:
            counts.setdefault(seat_id, dict(EMPTY))[kind] = int(n)

    conn = session.connection()
    count("off_track_rocks", _in_chunks(
        conn, select(Outcome.owner_seat_id, func.count()).where(
            Outcome.org_id == org_id, Outcome.kind == "rock", Outcome.status == "off_track"
        ).group_by(Outcome.owner_seat_id), Outcome.owner_seat_id, ids))
    count("open_escalations", _in_chunks(
        conn, select(Escalation.holder_seat_id, func.count()).where(
            Escalation.org_id == org_id, Escalation.state == "open"
        ).group_by(Escalation.holder_seat_id), Escalation.holder_seat_id, ids))
    # Off target now: the measurable's latest values since its last on-target one (the drift rule).
    off = [m_id for m_id, _, _ in episodes(session, org_id)]
    if off:
        wanted = set(ids)
        owners: dict[str, int] = {}
        for seat_id, in _in_chunks(conn, select(Measurable.owner_seat_id).where(
                Measurable.org_id == org_id, Measurable.archived_at.is_(None)), Measurable.id, off):
            if seat_id in wanted:
                owners[seat_id] = owners.get(seat_id, 0) + 1
        count("off_target_numbers", owners.items())
    for seat in seats:
        seat["health"] = counts.get(seat["id"], dict(EMPTY))
    return seats
