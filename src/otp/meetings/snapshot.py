"""Snapshots of what the meeting reviews: the scorecard (13 periods, on/off per cell) and the
quarter's rocks, limited to what the agenda's sections are bound to. Frozen as JSON on the
instance at start and again at the end, so the minutes can say what changed in the room."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core import clock
from otp.core.types import iso
from otp.meetings.common import holder
from otp.org.models import Seat
from otp.scorecard.view import scorecard
from otp.work.common import current_quarter, iso_date
from otp.work.models import Outcome


def _bound(agenda: list[dict], kind: str) -> set[str] | None:
    """The seats the agenda's sections of `kind` are bound to; None: everything (or no binding)."""
    sections = [s for s in agenda if s["kind"] == kind]
    if not sections or any(s.get("seat_ids") in (None, []) for s in sections):
        return None
    return {seat for s in sections for seat in s["seat_ids"]}


def take(session: Session, org_id: str, agenda: list[dict]) -> dict:
    return {"taken_at": iso(clock.now()), "scorecard": _scorecard(session, org_id, _bound(agenda, "scorecard")),
            "rocks": _rocks(session, org_id, _bound(agenda, "rock_review"))}


def _scorecard(session: Session, org_id: str, seats: set[str] | None) -> dict:
    data = scorecard(session, system_actor(org_id))
    rows = []
    for group in data["groups"]:
        seat = group["seat"] or {}
        if seats is not None and seat.get("id") not in seats:
            continue
        for m in group["measurables"]:
            values, judged = _cells(m)
            last = max((i for i, v in enumerate(values) if v is not None), default=None)
            rows.append({"id": m["id"], "title": m["title"], "owner_seat_id": seat.get("id"),
                         "seat_title": seat.get("title"), "owner": (seat.get("occupant") or {}).get("name"),
                         "unit": m["unit"], "comparator": m["comparator"], "target": m["target"],
                         "target_max": m["target_max"], "cadence": m["cadence"], "values": values,
                         "on_target": judged, "trend": m["trend"],
                         "last": None if last is None else values[last],
                         "last_on_target": None if last is None else judged[last]})
    return {"periods": data["periods"]["weekly"], "rows": rows}


def _cells(row: dict) -> tuple[list, list]:
    """(values, on_target) per period, oldest first, from the scorecard view's row."""
    if "cells" in row:
        return [c["value"] for c in row["cells"]], [c["on_target"] for c in row["cells"]]
    return row["values"], row["on_target"]


def _rocks(session: Session, org_id: str, seats: set[str] | None) -> list[dict]:
    q = select(Outcome, Seat.title).join(Seat, Seat.id == Outcome.owner_seat_id).where(
        Outcome.org_id == org_id, Outcome.kind == "rock", Outcome.quarter == current_quarter(session, org_id))
    if seats is not None:
        q = q.where(Outcome.owner_seat_id.in_(seats))
    out = []
    for rock, seat_title in session.execute(q.order_by(Seat.position, Outcome.title, Outcome.id)):
        owner = holder(session, rock.owner_seat_id)
        out.append({"id": rock.id, "title": rock.title, "owner_seat_id": rock.owner_seat_id, "seat_title": seat_title,
                    "owner": owner["name"] if owner else None, "status": rock.status, "status_note": rock.status_note,
                    "due_date": iso_date(rock.due_date)})
    return out
