"""The minutes: a readable Markdown summary written when the meeting ends."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.meetings import items
from otp.meetings.actions import average, ratings
from otp.meetings.common import holder, title_of
from otp.meetings.models import Meeting, MeetingMessage, MeetingPrep, MeetingSeries
from otp.org.models import Agent, Person, Seat
from otp.work.models import Headline, Todo

STATUS = {"on_track": "on track", "off_track": "OFF TRACK", "not_started": "not started", "done": "done",
          "done_pending_review": "done, awaiting review", "dropped": "dropped"}


def _who(session: Session, kind: str | None, actor_id: str | None) -> str:
    if kind == "person":
        person = session.get(Person, actor_id)
        return person.name if person else "a former member"
    if kind == "agent":
        agent = session.get(Agent, actor_id)
        return f"{agent.name} (agent)" if agent else "an agent"
    return "OTP"


def _seat(session: Session, seat_id: str) -> str:
    seat = session.get(Seat, seat_id)
    occupant = holder(session, seat_id)
    name = occupant["name"] + (" (agent)" if occupant["kind"] == "agent" else "") if occupant else "vacant"
    return f"{seat.title if seat else '(deleted seat)'} — {name}"


def _target(row: dict) -> str:
    if row["comparator"] == "between":
        return f"between {row['target']:g} and {row['target_max']:g}"
    return f"{row['comparator']} {row['target']:g}"


def write(session: Session, meeting: Meeting) -> str:
    series = session.get(MeetingSeries, meeting.series_id)
    zone = ZoneInfo(series.timezone)
    local = meeting.scheduled_at.astimezone(zone)
    started, ended = meeting.started_at.astimezone(zone), meeting.ended_at.astimezone(zone)
    planned = sum(s["minutes"] for s in meeting.agenda)
    took = int((meeting.ended_at - meeting.started_at).total_seconds() // 60)
    out = [f"# {title_of(series)} — {local:%a %d %b %Y}",
           "",
           f"Scheduled {local:%H:%M} {series.timezone}; held {started:%H:%M}–{ended:%H:%M} ({took} min, planned "
           f"{planned})." + (" Ended by the overrun safety net." if meeting.ended_reason == "overrun" else "")]
    scores = ratings(session, meeting)
    prepared = set(session.execute(select(MeetingPrep.seat_id).where(MeetingPrep.meeting_id == meeting.id)).scalars())
    out += ["", "## Attendance"]
    for a in meeting.attendance or []:
        h = a["holder"]
        who = f"{h['name']} ({'agent' if h['kind'] == 'agent' else 'human'})" if h else "vacant"
        extra = ["prepared" if a["seat_id"] in prepared else "not prepared"]
        if a["seat_id"] in scores:
            extra.append(f"rated {scores[a['seat_id']]}")
        out.append(f"- {a['seat_title']} — {who} · {', '.join(extra)}")
    marks = {i.entity_id: i.data for i in items.of(session, meeting.id, "mark")}
    snap = meeting.snapshot_end or meeting.snapshot_start or {"scorecard": {"rows": []}, "rocks": []}
    off = [r for r in snap["scorecard"]["rows"]
           if r["last_on_target"] is False or marks.get(r["id"], {}).get("status") == "off_track"]
    out += ["", "## Scorecard off track"]
    out += [f"- {r['title']}: {r['last']:g}{(' ' + r['unit']) if r['unit'] else ''} (target {_target(r)}) — "
            f"{r['seat_title'] or 'no owner'}" if r["last"] is not None else f"- {r['title']}: no value — "
            f"{r['seat_title'] or 'no owner'}" for r in off] or ["- Everything on target."]
    out += ["", "## Rocks"]
    out += [f"- {r['title']} — {STATUS.get(r['status'], r['status'])}"
            f"{': ' + r['status_note'] if r['status_note'] else ''} ({r['seat_title']})" for r in snap["rocks"]] \
        or ["- No rocks this quarter."]
    heads = session.execute(select(Headline).where(Headline.meeting_id == meeting.id)
                            .order_by(Headline.created_at, Headline.id)).scalars().all()
    out += ["", "## Headlines"]
    out += [f"- [{h.kind}] {h.text} — {_who(session, h.author_kind, h.author_id)}" for h in heads] or ["- None."]
    out += ["", "## Issues solved"]
    worked = items.of(session, meeting.id, "ids")
    solved = [i for i in worked if i.data.get("state") == "solved"]
    for item in solved:
        out.append(f"- **{item.data['title']}** — solution: {item.data['solution']}")
        if item.data.get("notes"):
            out.append(f"  - Discussion: {item.data['notes']}")
    if not solved:
        out.append("- None solved.")
    discussed = [i for i in worked if i.data.get("state") != "solved"]
    if discussed:
        out += ["", "## Issues discussed, not yet solved"]
        out += [f"- {i.data['title']}" + (f" — {i.data['notes']}" if i.data.get("notes") else "") for i in discussed]
    todo_ids = [i.entity_id for i in items.of(session, meeting.id, "todo_created")]
    rows = session.execute(select(Todo).where(Todo.id.in_(todo_ids or [""]))
                           .order_by(Todo.created_at, Todo.id)).scalars().all()
    out += ["", "## New to-dos"]
    out += [f"- {t.title} — {_seat(session, t.owner_seat_id)} — due {t.due_at.astimezone(zone):%Y-%m-%d}"
            for t in rows] or ["- None."]
    messages = session.execute(select(MeetingMessage).where(MeetingMessage.meeting_id == meeting.id)
                               .order_by(MeetingMessage.created_at, MeetingMessage.id)).scalars().all()
    out += ["", "## Cascading messages"]
    out += [f"- {m.text}" for m in messages] or ["- None."]
    avg = average(scores)
    out += ["", "## Rating",
            f"Average {avg:g} from {len(scores)} of {len(meeting.attendance or [])} attendees." if avg is not None
            else "No ratings."]
    return "\n".join(out) + "\n"
