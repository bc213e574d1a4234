"""Outcomes: a defined result with exactly one owner seat, the context to pursue it, and a
reviewer who is not the owner. Status, evidence and milestones live in their own modules."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import validate
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import Seat
from otp.work.common import (current_quarter, id_like, iso_date, limit_of, occupant, parse_date, quarter,
                             seat_in_org)
from otp.work.models import OUTCOME_KINDS, OUTCOME_STATUSES, Outcome

URL_RE = re.compile(r"^https?://\S+$")
MAX_LINKS = 20
MAX_GUARDRAILS = 20
EDITABLE = ("title", "definition_of_done", "kind", "quarter", "due_date", "measurable_id", "target",
            "reviewer_seat_id", "parent_id", "context_links", "guardrails")


def get_outcome(session: Session, actor: Actor, outcome_id: str, *, lock: bool = False,
                field: str = "outcome_id") -> Outcome:
    q = select(Outcome).where(Outcome.id == outcome_id, Outcome.org_id == actor.org_id)
    if lock:
        # Serializes every status change of one outcome: concurrent triggers see each other's result.
        q = q.with_for_update().execution_options(populate_existing=True)
    outcome = session.execute(q).scalar_one_or_none() if id_like(outcome_id) else None
    if outcome is None:
        raise NotFound(f"no outcome {outcome_id!r} in this organization", field=field)
    return outcome


def _links(value) -> list[dict]:
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise Invalid(f"context_links must be a list of at most {MAX_LINKS} {{title, url}} objects",
                      field="context_links")
    out = []
    for i, link in enumerate(value):
        if not isinstance(link, dict) or set(link) != {"title", "url"}:
            raise Invalid("each context link is {title, url}", field=f"context_links.{i}")
        url = validate.text(f"context_links.{i}.url", link["url"], max_len=2000, one_line=True)
        if not URL_RE.match(url):
            raise Invalid("a context link url starts with http:// or https://", field=f"context_links.{i}.url")
        out.append({"title": validate.text(f"context_links.{i}.title", link["title"]), "url": url})
    return out


def _number(field: str, value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) > 1e15:
        raise Invalid(f"{field} must be a number", field=field)
    return float(value)


def _check_measurable(session: Session, actor: Actor, measurable_id) -> str | None:
    if measurable_id is None:
        return None
    measurable_id = validate.text("measurable_id", measurable_id, max_len=40)
    try:
        from otp.scorecard.models import Measurable
    except ImportError:  # the scorecard domain is optional; without it the id is kept as given
        return measurable_id
    row = session.get(Measurable, measurable_id)
    if row is None or row.org_id != actor.org_id:
        raise NotFound(f"no measurable {measurable_id!r} in this organization", field="measurable_id")
    return measurable_id


def _check_parent(session: Session, actor: Actor, outcome_id: str | None, parent_id) -> str | None:
    if parent_id is None:
        return None
    parent = get_outcome(session, actor, parent_id, field="parent_id")
    seen, node = set(), parent
    while node is not None and node.id not in seen:
        if node.id == outcome_id:
            raise Conflict("an outcome cannot sit under itself or an outcome below it (a cycle)", field="parent_id")
        seen.add(node.id)
        node = session.get(Outcome, node.parent_id) if node.parent_id else None
    return parent.id


def check_reviewer(session: Session, owner_seat_id: str, reviewer_seat_id: str | None, field: str) -> None:
    """The reviewer is another seat, held by someone other than the owner's occupant."""
    if reviewer_seat_id is None:
        return
    if reviewer_seat_id == owner_seat_id:
        raise Conflict("the reviewer seat must differ from the owner seat", field=field)
    owner_holder = occupant(session.get(Seat, owner_seat_id))
    if owner_holder is not None and owner_holder == occupant(session.get(Seat, reviewer_seat_id)):
        raise Conflict("the reviewer seat is held by the owner seat's occupant; pick a seat held by someone else",
                       field=field)


def _fields(session: Session, actor: Actor, outcome_id: str | None, changes: dict) -> dict:
    clean: dict = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = validate.text("title", value)
        elif key == "definition_of_done":
            clean[key] = validate.text("definition_of_done", value, max_len=4000)
        elif key == "kind":
            clean[key] = validate.choice("kind", value, OUTCOME_KINDS)
        elif key == "quarter":
            clean[key] = None if value is None else quarter("quarter", value)
        elif key == "due_date":
            clean[key] = parse_date("due_date", value)
        elif key == "measurable_id":
            clean[key] = _check_measurable(session, actor, value)
        elif key == "target":
            clean[key] = _number("target", value)
        elif key == "reviewer_seat_id":
            clean[key] = None if value is None else seat_in_org(session, actor, value, "reviewer_seat_id").id
        elif key == "parent_id":
            clean[key] = _check_parent(session, actor, outcome_id, value)
        elif key == "context_links":
            clean[key] = _links(value)
        elif key == "guardrails":
            clean[key] = validate.string_list("guardrails", value, min_items=0, max_items=MAX_GUARDRAILS,
                                              max_len=500)
        elif key == "owner_seat_id":
            raise Invalid("change the owner explicitly: POST /api/v1/outcomes/{id}/owner", field="owner_seat_id")
        else:
            raise Invalid(f"unknown or read-only field {key!r}; editable: {', '.join(EDITABLE)}", field=key)
    return clean


def _jsonable(clean: dict) -> dict:
    return {k: (iso_date(v) if isinstance(v, date) else v) for k, v in clean.items()}


