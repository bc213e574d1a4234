"""Meeting prep: before the meeting each attendee seat's holder (a person on the web, an agent
through REST or MCP `submit_meeting_prep`) brings its numbers, rock statuses, headlines and
proposed issues. Each item goes through the service that owns it (scorecard report, rock status,
headline, issue), governed by its own class: an item governance holds or refuses does not sink
the rest — it is reported as held (with its approval request) or refused.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import ApprovalRequired, Conflict, Forbidden, Invalid
from otp.core.ids import new_id
from otp.core.types import iso
from otp.events.service import record
from otp.meetings.common import bump, get_meeting, holder, seats_held, title_of
from otp.meetings.models import Meeting, MeetingPrep, MeetingSeries
from otp.org.models import Seat
from otp.scorecard import entries
from otp.scorecard.definition import number
from otp.scorecard.measurables import get_measurable
from otp.work import headlines as headline_service
from otp.work.common import id_like
from otp.work.issues import raise_issue
from otp.work.models import HEADLINE_KINDS
from otp.work.outcome_status import set_status
from otp.work.outcomes import get_outcome

MAX_ITEMS = 50
ROCK_STATUSES = ("on_track", "off_track")
REQUEST_WINDOW = timedelta(hours=48)


def _items(field: str, value, keys: set[str]) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise Invalid(f"{field} must be a list of at most {MAX_ITEMS} items", field=field)
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - keys:
            raise Invalid(f"each item of {field} is {{{', '.join(sorted(keys))}}}", field=f"{field}.{i}")
    return value


def _ref(field: str, value) -> str:
    if not id_like(value):
        raise Invalid(f"{field} must be an id", field=field)
    return value


def _check(session: Session, actor: Actor, measurables, rocks, headlines, issues) -> dict:
    """Every item checked before anything changes; returns the cleaned lists."""
    clean = {"measurables": [], "rocks": [], "headlines": [], "issues": []}
    for i, item in enumerate(_items("measurables", measurables, {"measurable_id", "value"})):
        m = get_measurable(session, actor, _ref(f"measurables.{i}.measurable_id", item.get("measurable_id")),
                           field=f"measurables.{i}.measurable_id")
        if m.archived_at is not None or m.formula:
            raise Conflict("this measurable is archived or computed by a formula",
                           field=f"measurables.{i}.measurable_id")
        clean["measurables"].append({"measurable_id": m.id, "value": number(f"measurables.{i}.value",
                                                                             item.get("value"))})
    for i, item in enumerate(_items("rocks", rocks, {"outcome_id", "status", "reason"})):
        rock = get_outcome(session, actor, _ref(f"rocks.{i}.outcome_id", item.get("outcome_id")),
                           field=f"rocks.{i}.outcome_id")
        if rock.kind != "rock":
            raise Invalid("this outcome is not a rock", field=f"rocks.{i}.outcome_id")
        status = validate.choice(f"rocks.{i}.status", item.get("status"), ROCK_STATUSES)
        reason = validate.text(f"rocks.{i}.reason", item.get("reason") or "", max_len=200,
                               required=status == "off_track")
        if "\n" in reason:
            raise Invalid("the reason is one line", field=f"rocks.{i}.reason")
        clean["rocks"].append({"outcome_id": rock.id, "status": status, "reason": reason})
    for i, item in enumerate(_items("headlines", headlines, {"kind", "text"})):
        clean["headlines"].append({"kind": validate.choice(f"headlines.{i}.kind", item.get("kind"), HEADLINE_KINDS),
                                   "text": validate.text(f"headlines.{i}.text", item.get("text"), max_len=500)})
    for i, item in enumerate(_items("issues", issues, {"title", "details"})):
        clean["issues"].append({"title": validate.text(f"issues.{i}.title", item.get("title")),
                                "details": validate.text(f"issues.{i}.details", item.get("details"),
                                                         max_len=10_000, required=False)})
    if not any(clean.values()):
        raise Invalid("bring at least one number, rock status, headline or issue", field="measurables")
    return clean


def _attempt(session: Session, fn) -> dict:
    """Run one item in a savepoint; governance's ask or deny leaves its trace and a result."""
    try:
        with session.begin_nested():
            return {"result": "done", "id": fn()}
    except (ApprovalRequired, Forbidden) as exc:
        # What db.write() would persist after a rollback (the approval request, the deny event)
        # is written here instead, in this transaction: the rest of the prep goes on.
        persist = getattr(exc, "persist_after_rollback", None)
        if persist is not None:
            persist(session)
        if isinstance(exc, ApprovalRequired):
            return {"result": "held", "approval_id": exc.approval_id}
        return {"result": "refused", "reason": exc.message}


