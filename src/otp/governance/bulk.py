"""Deciding several approval requests at once, with one optional note.

Each request is decided by the same governed service as a single one (approvals.decide_request:
the gate, the claim, the held action, the event, the inbox item) in a transaction of its own.
The requests are independent decisions, so the batch is not all-or-nothing: one that cannot be
decided (already answered, routed to someone else, its held action refused) leaves nothing
behind and is reported by id with the reason, while the others go through. One transaction for
the batch would let the first stale request undo every other answer, and would run several
held actions as several requesters in one unit of work that none of them asked for.
"""
from __future__ import annotations

from dataclasses import dataclass

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.db import Database
from otp.core.errors import ApprovalRequired, Invalid, OTPError
from otp.governance import approvals

MAX_ITEMS = 100


@dataclass
class Outcome:
    approval_id: str
    ok: bool
    message: str
    field: str | None = None


def decide_many(db: Database, actor: Actor, *, approval_ids: list[str], approve: bool,
                note: str = "") -> list[Outcome]:
    """One decision per id, in the order given (duplicates once); what happened to each."""
    if not isinstance(approve, bool):
        raise Invalid("approve must be true or false", field="approve")
    ids = list(dict.fromkeys(i for i in (approval_ids or []) if isinstance(i, str) and i.strip()))
    if not ids:
        raise Invalid("select at least one request", field="approval_ids")
    if len(ids) > MAX_ITEMS:
        raise Invalid(f"at most {MAX_ITEMS} requests at once", field="approval_ids")
    # The note is checked once for the batch: a bad note refuses all of it before anything is decided.
    note = validate.text("note", note, max_len=approvals.NOTE_MAX, required=not approve)
    out = []
    for approval_id in ids:
        try:
            with db.write() as session:
                request = approvals.decide_request(session, actor, approval_id=approval_id, approve=approve,
                                                   note=note)
                out.append(Outcome(approval_id, True, request.state))
        except ApprovalRequired as exc:
            out.append(Outcome(approval_id, False, f"your answer itself needs approval: {exc}"))
        except OTPError as exc:
            out.append(Outcome(approval_id, False, str(exc), getattr(exc, "field", None)))
    return out