@command("outcome.create")
def create_outcome(session: Session, actor: Actor, *, title: str, definition_of_done: str, owner_seat_id: str,
                   kind: str = "rock", quarter: str | None = None, due_date: str | date | None = None,
                   measurable_id: str | None = None, target: float | None = None,
                   reviewer_seat_id: str | None = None, parent_id: str | None = None,
                   context_links: list | None = None, guardrails: list | None = None) -> Outcome:
    """A rock without a quarter is for the current quarter (in the organization's timezone)."""
    owner = seat_in_org(session, actor, owner_seat_id, "owner_seat_id")
    clean = _fields(session, actor, None, {
        "title": title, "definition_of_done": definition_of_done, "kind": kind, "quarter": quarter,
        "due_date": due_date, "measurable_id": measurable_id, "target": target,
        "reviewer_seat_id": reviewer_seat_id, "parent_id": parent_id,
        "context_links": context_links or [], "guardrails": guardrails or []})
    if clean["kind"] == "rock" and clean["quarter"] is None:
        clean["quarter"] = current_quarter(session, actor.org_id)
    check_reviewer(session, owner.id, clean["reviewer_seat_id"], "reviewer_seat_id")
    payload = {"owner_seat_id": owner.id, **_jsonable(clean)}
    require(session, actor, "outcome.create", {"type": "outcome", "owner_seat_id": owner.id}, payload=payload)
    outcome = Outcome(id=new_id("out"), org_id=actor.org_id, owner_seat_id=owner.id, status="not_started", **clean)
    session.add(outcome)
    session.flush()
    record(session, actor, "outcome.created", "outcome", outcome.id, payload)
    return outcome


@command("outcome.update")
def update_outcome(session: Session, actor: Actor, *, outcome_id: str, changes: dict) -> Outcome:
    if not isinstance(changes, dict):
        raise Invalid("changes must be an object", field="changes")
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    clean = _fields(session, actor, outcome.id, changes)
    if clean.get("kind", outcome.kind) == "rock" and "quarter" in clean and clean["quarter"] is None:
        raise Conflict("a rock needs a quarter (e.g. 2026-Q2); change kind to clear it", field="quarter")
    if clean.get("kind") == "rock" and outcome.quarter is None and "quarter" not in clean:
        clean["quarter"] = current_quarter(session, actor.org_id)
    if "reviewer_seat_id" in clean:
        check_reviewer(session, outcome.owner_seat_id, clean["reviewer_seat_id"], "reviewer_seat_id")
    changed = {k: v for k, v in clean.items() if getattr(outcome, k) != v}
    require(session, actor, "outcome.update", resource_of(outcome),
            payload={"outcome_id": outcome.id, "changes": _jsonable(clean)})
    if changed:
        for key, value in changed.items():
            setattr(outcome, key, value)
        record(session, actor, "outcome.updated", "outcome", outcome.id, _jsonable(changed))
    return outcome


@command("outcome.assign")
def change_owner(session: Session, actor: Actor, *, outcome_id: str, owner_seat_id: str, reason: str = "") -> Outcome:
    """The explicit, recorded way to hand an outcome to another seat."""
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    seat = seat_in_org(session, actor, owner_seat_id, "owner_seat_id")
    reason = validate.text("reason", reason, max_len=2000, required=False)
    payload = {"outcome_id": outcome.id, "owner_seat_id": seat.id, "reason": reason}
    # Reach both ways: handed away from a seat within reach (checked even when nothing would
    # change), to a seat within reach.
    require(session, actor, "outcome.assign", resource_of(outcome), payload=payload)
    if seat.id == outcome.owner_seat_id:
        return outcome
    check_reviewer(session, seat.id, outcome.reviewer_seat_id, "owner_seat_id")
    require(session, actor, "outcome.assign", {**resource_of(outcome), "owner_seat_id": seat.id}, payload=payload)
    previous, outcome.owner_seat_id = outcome.owner_seat_id, seat.id
    record(session, actor, "outcome.owner_changed", "outcome", outcome.id,
           {"from_seat_id": previous, "to_seat_id": seat.id, "reason": reason})
    return outcome


def resource_of(outcome: Outcome) -> dict:
    return {"type": "outcome", "id": outcome.id, "owner_seat_id": outcome.owner_seat_id, "outcome_id": outcome.id}




def list_outcomes(session: Session, actor: Actor, *, owner_seat_id: str | None = None, status: str | None = None,
                  kind: str | None = None, quarter: str | None = None, parent_id: str | None = None,
                  cursor: str | None = None, limit: int = 50) -> tuple[list[Outcome], str | None]:
    q = select(Outcome).where(Outcome.org_id == actor.org_id)
    if owner_seat_id is not None:
        q = q.where(Outcome.owner_seat_id == owner_seat_id)
    if status is not None:
        q = q.where(Outcome.status == validate.choice("status", status, OUTCOME_STATUSES))
    if kind is not None:
        q = q.where(Outcome.kind == validate.choice("kind", kind, OUTCOME_KINDS))
    if quarter is not None:
        q = q.where(Outcome.quarter == quarter)
    if parent_id is not None:
        q = q.where(Outcome.parent_id == parent_id)
    if cursor is not None:
        q = q.where(Outcome.id > cursor)
    limit = limit_of(limit)
    rows = list(session.execute(q.order_by(Outcome.id).limit(limit)).scalars())
    return rows, (rows[-1].id if len(rows) == limit else None)
