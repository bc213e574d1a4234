"""Brightline's leadership weekly (Monday 09:00 America/New_York), five people and two agents at
the table: last week's meeting run end to end through the real services (minutes, ratings,
inbox items), and this week's scheduled with Relay's prep already in.

Last week happened last week: the clock is set back while it runs, then restored, so its times,
to-dos' due dates and the next meeting's date are what a real team would have."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select

from otp.auth.tokens import agent_actor, person_actor
from otp.core import clock
from otp.meetings import actions, ending, ids, prep, recurrence, runner, series
from otp.org.models import Seat
from otp.scorecard.models import Measurable
from otp.work.models import Issue, Outcome

ATTENDEES = ["ceo", "coo", "client", "delivery", "finance", "content_lead", "paid"]
RATINGS = {"ceo": 9, "coo": 8, "client": 9, "delivery": 7, "finance": 8, "content_lead": 9, "paid": 8}


@contextmanager
def _at(moment):
    """Run with the clock frozen at `moment`, then put the clock back exactly as it was."""
    saved = (clock._frozen, clock._offset)  # noqa: SLF001 - the demo rewinds time on purpose
    clock.freeze(moment)
    try:
        yield
    finally:
        clock._frozen, clock._offset = saved  # noqa: SLF001


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    now = clock.now()
    tz = org.timezone
    nine = recurrence.parse_time("time_of_day", "09:00")
    upcoming = recurrence.next_occurrence(now, 0, nine, tz)
    last = recurrence.local_at(upcoming.astimezone(recurrence.ZoneInfo(tz)).date() - timedelta(days=7), nine, tz)
    daniel = person_actor(session, person_ids["daniel"], org.id)
    relay = agent_actor(session, agent_ids["relay"])
    key = _keys(session, org.id)
    with _at(last - timedelta(days=1)):
        weekly = series.create_series(session, daniel, team="Leadership team", weekday=0, time_of_day="09:00",
                                      timezone=tz, attendee_seat_ids=[seat_ids[k] for k in ATTENDEES])
        past = series.scheduled_of(session, weekly.id)
        prep.submit_prep(session, relay, meeting_id=past.id,
                         measurables=[{"measurable_id": key["articles"], "value": 9}],
                         headlines=[{"kind": "customer", "text": "Kettle & Co asked for a second content package"}])
    _run_last_week(session, daniel, past.id, last, now, key, seat_ids)
    following = series.scheduled_of(session, weekly.id)
    prep.submit_prep(session, relay, meeting_id=following.id,
                     measurables=[{"measurable_id": key["articles"], "value": 10}],
                     headlines=[{"kind": "employee", "text": "Quill's long-form drafts now pass QA first time"}],
                     issues=[{"title": "Two clients want video content we cannot produce yet",
                              "details": "Harbor Dental and Acme asked this week; we have no video seat."}])


def _holder_actor(session, seat_id: str):
    seat = session.get(Seat, seat_id)
    if seat.occupant_person_id:
        return person_actor(session, seat.occupant_person_id, seat.org_id)
    return agent_actor(session, seat.occupant_agent_id)


def _keys(session, org_id: str) -> dict:
    return dict(session.execute(select(Measurable.key, Measurable.id).where(Measurable.org_id == org_id)).all())


def _run_last_week(session, daniel, meeting_id, start, now, key, seat_ids) -> None:
    # The meeting fits before now, whatever day the demo is created on.
    scale = max(min((now - start - timedelta(minutes=2)) / timedelta(minutes=90), 0.95), 0)
    agenda_minutes = [5, 5, 5, 5, 5, 60, 5]
    cpa_rock = session.execute(select(Outcome.id).where(Outcome.org_id == daniel.org_id,
                                                        Outcome.title.like("Bring paid-media%"))).scalar_one()
    onboarding = session.execute(select(Issue.id).where(Issue.org_id == daniel.org_id,
                                                        Issue.title == "Onboarding checklist is out of date")
                                 ).scalar_one()
    with _at(start + timedelta(minutes=1)):
        runner.start_meeting(session, daniel, meeting_id=meeting_id)
        for segment, minutes in enumerate(agenda_minutes[:-1]):
            if segment == 1:
                actions.mark(session, daniel, meeting_id=meeting_id, entity_type="measurable",
                             entity_id=key["cpa"], status="off_track", reason="Up four weeks running")
            if segment == 2:
                actions.mark(session, daniel, meeting_id=meeting_id, entity_type="rock", entity_id=cpa_rock,
                             status="off_track", reason="CPA rising since the platform's auction change")
            if segment == 5:
                ids.ids_issue(session, daniel, meeting_id=meeting_id, issue_id=onboarding,
                              notes="New clients get last year's checklist; two onboarding calls went long.",
                              solution="Priya rewrites the checklist; Atlas sends it with every welcome email",
                              todos=[{"title": "Rewrite the onboarding checklist", "owner_seat_id": seat_ids["client"]},
                                     {"title": "Attach the checklist to welcome emails",
                                      "owner_seat_id": seat_ids["coordinator"]}])
            clock.advance(timedelta(minutes=minutes) * scale)
            runner.advance(session, daniel, meeting_id=meeting_id, from_segment=segment)
        actions.post_message(session, daniel, meeting_id=meeting_id,
                             text="Paid media pauses two underperforming campaigns this week; "
                                  "tell clients before Friday.")
        for seat, score in RATINGS.items():  # each seat's holder rates for it
            actions.rate(session, _holder_actor(session, seat_ids[seat]), meeting_id=meeting_id,
                         seat_id=seat_ids[seat], score=score)
        clock.advance(timedelta(minutes=4) * scale)
        ending.end_meeting(session, daniel, meeting_id=meeting_id)
