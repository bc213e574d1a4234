"""What happens in the room: marks on/off track, to-dos, the top 3, headlines, cascading
messages and ratings. Work items change through the work and scorecard services (each governed
by its own class); the meeting's own rows are governed as `meeting.run`."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.errors import Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.meetings import items
from otp.meetings.common import bump, gate, get_meeting, holder, running
from otp.meetings.models import Meeting, MeetingMessage, MeetingRating
from otp.scorecard.measurables import get_measurable
from otp.work import headlines, issue_flow, todos
from otp.work.common import id_like
from otp.work.issues import ACTIVE_STATES, get_issue, raise_issue
from otp.work.models import HEADLINE_KINDS, Issue
from otp.work.outcome_status import set_status
from otp.work.outcomes import get_outcome

MARKABLE = ("measurable", "rock")
MARKS = ("on_track", "off_track")


def _one_line(field: str, value, *, required: bool) -> str:
    value = validate.text(field, value if value is not None else "", max_len=200, required=required)
    if "\n" in value or "\r" in value:
        raise Invalid(f"{field} is one line", field=field)
    return value


def _entity(session: Session, actor: Actor, entity_type: str, entity_id):
    if not id_like(entity_id):
        raise Invalid("entity_id must be an id", field="entity_id")
    if entity_type == "measurable":
        return get_measurable(session, actor, entity_id, field="entity_id")
    rock = get_outcome(session, actor, entity_id, field="entity_id")
    if rock.kind != "rock":
        raise Invalid("only rocks are reviewed in the meeting", field="entity_id")
    return rock


def mark(session: Session, actor: Actor, *, meeting_id: str, entity_type: str, entity_id: str, status: str,
         reason: str = "") -> dict:
    """Mark a measurable or rock on or off track. Off track drops an issue on the list (source
    meeting, one per meeting and entity); for a rock the status changes too."""
    entity_type = validate.choice("entity_type", entity_type, MARKABLE)
    status = validate.choice("status", status, MARKS)
    reason = _one_line("reason", reason, required=status == "off_track" and entity_type == "rock")
    meeting = running(session, actor, meeting_id)
    entity = _entity(session, actor, entity_type, entity_id)
    args = {"meeting_id": meeting.id, "entity_type": entity_type, "entity_id": entity.id, "status": status,
            "reason": reason}
    gate(session, actor, "mark", args, meeting.id)
    issue = None
    if entity_type == "rock":
        before = _drift_issues(session, entity.id)
        if entity.status != status or (reason and entity.status_note != reason):
            set_status(session, actor, outcome_id=entity.id, status=status, note=reason)
        # A rock going off track raises its own drift issue; adopt it rather than raise a twin.
        adopted = _drift_issues(session, entity.id) - before
        issue = session.get(Issue, sorted(adopted)[0]) if adopted else None
    if status == "off_track" and issue is None:
        issue, _ = raise_issue(
            session, actor, title=f"Off track: {entity.title}"[:200],
            owner_seat_id=entity.owner_seat_id or meeting.attendance[0]["seat_id"], details=reason,
            source="meeting", linked_type="measurable" if entity_type == "measurable" else "outcome",
            linked_id=entity.id, dedup_key=f"meeting:{meeting.id}:{entity_type}:{entity.id}")
    data = {"status": status, "reason": reason, "title": entity.title, "issue_id": issue.id if issue else None}
    items.put(session, actor, meeting.id, "mark", entity_type, entity.id, data)
    bump(session, meeting)
    record(session, actor, "meeting.marked", "meeting", meeting.id, {**args, "issue_id": data["issue_id"]})
    return data


def _drift_issues(session: Session, outcome_id: str) -> set[str]:
    return set(session.execute(select(Issue.id).where(Issue.linked_type == "outcome", Issue.linked_id == outcome_id,
                                                      Issue.source == "drift")).scalars())


def tick_todo(session: Session, actor: Actor, *, meeting_id: str, todo_id: str):
    meeting = running(session, actor, meeting_id)
    todo = todos.get_todo(session, actor, todo_id)
    gate(session, actor, "todo.done", {"meeting_id": meeting.id, "todo_id": todo.id}, meeting.id)
    todo = todos.complete_todo(session, actor, todo_id=todo.id)
    items.put(session, actor, meeting.id, "todo_done", "todo", todo.id, {"title": todo.title})
    bump(session, meeting)
    record(session, actor, "meeting.todo_ticked", "meeting", meeting.id, {"todo_id": todo.id})
    return todo


def add_todo(session: Session, actor: Actor, *, meeting_id: str, title: str, owner_seat_id: str,
             due_at: str | None = None):
    """A to-do from the meeting (due in 7 days unless given)."""
    meeting = running(session, actor, meeting_id)
    todos.check_todo(session, actor, title=title, owner_seat_id=owner_seat_id, due_at=due_at)
    gate(session, actor, "todo.add", {"meeting_id": meeting.id, "title": title, "owner_seat_id": owner_seat_id,
                                      "due_at": due_at}, meeting.id)
    todo = todos.create_todo(session, actor, title=title, owner_seat_id=owner_seat_id, due_at=due_at,
                             source="meeting", linked_type="meeting", linked_id=meeting.id)
    items.put(session, actor, meeting.id, "todo_created", "todo", todo.id, {"title": todo.title})
    bump(session, meeting)
    record(session, actor, "meeting.todo_added", "meeting", meeting.id, {"todo_id": todo.id})
    return todo


def choose_top(session: Session, actor: Actor, *, meeting_id: str, issue_ids: list[str]) -> list[str]:
    """Put these issues (1 to 3, in order) at the top of the issues list."""
    if (not isinstance(issue_ids, list) or not 1 <= len(issue_ids) <= 3
            or len(set(map(str, issue_ids))) != len(issue_ids)):
        raise Invalid("choose 1 to 3 different issues", field="issue_ids")
    meeting = running(session, actor, meeting_id)
    for i, issue_id in enumerate(issue_ids):
        if not id_like(issue_id):
            raise Invalid("issue ids are strings", field=f"issue_ids.{i}")
        issue = get_issue(session, actor, issue_id)
        if issue.state not in ACTIVE_STATES:
            raise Invalid(f"this issue is {issue.state}; only open issues are ranked", field=f"issue_ids.{i}")
    gate(session, actor, "top", {"meeting_id": meeting.id, "issue_ids": issue_ids}, meeting.id)
    for rank, issue_id in enumerate(issue_ids, start=1):
        issue_flow.reorder_issue(session, actor, issue_id, rank)
    bump(session, meeting)
    record(session, actor, "meeting.top_chosen", "meeting", meeting.id, {"issue_ids": issue_ids})
    return issue_ids


def post_headline(session: Session, actor: Actor, *, meeting_id: str, kind: str, text: str):
    kind = validate.choice("kind", kind, HEADLINE_KINDS)
    text = validate.text("text", text, max_len=500)
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state not in ("scheduled", "running"):
        raise Invalid(f"this meeting is {meeting.state}", field="state")
    gate(session, actor, "headline", {"meeting_id": meeting.id, "kind": kind, "text": text}, meeting.id)
    row = headlines.post_headline(session, actor, kind=kind, text=text, meeting_id=meeting.id)
    bump(session, meeting)
    return row


def post_message(session: Session, actor: Actor, *, meeting_id: str, text: str) -> MeetingMessage:
    """A cascading message: delivered to every attendee's inbox when the meeting ends."""
    text = validate.text("text", text, max_len=2000)
    meeting = running(session, actor, meeting_id)
    gate(session, actor, "message", {"meeting_id": meeting.id, "text": text}, meeting.id)
    row = MeetingMessage(id=new_id("mmsg"), org_id=actor.org_id, meeting_id=meeting.id, text=text,
                         author_kind=actor.kind, author_id=actor.id)
    session.add(row)
    session.flush()
    bump(session, meeting)
    record(session, actor, "meeting.message_posted", "meeting", meeting.id, {"message_id": row.id, "text": text})
    return row


