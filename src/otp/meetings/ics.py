"""The iCalendar (RFC 5545) feed of a series: one VEVENT with a weekly RRULE, its start in the
series' own timezone (TZID) and a VTIMEZONE spelling out that zone's offset changes, so every
calendar keeps the meeting at the same local time across daylight-saving changes.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from otp.core import clock
from otp.meetings import agenda as agendas
from otp.meetings import recurrence
from otp.meetings.common import title_of
from otp.meetings.models import MeetingSeries

PRODID = "-//OTP//Meetings//EN"
YEARS = 3  # VTIMEZONE transitions listed one by one from the first occurrence's year on
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HORIZON = 30  # years after those, checked against the zone: a yearly rule holding for all repeats


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space."""
    raw, out, limit = line.encode("utf-8"), [], 75
    while len(raw) > limit:
        cut = limit
        while cut > 0 and (raw[cut] & 0xC0) == 0x80:  # do not split a multi-byte character
            cut -= 1
        out.append(raw[:cut])
        raw, limit = raw[cut:], 74  # continuation lines start with a space
    out.append(raw)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


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


def calendar(series: MeetingSeries, first: datetime) -> str:
    """The feed; `first` is the first occurrence to show (the scheduled instance)."""
    zone = ZoneInfo(series.timezone)
    local = first.astimezone(zone)
    end = local + timedelta(minutes=agendas.total_minutes(series.agenda))
    description = (recurrence.describe(series.weekday, series.time_of_day, series.timezone) + "\n\nAgenda:\n"
                   + agendas.summary(series.agenda))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             *vtimezone(series.timezone, local.year - 1),  # from the year before: DTSTART is covered
             "BEGIN:VEVENT", f"UID:{series.id}@otp", f"DTSTAMP:{_utc(clock.now())}",
             f"DTSTART;TZID={series.timezone}:{local:%Y%m%dT%H%M%S}",
             f"DTEND;TZID={series.timezone}:{end:%Y%m%dT%H%M%S}",
             f"RRULE:FREQ=WEEKLY;BYDAY={recurrence.ICAL_DAYS[series.weekday]}",
             f"SUMMARY:{escape(title_of(series))}", f"DESCRIPTION:{escape(description)}",
             "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
