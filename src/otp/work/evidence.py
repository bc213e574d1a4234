"""Done is proven: evidence is attached, and the reviewer seat's occupant — never the owner's —
accepts it (done) or rejects it with a reason (back to on_track; the judged evidence is spent)."""
from __future__ import annotations

import re

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, Invalid
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import Seat
from otp.work.common import holds, occupant
from otp.work.models import EVIDENCE_KINDS, Evidence, Outcome
from otp.work.outcome_status import add_history, live_evidence, reviewer_seat_id
from otp.work.outcomes import check_reviewer, get_outcome, resource_of

URL_RE = re.compile(r"^https?://\S+$")
MAX_EVIDENCE = 100


def _value(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) > 1e15:
        raise Invalid("value must be a number", field="value")
    return float(value)


@command("outcome.submit_evidence")
def submit_evidence(session: Session, actor: Actor, *, outcome_id: str, kind: str, summary: str,
                    url: str | None = None, value: float | None = None) -> Evidence:
    """kind link needs url; measurable_value needs value; artifact and note carry their reference
    or text in summary (an artifact may add a url)."""
    kind = validate.choice("kind", kind, EVIDENCE_KINDS)
    summary = validate.text("summary", summary, max_len=4000)
    if url is not None:
        url = validate.text("url", url, max_len=2000, one_line=True)
        if not URL_RE.match(url):
            raise Invalid("url must start with http:// or https://", field="url")
    value = _value(value)
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    if kind == "link" and url is None:
        raise Invalid("link evidence needs a url", field="url")
    if kind == "measurable_value" and value is None:
        raise Invalid("measurable_value evidence needs a value", field="value")
    if outcome.status in ("done", "dropped"):
        raise Conflict(f"this outcome is {outcome.status}; evidence is for outcomes still in play", field="status")
    if len(live_evidence(session, outcome.id)) >= MAX_EVIDENCE:
        raise Conflict(f"an outcome holds at most {MAX_EVIDENCE} evidence items", field="evidence")
    payload = {"outcome_id": outcome.id, "kind": kind, "summary": summary, "url": url, "value": value}
    require(session, actor, "outcome.submit_evidence", resource_of(outcome), payload=payload)
    item = Evidence(id=new_id("evd"), org_id=actor.org_id, outcome_id=outcome.id, kind=kind, summary=summary,
                    url=url, value=value, submitted_by_kind=actor.kind, submitted_by_id=actor.id)
    session.add(item)
    session.flush()
    record(session, actor, "outcome.evidence_submitted", "outcome", outcome.id,
           {"evidence_id": item.id, "kind": kind, "summary": summary, "url": url, "value": value})
    return item


def _check_reviewer_identity(session: Session, actor: Actor, outcome: Outcome) -> str:
    owner = session.get(Seat, outcome.owner_seat_id)
    if holds(actor, owner):
        raise Forbidden("the owner seat's occupant cannot review their own outcome; its reviewer must",
                        field="reviewer_seat_id")
    reviewer_id = reviewer_seat_id(session, outcome)
    if reviewer_id is None:
        raise Conflict("this outcome has no reviewer seat; name one first", field="reviewer_seat_id")
    check_reviewer(session, outcome.owner_seat_id, reviewer_id, "reviewer_seat_id")
    reviewer = session.get(Seat, reviewer_id)
    if occupant(reviewer) is None:
        raise Conflict(f"the reviewer seat {reviewer.title!r} is vacant; fill it or name another reviewer",
                       field="reviewer_seat_id")
    if not holds(actor, reviewer):
        raise Forbidden(f"only the occupant of the reviewer seat {reviewer.title!r} can review this outcome",
                        field="reviewer_seat_id")
    return reviewer_id


@command("outcome.complete")
def review_outcome(session: Session, actor: Actor, *, outcome_id: str, accept: bool, reason: str = "") -> Outcome:
    if not isinstance(accept, bool):
        raise Invalid("accept must be true or false", field="accept")
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    reason = validate.text("reason", reason, max_len=2000, required=not accept)
    if outcome.status != "done_pending_review":
        raise Conflict(f"only an outcome awaiting review can be reviewed; this one is {outcome.status}",
                       field="status")
    reviewer_id = _check_reviewer_identity(session, actor, outcome)
    require(session, actor, "outcome.complete", resource_of(outcome),
            payload={"outcome_id": outcome.id, "accept": accept, "reason": reason})
    evidence = live_evidence(session, outcome.id)
    ids = [e.id for e in evidence]
    if accept:
        add_history(session, actor, outcome, "done", reason)
        outcome.done_at = clock.now()
        record(session, actor, "outcome.completed", "outcome", outcome.id,
               {"reviewer_seat_id": reviewer_id, "accepted_by": actor.ref(), "evidence_ids": ids, "note": reason})
    else:
        now = clock.now()
        for item in evidence:
            item.rejected_at = now
        add_history(session, actor, outcome, "on_track", reason)
        record(session, actor, "outcome.evidence_rejected", "outcome", outcome.id,
               {"reviewer_seat_id": reviewer_id, "rejected_by": actor.ref(), "evidence_ids": ids, "reason": reason})
    return outcome
