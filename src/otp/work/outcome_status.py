"""An outcome's status, its history, and the drift issue a rock raises when it goes off track.

Asking for `done` is a request: with at least one evidence item the outcome becomes
`done_pending_review`, and only the reviewer's acceptance (otp.work.evidence) makes it done.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.governance.authz import refuse_if_denied, require
from otp.commands import command
from otp.core import validate
from otp.core.errors import Conflict
from otp.core.ids import new_id
from otp.events.service import record
from otp.inbox import mentions
from otp.org.models import Seat
from otp.work.issues import raise_issue
from otp.work.models import Evidence, Issue, Outcome, OutcomeStatusChange
from otp.work.outcomes import get_outcome, resource_of

SETTABLE = ("not_started", "on_track", "off_track", "done", "dropped")


def reviewer_of(named_reviewer_seat_id: str | None, owner_parent_id: str | None) -> str | None:
    """The reviewer rule: the named reviewer seat, or else the seat the owner reports to."""
    return named_reviewer_seat_id or owner_parent_id


def reviewer_seat_id(session: Session, outcome: Outcome) -> str | None:
    if outcome.reviewer_seat_id:
        return outcome.reviewer_seat_id
    owner = session.get(Seat, outcome.owner_seat_id)
    return reviewer_of(None, owner.parent_id if owner is not None else None)


def reviewer_seat_ids(session: Session, outcomes: list[Outcome]) -> dict[str, str | None]:
    """reviewer_seat_id for many outcomes in one query (lists and boards: no lookup per row)."""
    owners = {o.owner_seat_id for o in outcomes if not o.reviewer_seat_id}
    parent = dict(session.execute(select(Seat.id, Seat.parent_id).where(Seat.id.in_(owners))).all()) if owners else {}
    return {o.id: reviewer_of(o.reviewer_seat_id, parent.get(o.owner_seat_id)) for o in outcomes}


def live_evidence(session: Session, outcome_id: str) -> list[Evidence]:
    return list(session.execute(select(Evidence).where(Evidence.outcome_id == outcome_id,
                                                       Evidence.rejected_at.is_(None))
                                .order_by(Evidence.created_at, Evidence.id)).scalars())


def add_history(session: Session, actor: Actor, outcome: Outcome, to_status: str, note: str) -> OutcomeStatusChange:
    row = OutcomeStatusChange(id=new_id("ost"), org_id=outcome.org_id, outcome_id=outcome.id,
                              from_status=outcome.status, to_status=to_status, note=note,
                              actor_kind=actor.kind, actor_id=actor.id)
    session.add(row)
    outcome.status, outcome.status_note = to_status, note
    session.flush()
    return row


@command("outcome.update_status")
def set_status(session: Session, actor: Actor, *, outcome_id: str, status: str, note: str = "") -> Outcome:
    status = validate.choice("status", status, SETTABLE)
    note = validate.text("note", note, max_len=2000, required=False)
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    if outcome.status == "done":
        raise Conflict("this outcome is done (accepted by its reviewer); start a new outcome instead", field="status")
    if outcome.status == "done_pending_review":
        raise Conflict("this outcome awaits review: its reviewer accepts or rejects it (POST .../review)",
                       field="status")
    if status == outcome.status and note == outcome.status_note:
        refuse_if_denied(session, actor, "outcome.update_status", resource_of(outcome))
        return outcome
    evidence: list[Evidence] = []
    reviewer = None
    if status == "done":
        reviewer = reviewer_seat_id(session, outcome)
        if reviewer is None:
            raise Conflict("name a reviewer seat first (the owner seat has no seat above it)",
                           field="reviewer_seat_id")
        evidence = live_evidence(session, outcome.id)
        if not evidence:
            raise Conflict("done is proven: attach at least one evidence item (link, artifact, measurable_value "
                           "or note) before completing", field="evidence")
    require(session, actor, "outcome.update_status", resource_of(outcome),
            payload={"outcome_id": outcome.id, "status": status, "note": note})
    previous = outcome.status
    if note != outcome.status_note:  # each new note is a new message; one kept for the next status is not
        mentions.notify(session, actor, [note], link_type="outcome", link_id=outcome.id,
                        what=f'the status note of outcome "{outcome.title}"')
    if status == "done":
        add_history(session, actor, outcome, "done_pending_review", note)
        record(session, actor, "outcome.completion_requested", "outcome", outcome.id,
               {"reviewer_seat_id": reviewer, "evidence_ids": [e.id for e in evidence], "note": note})
        return outcome
    change = add_history(session, actor, outcome, status, note)
    record(session, actor, "outcome.status_changed", "outcome", outcome.id,
           {"from": previous, "to": status, "note": note})
    if status == "off_track" and previous != "off_track" and outcome.kind == "rock":
        _raise_drift(session, outcome, change)
    return outcome


def complete(session: Session, actor: Actor, outcome_id: str, note: str = "") -> Outcome:
    """Ask for done: needs evidence; the outcome then awaits its reviewer."""
    return set_status(session, actor, outcome_id=outcome_id, status="done", note=note)


def _raise_drift(session: Session, outcome: Outcome, change: OutcomeStatusChange) -> tuple[Issue, bool]:
    # Raised by the platform, not the actor: the drift issue must exist whatever the actor may do.
    return raise_issue(session, system_actor(outcome.org_id), title=f"Rock off track: {outcome.title}"[:200],
                       owner_seat_id=outcome.owner_seat_id, details=change.note, source="drift",
                       linked_type="outcome", linked_id=outcome.id,
                       dedup_key=f"drift:outcome:{outcome.id}:{change.id}")


def check_rock_drift(session: Session, org_id: str, outcome_id: str) -> tuple[Issue, bool] | None:
    """Idempotent trigger: make sure an off-track rock's current episode has its issue.
    Returns (issue, created), or None when the outcome is not an off-track rock."""
    outcome = session.get(Outcome, outcome_id)
    if outcome is None or outcome.org_id != org_id or outcome.kind != "rock" or outcome.status != "off_track":
        return None
    start = session.execute(select(OutcomeStatusChange).where(
        OutcomeStatusChange.outcome_id == outcome.id, OutcomeStatusChange.to_status == "off_track",
        func.coalesce(OutcomeStatusChange.from_status, "") != "off_track")
        .order_by(OutcomeStatusChange.changed_at.desc(), OutcomeStatusChange.id.desc()).limit(1)).scalar_one_or_none()
    if start is None:
        return None
    return _raise_drift(session, outcome, start)


def history(session: Session, actor: Actor, outcome_id: str) -> list[OutcomeStatusChange]:
    get_outcome(session, actor, outcome_id)
    return list(session.execute(select(OutcomeStatusChange).where(OutcomeStatusChange.outcome_id == outcome_id)
                                .order_by(OutcomeStatusChange.changed_at, OutcomeStatusChange.id)).scalars())
