"""The hook the agent briefing calls (otp.agentface.briefing): meeting prep asked of this actor,
as plain JSON (times as ISO text), with the tool and endpoint that answer it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.meetings.prep import prep_requests


def prep_requested(session: Session, actor: Actor, seat_ids: list[str] | None = None) -> list[dict]:
    """Meetings in the next 48 hours where the actor holds an attendee seat (limited to `seat_ids`
    when given) and has not prepared yet."""
    out = []
    for item in prep_requests(session, actor):
        seats = [s for s in item["seat_ids"] if seat_ids is None or s in seat_ids]
        if seats:
            out.append({"meeting_id": item["meeting_id"], "series_id": item["series_id"], "title": item["title"],
                        "starts_at": item["starts_at_iso"], "seat_ids": seats, "tool": "submit_meeting_prep",
                        "endpoint": item["api"]})
    return out
