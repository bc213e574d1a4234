"""A seat's health as the chart diagram shows it on the seat's box: its rocks that are off track,
its numbers that are off target now, and the escalations waiting on it.

Three grouped queries per slice, whatever its size. This reads the domains built on top of the chart (work, scorecard,
governance), so it sits above them (otp.chart_health), never in otp.org; only the chart's faces call it."""
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
    """Set seat["health"] on every seat dict of `seats` (in place); returns `seats`.

    Each count is read for the whole organization and picked out for these seats: off-track
    rocks, off-target numbers and open escalations are few even in a big organization, far
    fewer than the seats of a slice, so this beats binding hundreds of seat ids."""
    counts: dict[str, dict[str, int]] = {}

    def count(kind: str, rows) -> None:
        for seat_id, n in rows:
            if seat_id is not None:
                counts.setdefault(seat_id, dict(EMPTY))[kind] = int(n)

    count("off_track_rocks", session.execute(
        select(Outcome.owner_seat_id, func.count()).where(
            Outcome.org_id == org_id, Outcome.kind == "rock", Outcome.status == "off_track"
        ).group_by(Outcome.owner_seat_id)))
    count("open_escalations", session.execute(
        select(Escalation.holder_seat_id, func.count()).where(
            Escalation.org_id == org_id, Escalation.state == "open"
        ).group_by(Escalation.holder_seat_id)))
    # Off target now: the measurable's latest values since its last on-target one (the drift rule).
    off = [m_id for m_id, _, _ in episodes(session, org_id)]
    if off:
        owners: dict[str, int] = {}
        for seat_id, in _in_chunks(session.connection(), select(Measurable.owner_seat_id).where(
                Measurable.org_id == org_id, Measurable.archived_at.is_(None)), Measurable.id, off):
            owners[seat_id] = owners.get(seat_id, 0) + 1
        count("off_target_numbers", owners.items())
    for seat in seats:
        seat["health"] = counts.get(seat["id"], dict(EMPTY))
    return seats
