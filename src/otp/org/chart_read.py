"""Reading the chart as one tree, fast enough for 10,000 seats: one query with outer joins,
plain tuples (no ORM objects), ordered parents-before-children."""
from __future__ import annotations

from sqlalchemy import func, null, select
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


DEFAULT_DEPTH = 2  # a part of the chart asked for by its root alone
MAX_DEPTH = 10  # levels below the root one request may ask for (each level is one query)


def chart_slice(session: Session, org_id: str, root_id: str | None, depth: int) -> list[dict]:
    """Part of the chart: the root seat (every top seat when None) and `depth` levels below it,
    parents before children, each with `children`, its number of direct reports (so a reader
    knows a branch it did not receive has more below). One query per level, never the whole
    organization: a 50,000-seat chart costs what its top levels cost."""
    cols = (Seat.id, Seat.title, Seat.parent_id, Seat.purpose, Seat.responsibilities, Seat.position,
            Seat.occupant_person_id, Person.name, Seat.occupant_agent_id, Agent.name, Agent.level, Agent.status)
    base = (select(*cols).outerjoin(Person, Person.id == Seat.occupant_person_id)
            .outerjoin(Agent, Agent.id == Seat.occupant_agent_id).where(Seat.org_id == org_id))
    conn = session.connection()
    first = base.where(Seat.id == root_id) if root_id else base.where(Seat.parent_id.is_(None))
    level = conn.execute(first).all()
    by_parent: dict[str | None, list[tuple]] = {}
    top = sorted(level, key=_order)
    for _ in range(depth):
        ids = [row[0] for row in level]
        if not ids:
            break
        level = _in_chunks(conn, base, Seat.parent_id, ids)
        for row in level:
            by_parent.setdefault(row[2], []).append(row)
    counts = _child_counts(conn, org_id, [row[0] for row in level]) if level else {}
    out: list[dict] = []
    stack = list(reversed(top))
    while stack:
        row = stack.pop()
        seat = _seat_dict(row)
        kids = by_parent.get(row[0])
        seat["children"] = len(kids) if kids is not None else counts.get(row[0], 0)
        out.append(seat)
        stack.extend(sorted(kids or [], key=_order, reverse=True))
    return out


def _in_chunks(conn, query, column, ids: list[str], size: int = 900) -> list[tuple]:
    """`column IN ids`, a chunk at a time: SQLite caps the number of bound parameters."""
    rows: list[tuple] = []
    for start in range(0, len(ids), size):
        rows.extend(conn.execute(query.where(column.in_(ids[start:start + size]))).all())
    return rows


def _child_counts(conn, org_id: str, ids: list[str]) -> dict[str, int]:
    query = select(Seat.parent_id, func.count()).where(Seat.org_id == org_id).group_by(Seat.parent_id)
    return {parent: n for parent, n in _in_chunks(conn, query, Seat.parent_id, ids)}


def seat_count(session: Session, org_id: str, up_to: int) -> int:
    """The number of seats, counted no further than `up_to`: enough to tell a small chart from a
    big one without walking 50,000 index entries on every page view."""
    probe = select(Seat.id).where(Seat.org_id == org_id).limit(up_to).subquery()
    return session.execute(select(func.count()).select_from(probe)).scalar_one()
