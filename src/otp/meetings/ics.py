"""The iCalendar (RFC 5545) feed of a series: a VEVENT with a weekly RRULE from the series'
first meeting, its start in the series' own timezone (TZID) and a VTIMEZONE spelling out that
zone's offset changes (yearly rules where the zone has them, so the feed stays right past 2038),
so every calendar keeps the meeting at the same local time across daylight-saving changes;
cancelled and moved meetings as the standard says (see `calendar`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from otp.core import clock
from otp.meetings import agenda as agendas
from otp.meetings import recurrence
from otp.meetings.common import title_of
from otp.meetings.models import MeetingSeries

PRODID = "-//OTP//Meetings//EN"
YEARS = 3  # VTIMEZONE transitions listed one by one from the first occurrence's year on
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HORIZON = 30  # years after those, checked against the zone: a yearly rule holding for all repeats


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@lru_cache(maxsize=256)
def transitions(tz: str, start_year: int, years: int = YEARS) -> tuple[tuple[datetime, timedelta, timedelta, bool], ...]:
    """(UTC instant, offset before, offset after, is_dst after) of each change in the years given."""
    zone = ZoneInfo(tz)
    moment = datetime(start_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(start_year + years, 1, 1, tzinfo=timezone.utc)
    out = []
    step = timedelta(hours=6)
    while moment < end:
        nxt = moment + step
        before, after = moment.astimezone(zone).utcoffset(), nxt.astimezone(zone).utcoffset()
        if before != after:
            low, high = moment, nxt  # bisect to the minute
            while high - low > timedelta(minutes=1):
                mid = low + (high - low) / 2
                if mid.astimezone(zone).utcoffset() == before:
                    low = mid
                else:
                    high = mid
            high = high.replace(second=0, microsecond=0)
            out.append((high, before, after, bool(high.astimezone(zone).dst())))
        moment = nxt
    return tuple(out)


def _shape(instant: datetime, before: timedelta, after: timedelta, dst: bool) -> tuple:
    """What a yearly rule must repeat: month, weekday, wall time and offsets (not the day)."""
    local = instant + before
    return (local.month, local.weekday(), local.time(), before, after, dst)


def _byday(local: datetime, days: list[datetime]) -> str | None:
    """The RRULE BYDAY (e.g. 2SU, -1SU) that picks every day in `days` in its own year, if one does."""
    nths = {(d.day - 1) // 7 + 1 for d in days}
    lasts = {d.month == (d + timedelta(days=7)).month for d in days}  # True: not in the last week
    if len(nths) == 1 and next(iter(nths)) <= 4:
        return f"{next(iter(nths))}{_DAYS[local.weekday()]}"
    if lasts == {False}:
        return f"-1{_DAYS[local.weekday()]}"
    return None


def yearly_rules(tz: str, from_year: int) -> list[tuple[datetime, timedelta, timedelta, bool, str]] | None:
    """The zone's changes from `from_year` on as yearly rules (first instant, offsets, dst, RRULE),
    when each change falls on the same month, weekday-of-month and wall time in every year up to
    the horizon (as tzdata's own rule for the future does); [] for a zone without changes from then
    on; None when the changes are irregular (the caller lists them one by one instead)."""
    changes = transitions(tz, from_year, HORIZON)
    if not changes:
        return []
    shapes: dict[tuple, list[tuple]] = {}
    for change in changes:
        shapes.setdefault(_shape(*change), []).append(change)
    years = {c[0].year for c in changes}
    rules = []
    for shape, group in shapes.items():
        locals_ = [c[0] + c[1] for c in group]
        if len(group) != HORIZON or {d.year for d in locals_} != set(range(from_year, from_year + HORIZON)):
            return None
        byday = _byday(locals_[0], locals_)
        if byday is None:
            return None
        first = group[0]
        rules.append((*first, f"FREQ=YEARLY;BYMONTH={shape[0]};BYDAY={byday}"))
    return rules if len(years) == HORIZON else None


def _observance(instant: datetime, before: timedelta, after: timedelta, dst: bool, zone: ZoneInfo,
                rrule: str | None = None) -> list[str]:
    kind = "DAYLIGHT" if dst else "STANDARD"
    local = (instant + before).replace(tzinfo=None)  # DTSTART is local time before the change
    return [f"BEGIN:{kind}", f"DTSTART:{local:%Y%m%dT%H%M%S}", *([f"RRULE:{rrule}"] if rrule else []),
            f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{(instant + timedelta(minutes=1)).astimezone(zone).tzname()}", f"END:{kind}"]


def vtimezone(tz: str, start_year: int) -> list[str]:
    """The zone's changes from `start_year`: the first YEARS one by one, then (the weekly RRULE
    never ends) yearly RRULE observances when the zone's rule is regular, else every change up to
    the horizon."""
    zone = ZoneInfo(tz)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tz}"]
    changes = list(transitions(tz, start_year))
    rules = yearly_rules(tz, start_year + YEARS)
    if rules is None:
        changes += transitions(tz, start_year + YEARS, HORIZON)
        rules = []
    if not changes and not rules:  # a zone without changes: one STANDARD observance
        offset = datetime(start_year, 1, 1, tzinfo=zone).utcoffset()
        return lines + ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{_offset(offset)}",
                        f"TZOFFSETTO:{_offset(offset)}", "END:STANDARD", "END:VTIMEZONE"]
    for instant, before, after, dst in changes:
        lines += _observance(instant, before, after, dst, zone)
    for instant, before, after, dst, rrule in rules:
        lines += _observance(instant, before, after, dst, zone, rrule)
    return lines + ["END:VTIMEZONE"]


@dataclass(frozen=True)
class Occurrence:
    """One meeting of the series as the calendar shows it."""
    id: str
    at: datetime  # when it was (or is) held, UTC
    cancelled: bool
    cancel_reason: str | None = None


def calendar(series: MeetingSeries, first: datetime, held: list[Occurrence], sequence: int) -> str:
    """The feed, written with the `icalendar` package.

    The weekly rule starts at the series' first meeting (`held`, oldest first; `first` when there
    is none yet), so subscribers keep every past occurrence. Each meeting is matched to the
    rule's occurrence of its week:
    - held at another time than the rule says (the series was moved since): a RECURRENCE-ID
      override carrying the real time;
    - cancelled: an EXDATE, which every client understands as "not this week", plus a VEVENT of
      its own with STATUS:CANCELLED for clients that show cancelled meetings (an EXDATE alone
      would erase the occurrence from the history, as if it had never been planned);
    - a second meeting in the same week: a VEVENT of its own.
    SEQUENCE counts the series' changes, so clients replace what they cached."""
    zone = ZoneInfo(series.timezone)
    minutes = agendas.total_minutes(series.agenda)
    title = title_of(series)
    description = (recurrence.describe(series.weekday, series.time_of_day, series.timezone) + "\n\nAgenda:\n"
                   + agendas.summary(series.agenda))
    at = recurrence.parse_time("time_of_day", series.time_of_day)
    start = _rule_occurrence(held[0].at if held else first, series.weekday, at, zone)
    stamp = clock.now()

    cal = icalendar.Calendar()
    for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH")):
        cal.add(key, value)
    cal.add_component(icalendar.Timezone.from_ical(
        "\r\n".join(vtimezone(series.timezone, start.year - 1))))  # from the year before DTSTART

    def event(uid: str, begins: datetime, seq: int, summary: str = title) -> icalendar.Event:
        ev = icalendar.Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", begins.astimezone(zone))
        ev.add("dtend", begins.astimezone(zone) + timedelta(minutes=minutes))
        ev.add("sequence", seq)
        ev.add("summary", summary)
        ev.add("description", description)
        return ev

    master = event(f"{series.id}@otp", start, sequence)
    master.add("rrule", {"freq": "weekly", "byday": recurrence.ICAL_DAYS[series.weekday]})
    extra: list[icalendar.Event] = []
    taken: set[datetime] = set()
    for meeting in held:
        slot = _rule_occurrence(meeting.at, series.weekday, at, zone)
        if slot in taken or slot < start:
            extra.append(_on_its_own(event, meeting, sequence))
            continue
        taken.add(slot)
        if meeting.cancelled:
            master.add("exdate", slot)
            extra.append(_on_its_own(event, meeting, sequence))
        elif meeting.at != slot:
            moved = event(f"{series.id}@otp", meeting.at, sequence)
            moved.add("recurrence-id", slot)
            extra.append(moved)
    cal.add_component(master)
    for component in extra:
        cal.add_component(component)
    return cal.to_ical().decode("utf-8")


def _on_its_own(event, meeting: Occurrence, sequence: int) -> icalendar.Event:
    if not meeting.cancelled:
        return event(f"{meeting.id}@otp", meeting.at, sequence)
    ev = event(f"{meeting.id}@otp", meeting.at, sequence + 1)  # one revision after the plan
    ev.add("status", "CANCELLED")
    if meeting.cancel_reason:
        ev["description"] = icalendar.vText(f"Cancelled: {meeting.cancel_reason}")
    return ev


def _rule_occurrence(moment: datetime, weekday: int, at, zone: ZoneInfo) -> datetime:
    """The rule's occurrence in the (Monday-based, local) week of `moment`, in UTC."""
    local = moment.astimezone(zone)
    day = local.date() - timedelta(days=local.weekday()) + timedelta(days=weekday)
    return recurrence.local_at(day, at, zone.key).astimezone(timezone.utc)
