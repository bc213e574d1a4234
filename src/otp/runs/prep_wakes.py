"""Meeting prep due wakes the agents that owe it.

A meeting asks each attendee seat's holder for prep once it is within the prep window
(otp.meetings.prep.REQUEST_WINDOW, the same window the briefing and the home page use). An agent
that OTP runs (command or http) and holds such a seat is woken once per meeting, when the window
opens for it, so its prep is in before the meeting — not on every scan and not after it has
prepared. The (meeting, agent) row in run_prep_wakes is the claim: two workers scanning at once
insert it once, and only the one that inserted it queues the wake.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.core.db import Database
from otp.meetings.models import Meeting, MeetingPrep, MeetingSeries
from otp.meetings.prep import REQUEST_WINDOW
from otp.org.models import Seat
from otp.runs.models import AgentRuntime, PrepWake
from otp.runs.queue import wake
from otp.runs.wakes import WAKING


def scan(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    """Wake the agents whose meeting prep has come due. Returns how many wakes were queued."""
    with db.read() as s:
        due = _due(s, now, org_id)
    woken = 0
    for meeting_id, org, agent_id, adapter, seat_id, starts in due:
        with db.write() as s:
            try:
                with s.begin_nested():
                    s.add(PrepWake(meeting_id=meeting_id, agent_id=agent_id, org_id=org, woken_at=now))
                    s.flush()
            except IntegrityError:
                continue  # already woken for this meeting (by this scan earlier, or another worker)
            wake(s, org, agent_id, "meeting_prep", adapter=adapter,
                 detail={"meeting_id": meeting_id, "seat_id": seat_id, "starts_at": starts.isoformat()})
            woken += 1
    return woken


def _due(session: Session, now: datetime, org_id: str | None) -> list[tuple]:
    """(meeting, org, agent, adapter, seat, starts) for every agent OTP runs that holds an attendee
    seat of a meeting in the prep window, has not prepared for it and has not been woken for it."""
    runtimes = select(AgentRuntime.agent_id, AgentRuntime.org_id, AgentRuntime.adapter).where(
        AgentRuntime.adapter.in_(WAKING))
    if org_id is not None:
        runtimes = runtimes.where(AgentRuntime.org_id == org_id)
    adapters = {agent: (org, adapter) for agent, org, adapter in session.execute(runtimes).all()}
    if not adapters:
        return []
    orgs = sorted({org for org, _ in adapters.values()})
    meetings = session.execute(
        select(Meeting.id, Meeting.org_id, Meeting.scheduled_at, MeetingSeries.attendee_seat_ids)
        .join(MeetingSeries, MeetingSeries.id == Meeting.series_id)
        .where(Meeting.org_id.in_(orgs), Meeting.state == "scheduled", MeetingSeries.active.is_(True),
               Meeting.scheduled_at >= now, Meeting.scheduled_at <= now + REQUEST_WINDOW)).all()
    if not meetings:
        return []
    seats = {seat for *_, attendees in meetings for seat in (attendees or [])}
    holders = dict(session.execute(select(Seat.id, Seat.occupant_agent_id).where(
        Seat.id.in_(seats), Seat.occupant_agent_id.in_(list(adapters)))).all())
    ids = [m.id for m in meetings]
    prepared = set(session.execute(select(MeetingPrep.meeting_id, MeetingPrep.seat_id)
                                   .where(MeetingPrep.meeting_id.in_(ids))).all())
    woken = set(session.execute(select(PrepWake.meeting_id, PrepWake.agent_id)
                                .where(PrepWake.meeting_id.in_(ids))).all())
    due = []
    for meeting_id, org, starts, attendees in meetings:
        for seat_id in attendees or []:
            agent_id = holders.get(seat_id)
            if agent_id is None or (meeting_id, seat_id) in prepared or (meeting_id, agent_id) in woken:
                continue
            woken.add((meeting_id, agent_id))  # an agent holding two attendee seats is woken once
            due.append((meeting_id, org, agent_id, adapters[agent_id][1], seat_id, starts))
    return due
