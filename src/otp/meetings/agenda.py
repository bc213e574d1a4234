"""Agenda templates: ordered sections of typed kinds, each bound to the data it reviews.

A section is {kind, minutes, title, seat_ids?}. `seat_ids` binds the scorecard section to a
scorecard group (the measurables those seats own) and the rock review to a team's rocks (the
rocks those seats own); without it, the whole organization's. Other kinds take no binding:
headlines and to-dos follow the attendees, IDS works the organization's issues list.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core import validate
from otp.core.errors import Invalid, NotFound
from otp.org.models import Seat

KINDS = ("segue", "scorecard", "rock_review", "headlines", "todos", "ids", "conclude")
BOUND = ("scorecard", "rock_review")  # the kinds that take seat_ids
TITLES = {"segue": "Segue", "scorecard": "Scorecard", "rock_review": "Rock review", "headlines": "Headlines",
          "todos": "To-do list", "ids": "IDS", "conclude": "Conclude"}
DEFAULT = [("segue", 5), ("scorecard", 5), ("rock_review", 5), ("headlines", 5), ("todos", 5), ("ids", 60),
           ("conclude", 5)]
MIN_MINUTES, MAX_MINUTES = 1, 240
MAX_SECTIONS = 20
MAX_SEATS = 200


def default_agenda() -> list[dict]:
    return [{"kind": kind, "minutes": minutes, "title": TITLES[kind]} for kind, minutes in DEFAULT]


def check_agenda(session: Session, org_id: str, agenda, field: str = "agenda") -> list[dict]:
    """Validate a template; returns it cleaned (titles defaulted, seat ids checked)."""
    if not isinstance(agenda, list) or not agenda:
        raise Invalid("an agenda needs at least one section", field=field)
    if len(agenda) > MAX_SECTIONS:
        raise Invalid(f"an agenda has at most {MAX_SECTIONS} sections", field=field)
    out = []
    for i, section in enumerate(agenda):
        at = f"{field}.{i}"
        if not isinstance(section, dict):
            raise Invalid("each section is {kind, minutes, title?, seat_ids?}", field=at)
        unknown = set(section) - {"kind", "minutes", "title", "seat_ids"}
        if unknown:
            raise Invalid(f"unknown section field {sorted(unknown)[0]!r}", field=f"{at}.{sorted(unknown)[0]}")
        kind = validate.choice(f"{at}.kind", section.get("kind"), KINDS)
        minutes = validate.integer(f"{at}.minutes", section.get("minutes"), low=MIN_MINUTES, high=MAX_MINUTES)
        title = validate.text(f"{at}.title", section.get("title"), max_len=100, required=False) or TITLES[kind]
        clean = {"kind": kind, "minutes": minutes, "title": title}
        seat_ids = section.get("seat_ids")
        if seat_ids is not None:
            if kind not in BOUND:
                raise Invalid(f"only {' and '.join(BOUND)} sections are bound to seats", field=f"{at}.seat_ids")
            clean["seat_ids"] = check_seats(session, org_id, seat_ids, f"{at}.seat_ids", allow_empty=True)
        out.append(clean)
    return out


def check_seats(session: Session, org_id: str, seat_ids, field: str, *, allow_empty: bool = False) -> list[str]:
    """A list of distinct seat ids of this organization, in the order given."""
    if not isinstance(seat_ids, list) or len(seat_ids) > MAX_SEATS or (not seat_ids and not allow_empty):
        raise Invalid(f"{field} must be a list of 1 to {MAX_SEATS} seat ids", field=field)
    if any(not isinstance(s, str) or not s or len(s) > 40 or "\x00" in s for s in seat_ids):
        raise Invalid(f"{field} must hold seat ids", field=field)
    found = set(session.execute(select(Seat.id).where(Seat.org_id == org_id, Seat.id.in_(seat_ids))).scalars())
    for i, seat_id in enumerate(seat_ids):
        if seat_id not in found:
            raise NotFound(f"no seat {seat_id!r} in this organization", field=f"{field}.{i}")
    return list(dict.fromkeys(seat_ids))


def total_minutes(agenda: list[dict]) -> int:
    return sum(section["minutes"] for section in agenda)


def summary(agenda: list[dict]) -> str:
    """One line per section, as calendars and minutes show it."""
    return "\n".join(f"{i}. {s['title']} ({s['minutes']} min)" for i, s in enumerate(agenda, start=1))


OPS = ("save", "up", "down", "remove", "add")


def edit(sections: list[dict], op: str, index: int | None = None, new: dict | None = None) -> list[dict]:
    """An agenda template after one editing step (the editor's buttons): `up`/`down` swap
    section `index` with its neighbour, `remove` drops it, `add` appends `new`, `save` keeps the
    order. Returns a new list; check_agenda validates the result before it is stored."""
    out = [dict(s) for s in sections]
    if op not in OPS:
        raise Invalid(f"unknown agenda edit {op!r}", field="op")
    if op in ("up", "down", "remove") and (index is None or not 0 <= index < len(out)):
        raise Invalid("no such section", field="op")
    if op == "up" and index > 0:
        out[index - 1], out[index] = out[index], out[index - 1]
    elif op == "down" and index < len(out) - 1:
        out[index + 1], out[index] = out[index], out[index + 1]
    elif op == "remove":
        del out[index]
    elif op == "add":
        out.append(dict(new or {}))
    return out