@command("meeting.prep")
def submit_prep(session: Session, actor: Actor, *, meeting_id: str, measurables: list[dict] | None = None,
                rocks: list[dict] | None = None, headlines: list[dict] | None = None,
                issues: list[dict] | None = None) -> dict:
    """Bring prep to a scheduled meeting for every attendee seat the actor holds. Returns
    {meeting_id, seat_ids, measurables|rocks|headlines|issues: [item + result]}; submitting
    again adds to what was brought."""
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state != "scheduled":
        raise Conflict(f"this meeting is {meeting.state}; prep is for a scheduled meeting", field="meeting_id")
    series = session.get(MeetingSeries, meeting.series_id)
    mine = set(seats_held(session, actor))
    seat_ids = [s for s in series.attendee_seat_ids if s in mine]
    if not seat_ids:
        raise Forbidden("you hold no attendee seat of this meeting", field="meeting_id")
    clean = _check(session, actor, measurables, rocks, headlines, issues)
    require(session, actor, "meeting.prep", {"type": "meeting", "id": meeting.id, "owner_seat_id": seat_ids[0]},
            payload={"meeting_id": meeting.id, **clean})
    done = {"measurables": [], "rocks": [], "headlines": [], "issues": []}
    for item in clean["measurables"]:
        done["measurables"].append({**item, **_attempt(session, lambda item=item: entries.report(
            session, actor, measurable_id=item["measurable_id"], value=item["value"], note="meeting prep").id)})
    for item in clean["rocks"]:
        done["rocks"].append({**item, **_attempt(session, lambda item=item: set_status(
            session, actor, outcome_id=item["outcome_id"], status=item["status"], note=item["reason"]).id)})
    for item in clean["headlines"]:
        done["headlines"].append({**item, **_attempt(session, lambda item=item: headline_service.post_headline(
            session, actor, kind=item["kind"], text=item["text"], meeting_id=meeting.id).id)})
    for item in clean["issues"]:
        key = hashlib.sha256(item["title"].lower().encode()).hexdigest()[:24]
        done["issues"].append({**item, **_attempt(session, lambda item=item, key=key: raise_issue(
            session, actor, title=item["title"], details=item["details"], owner_seat_id=seat_ids[0],
            source="agent" if actor.is_agent else "meeting", linked_type="meeting", linked_id=meeting.id,
            dedup_key=f"prep:{meeting.id}:{key}")[0].id)})
    for seat_id in seat_ids:
        _store(session, actor, meeting, seat_id, done)
    bump(session, meeting)
    record(session, actor, "meeting.prep_submitted", "meeting", meeting.id,
           {"seat_ids": seat_ids, **{k: [r["result"] for r in v] for k, v in done.items()}})
    return {"meeting_id": meeting.id, "seat_ids": seat_ids, **done}


def _store(session: Session, actor: Actor, meeting: Meeting, seat_id: str, done: dict) -> None:
    row = session.execute(select(MeetingPrep).where(MeetingPrep.meeting_id == meeting.id,
                                                    MeetingPrep.seat_id == seat_id)).scalar_one_or_none()
    if row is None:
        row = MeetingPrep(id=new_id("mprep"), org_id=actor.org_id, meeting_id=meeting.id, seat_id=seat_id,
                          content={k: [] for k in done})
        session.add(row)
    row.content = {k: list((row.content or {}).get(k, [])) + v for k, v in done.items()}
    row.submitted_by_kind, row.submitted_by_id, row.submitted_at = actor.kind, actor.id, clock.now()
    session.flush()


def prep_status(session: Session, meeting: Meeting, series: MeetingSeries) -> list[dict]:
    """Each attendee seat: its holder, and whether (and when) it has prepared."""
    preps = {p.seat_id: p for p in session.execute(select(MeetingPrep).where(MeetingPrep.meeting_id == meeting.id))
             .scalars()}
    seat_ids = [a["seat_id"] for a in meeting.attendance] if meeting.attendance else series.attendee_seat_ids
    titles = dict(session.execute(select(Seat.id, Seat.title).where(Seat.id.in_(seat_ids))).all())
    out = []
    for seat_id in seat_ids:
        prep = preps.get(seat_id)
        out.append({"seat_id": seat_id, "seat_title": titles.get(seat_id, "(deleted seat)"),
                    "holder": holder(session, seat_id), "prepared": prep is not None,
                    "submitted_at": prep.submitted_at if prep else None,
                    "content": prep.content if prep else None})
    return out


def prep_requests(session: Session, actor: Actor) -> list[dict]:
    """Meetings in the next 48 hours where the actor holds an attendee seat and has not prepared:
    [{meeting_id, series_id, title, starts_at (aware datetime), seat_ids, href, api}], soonest first.
    The briefing and the home page ask the actor for these."""
    mine = set(seats_held(session, actor))
    if not mine:
        return []
    now = clock.now()
    rows = session.execute(select(Meeting, MeetingSeries).join(MeetingSeries, MeetingSeries.id == Meeting.series_id)
                           .where(Meeting.org_id == actor.org_id, Meeting.state == "scheduled",
                                  MeetingSeries.active.is_(True), Meeting.scheduled_at >= now,
                                  Meeting.scheduled_at <= now + REQUEST_WINDOW)
                           .order_by(Meeting.scheduled_at)).all()
    if not rows:
        return []
    prepared = set(session.execute(select(MeetingPrep.meeting_id, MeetingPrep.seat_id).where(
        MeetingPrep.meeting_id.in_([m.id for m, _ in rows]))).all())
    out = []
    for meeting, series in rows:
        pending = [s for s in series.attendee_seat_ids if s in mine and (meeting.id, s) not in prepared]
        if pending:
            out.append({"meeting_id": meeting.id, "series_id": series.id, "title": title_of(series),
                        "starts_at": meeting.scheduled_at, "starts_at_iso": iso(meeting.scheduled_at),
                        "seat_ids": pending, "href": f"/meetings/{meeting.id}",
                        "api": f"/api/v1/meetings/{meeting.id}/prep"})
    return out
