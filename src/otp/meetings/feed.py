"""The secret calendar feed of a series: a URL calendar apps subscribe to without signing in.

Calendar clients can send neither a bearer token nor a session cookie, so the URL itself is the
credential: a random 256-bit token per series, compared in constant time. Members see it on the
meetings page; rotating it (a governed action, with its event) makes the old URL stop working.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Invalid
from otp.events.models import Event
from otp.events.service import record
from otp.meetings.common import gate, get_series
from otp.meetings.models import Meeting, MeetingSeries

TOKEN_BYTES = 32
MAX_TOKEN = 100
HISTORY = timedelta(days=730)  # past meetings a subscriber keeps seeing


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def feed_path(series: MeetingSeries) -> str | None:
    """The feed's path (the page adds the host); None for a stopped series."""
    if not series.active or not series.feed_token:
        return None
    return f"/meetings/series/{series.id}/calendar/{series.feed_token}.ics"


def rotate_feed(session: Session, actor: Actor, *, series_id: str) -> MeetingSeries:
    """A new secret feed URL for the series; the old one stops working at once."""
    row = get_series(session, actor, series_id, lock=True)
    if not row.active:
        raise Invalid("this series was deleted", field="series_id")
    gate(session, actor, "series.feed_rotate", {"series_id": row.id})
    row.feed_token = new_token()
    session.flush()
    record(session, actor, "meeting_series.feed_rotated", "meeting_series", row.id, {})  # never the token
    return row


def calendar_of(session: Session, series: MeetingSeries) -> str:
    """The .ics text: the series' meetings of the last two years (cancelled and moved ones as
    such) and the weekly rule from the first of them on."""
    from otp.meetings import ics
    from otp.meetings.series import next_time, scheduled_of
    pending = scheduled_of(session, series.id)
    first = pending.scheduled_at if pending else next_time(series, series.created_at)
    since = clock.now() - HISTORY
    held = [ics.Occurrence(m.id, m.scheduled_at, m.state == "cancelled", m.cancel_reason)
            for m in session.execute(select(Meeting).where(Meeting.series_id == series.id,
                                                           Meeting.scheduled_at >= since)
                                     .order_by(Meeting.scheduled_at, Meeting.id)).scalars()]
    changes = session.execute(select(func.count()).select_from(Event).where(
        Event.org_id == series.org_id, Event.entity_type == "meeting_series", Event.entity_id == series.id,
        Event.action == "meeting_series.updated")).scalar_one()
    return ics.calendar(series, first, held, changes)


def series_for_feed(session: Session, series_id: str, token: str) -> MeetingSeries | None:
    """The active series whose feed token is `token`, else None (whatever was wrong: one answer)."""
    if not isinstance(series_id, str) or len(series_id) > 40 or not isinstance(token, str) or len(token) > MAX_TOKEN:
        return None
    row = session.execute(select(MeetingSeries).where(MeetingSeries.id == series_id)).scalar_one_or_none()
    if row is None or not row.active or not row.feed_token:
        return None
    return row if hmac.compare_digest(row.feed_token.encode(), token.encode()) else None
