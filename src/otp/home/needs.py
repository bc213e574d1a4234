"""What needs you — approvals waiting for you, escalations you hold, your open to-dos, rocks
waiting for your review, meeting prep you were asked for, and your unread inbox.

One query for two readers: the home page shows it and the daily digest mails it, so the mail can
never list something the page does not, or miss something it does."""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance import approvals, escalations
from otp.governance.models import ApprovalRequest, Escalation
from otp.governance.question import line as question_line
from otp.inbox import service as inbox
from otp.inbox.models import InboxItem
from otp.org.models import Seat
from otp.work import outcomes, todos
from otp.work.outcome_status import reviewer_seat_ids

APPROVALS_SHOWN = 20
INBOX_SHOWN = 20
# Where each kind of linked entity is seen in the web app.
LINKS = {"approval": "/approvals#{}", "escalation": "/escalations#{}", "outcome": "/rocks/{}", "issue": "/issues#{}",
         "todo": "/todos#{}", "sop": "/sops/{}", "meeting": "/meetings/{}"}


@dataclass
class NeedsYou:
    my_seats: list[str]
    approvals: list[ApprovalRequest]
    approval_lines: dict[str, str]  # approval id -> the whole question in one line (governance.question)
    holding: list[Escalation]  # open escalations you hold
    raised: list[Escalation]  # open escalations you raised (waiting on someone else)
    todos: list  # rows: id, title, owner_seat_id, due_at, source
    reviews: list  # outcomes done and waiting for your review
    prep: list[dict] | None  # None: the meetings domain offers no prep requests
    inbox: list[InboxItem]  # unread

    @property
    def count(self) -> int:
        """How many things need the person (what they raised waits on others: not counted)."""
        return (len(self.approvals) + len(self.holding) + len(self.todos) + len(self.reviews)
                + len(self.prep or []) + len(self.inbox))


def needs_of(session: Session, actor: Actor) -> NeedsYou:
    column = Seat.occupant_person_id if actor.kind == "person" else Seat.occupant_agent_id
    mine = list(session.execute(select(Seat.id).where(Seat.org_id == actor.org_id, column == actor.id)
                                .order_by(Seat.created_at, Seat.id)).scalars())
    pending, _ = outcomes.list_outcomes(session, actor, status="done_pending_review", limit=200)
    reviewer = reviewer_seat_ids(session, pending)
    held = escalations.list_escalations(session, actor, state="open", mine=True)
    waiting = approvals.inbox(session, actor, limit=APPROVALS_SHOWN)
    return NeedsYou(
        my_seats=mine,
        approvals=waiting,
        approval_lines={a.id: question_line(session, a) for a in waiting},
        holding=[e for e in held if e.holder_person_id == actor.id],
        raised=[e for e in held if e.holder_person_id != actor.id],
        todos=todos.open_todo_rows(session, actor, owner_seat_ids=mine, limit=200),
        reviews=[o for o in pending if reviewer[o.id] in mine],
        prep=_prep_requests(session, actor),
        inbox=inbox.list_items(session, actor, unread=True, limit=INBOX_SHOWN),
    )


def _prep_requests(session: Session, actor: Actor) -> list[dict] | None:
    """Meeting prep asked of this person, when the meetings domain offers `prep_requests`;
    None (the panel is left out) while it does not."""
    for name in ("otp.meetings.prep", "otp.meetings.service", "otp.meetings"):
        try:
            if importlib.util.find_spec(name) is None:
                continue
            fn = getattr(importlib.import_module(name), "prep_requests", None)
        except ImportError:
            continue
        if fn is not None:
            return [_prep_item(item) for item in fn(session, actor)]
    return None


def _prep_item(item) -> dict:
    get = item.get if isinstance(item, dict) else lambda k, default=None: getattr(item, k, default)
    meeting = get("meeting_id") or get("id")
    title = get("title") or get("series_title") or get("name") or "A meeting"
    return {"title": title, "when": get("starts_at") or get("scheduled_for"),
            "href": get("href") or (f"/meetings/{meeting}" if meeting else "/meetings")}
