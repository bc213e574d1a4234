"""The iCalendar (RFC 5545) feed of a series: one VEVENT with a weekly RRULE, its start in the
series' own timezone (TZID) and a VTIMEZONE spelling out that zone's offset changes, so every
calendar keeps the meeting at the same local time across daylight-saving changes.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from otp.core import clock
from otp.meetings import agenda as agendas
from otp.meetings import recurrence
from otp.meetings.common import title_of
from otp.meetings.models import MeetingSeries

PRODID = "-//OTP//Meetings//EN"
YEARS = 3  # VTIMEZONE transitions listed from the first occurrence's year on


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


def transitions(tz: str, start_year: int, years: int = YEARS) -> list[tuple[datetime, timedelta, timedelta, bool]]:
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
    return out


def vtimezone(tz: str, start_year: int) -> list[str]:
    zone = ZoneInfo(tz)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tz}"]
    changes = transitions(tz, start_year)
    if not changes:  # a zone without changes: one STANDARD observance
        offset = datetime(start_year, 1, 1, tzinfo=zone).utcoffset()
        return lines + ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{_offset(offset)}",
                        f"TZOFFSETTO:{_offset(offset)}", "END:STANDARD", "END:VTIMEZONE"]
    for instant, before, after, dst in changes:
        kind = "DAYLIGHT" if dst else "STANDARD"
        local = (instant + before).replace(tzinfo=None)  # DTSTART is local time before the change
        lines += [f"BEGIN:{kind}", f"DTSTART:{local:%Y%m%dT%H%M%S}", f"TZOFFSETFROM:{_offset(before)}",
                  f"TZOFFSETTO:{_offset(after)}",
                  f"TZNAME:{(instant + timedelta(minutes=1)).astimezone(zone).tzname()}",
                  f"END:{kind}"]
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
