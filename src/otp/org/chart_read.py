"""Reading the chart as one tree, fast enough for 10,000 seats: one query with outer joins,
plain tuples (no ORM objects), ordered parents-before-children."""
from __future__ import annotations

from sqlalchemy import null, select
from sqlalchemy.orm import Session

from otp.org.models import Agent, Person, Seat


def chart_rows(session: Session, org_id: str, *, full: bool = True) -> list[dict]:
    """Every seat as a dict {id, title, parent_id, purpose, responsibilities, occupant}. With
    full=False, purpose and responsibilities are left out (no JSON to decode): what pages that
    only name seats need."""
    text = (Seat.purpose, Seat.responsibilities) if full else (null(), null())
    # Core execution on the connection: plain rows, without the ORM's result machinery.
    rows = session.connection().execute(
        select(Seat.id, Seat.title, Seat.parent_id, *text, Seat.position,
               Seat.occupant_person_id, Person.name, Seat.occupant_agent_id, Agent.name, Agent.level, Agent.status)
        .outerjoin(Person, Person.id == Seat.occupant_person_id)
        .outerjoin(Agent, Agent.id == Seat.occupant_agent_id)
        .where(Seat.org_id == org_id)
    ).all()
    by_parent: dict[str | None, list[tuple]] = {}
    for row in rows:
        by_parent.setdefault(row[2], []).append(row)
    out: list[dict] = []
    # Depth-first, siblings by position then title, so a reader sees the tree in order.
    stack = sorted(by_parent.get(None, []), key=_order, reverse=True)
    while stack:
        row = stack.pop()
        out.append(_seat_dict(row))
        stack.extend(sorted(by_parent.get(row[0], []), key=_order, reverse=True))
    return out


def _order(row: tuple) -> tuple:
    return (row[5], row[1])


def _seat_dict(row: tuple) -> dict:
    (seat_id, title, parent_id, purpose, responsibilities, _pos,
     person_id, person_name, agent_id, agent_name, agent_level, agent_status) = row
    if person_id:
        occupant = {"kind": "person", "id": person_id, "name": person_name}
    elif agent_id:
        occupant = {"kind": "agent", "id": agent_id, "name": agent_name, "level": agent_level,
                    "status": agent_status}
    else:
        occupant = None
    return {"id": seat_id, "title": title, "parent_id": parent_id, "purpose": purpose or "",
            "responsibilities": responsibilities or [], "occupant": occupant}
