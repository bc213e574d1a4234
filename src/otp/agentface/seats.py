"""Where an actor sits: the seats it holds and the chain of seats above one of them.

The chain is read with one recursive query (a handful of rows), never by loading the whole
chart: the briefing is served for agents in 10,000-seat organizations and must stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, literal, select
from sqlalchemy.orm import Session

from otp.org.models import Agent, Person, Seat
from otp.org.tree import Tree

MAX_DEPTH = 10_000  # a corrupt cycle cannot loop forever


@dataclass(frozen=True)
class SeatRow:
    id: str
    title: str
    parent_id: str | None
    purpose: str
    responsibilities: list
    holder_kind: str | None  # "person" | "agent" | None (vacant)
    holder_id: str | None
    holder_name: str | None

    def holder(self) -> dict | None:
        if self.holder_kind is None:
            return None
        return {"kind": self.holder_kind, "id": self.holder_id, "name": self.holder_name}


def _row(r) -> SeatRow:
    sid, title, parent, purpose, resps, pid, pname, aid, aname = r
    kind = "person" if pid else "agent" if aid else None
    return SeatRow(sid, title, parent, purpose or "", list(resps or []), kind, pid or aid, pname or aname)


def core(session: Session):
    """The session's connection, for plain Core statements built once (cheaper than
    `session.execute`); pending ORM changes are flushed first, as `session.execute` would."""
    session.flush()
    return session.connection()


def ids_in(column, n: int, name: str = "id"):
    """`column IN (:id0, ..., :id{n-1})`, for statements built once per list length: an expanding
    parameter is re-rendered on every execution, which costs more than these small queries."""
    return column.in_([bindparam(f"{name}{i}") for i in range(n)])


def ids_params(ids: list[str], name: str = "id") -> dict:
    return {f"{name}{i}": v for i, v in enumerate(ids)}


def _chains_statement(column):
    walk = (select(Seat.id.label("origin"), Seat.id, Seat.parent_id, literal(0).label("depth"))
            .where(column == bindparam("holder_id"), Seat.org_id == bindparam("org_id")).cte("walk", recursive=True))
    up = Seat.__table__.alias("up")
    walk = walk.union_all(select(walk.c.origin, up.c.id, up.c.parent_id, walk.c.depth + 1)
                          .where(up.c.id == walk.c.parent_id, walk.c.depth < MAX_DEPTH))
    return (select(walk.c.origin, walk.c.depth, Seat.created_at, Seat.id, Seat.title, Seat.parent_id, Seat.purpose,
                   Seat.responsibilities, Seat.occupant_person_id, Person.name, Seat.occupant_agent_id, Agent.name)
            .join(Seat, Seat.id == walk.c.id)
            .outerjoin(Person, Person.id == Seat.occupant_person_id)
            .outerjoin(Agent, Agent.id == Seat.occupant_agent_id))


# Built once (a plain Core statement with bound parameters): building it costs more than running it.
_CHAINS = {"person": _chains_statement(Seat.occupant_person_id), "agent": _chains_statement(Seat.occupant_agent_id)}


def held_chains(session: Session, org_id: str, kind: str, holder_id: str | None) -> list[list[SeatRow]]:
    """For each seat the actor holds (oldest first): that seat, then every seat above it, nearest
    first. One recursive query, whatever the size of the chart."""
    if kind not in ("person", "agent") or holder_id is None:
        return []
    rows = core(session).execute(_CHAINS[kind], {"holder_id": holder_id, "org_id": org_id}).all()
    chains: dict[str, list] = {}
    created: dict[str, tuple] = {}
    for origin, depth, created_at, *rest in rows:
        chains.setdefault(origin, []).append((depth, _row(rest)))
        if depth == 0:
            created[origin] = (created_at, origin)
    return [[r for _d, r in sorted(chains[o], key=lambda x: x[0])] for o in sorted(chains, key=created.__getitem__)]


def partial_tree(rows: list[SeatRow]) -> Tree:
    """A Tree holding only one chain: enough for the SOP inheritance walk of its bottom seat."""
    tree = Tree()
    for r in rows:
        tree.parent[r.id] = r.parent_id
        tree.holder[r.id] = r.holder_kind
    return tree


def humans_above(rows: list[SeatRow]) -> list[SeatRow]:
    """The escalation path: person-held seats strictly above the chain's first seat, nearest first."""
    return [r for r in rows[1:] if r.holder_kind == "person"]