def rate(session: Session, actor: Actor, *, meeting_id: str, seat_id: str, score: int) -> MeetingRating:
    """An attendee's 1-10 rating of the meeting, given by whoever holds that seat (a person on the
    page, an agent over REST or MCP); nobody rates for someone else. Rating again replaces it."""
    score = validate.integer("score", score, low=1, high=10)
    seat_id = validate.text("seat_id", seat_id, max_len=40)
    meeting = running(session, actor, meeting_id)
    attendee = next((a for a in meeting.attendance or [] if a["seat_id"] == seat_id), None)
    if attendee is None:
        raise NotFound("that seat is not an attendee of this meeting", field="seat_id")
    if not _holds(session, actor, attendee):
        raise Forbidden("only the seat's holder rates the meeting for that seat", field="seat_id")
    gate(session, actor, "rate", {"meeting_id": meeting.id, "seat_id": seat_id, "score": score}, meeting.id)
    row = session.execute(select(MeetingRating).where(MeetingRating.meeting_id == meeting.id,
                                                      MeetingRating.seat_id == seat_id)).scalar_one_or_none()
    if row is not None and row.score == score:
        return row
    if row is None:
        row = MeetingRating(id=new_id("mrat"), org_id=actor.org_id, meeting_id=meeting.id, seat_id=seat_id,
                            score=score, rated_by_kind=actor.kind, rated_by_id=actor.id)
        session.add(row)
    else:
        row.score, row.rated_by_kind, row.rated_by_id = score, actor.kind, actor.id
    session.flush()
    bump(session, meeting)
    record(session, actor, "meeting.rated", "meeting", meeting.id, {"seat_id": seat_id, "score": score})
    return row


def _holds(session: Session, actor: Actor, attendee: dict) -> bool:
    """The actor holds the seat now, or held it when the meeting started (and so sat in the room)."""
    me = {"kind": actor.kind, "id": actor.id}
    held = [attendee.get("holder"), holder(session, attendee["seat_id"])]
    return any(h is not None and {"kind": h["kind"], "id": h["id"]} == me for h in held)


def ratings(session: Session, meeting: Meeting) -> dict[str, int]:
    return dict(session.execute(select(MeetingRating.seat_id, MeetingRating.score)
                                .where(MeetingRating.meeting_id == meeting.id)).all())


def average(scores: dict[str, int]) -> float | None:
    return round(sum(scores.values()) / len(scores), 1) if scores else None
