"""An in-memory view of one organization's chart, used to check the tree rules before writing.

Loaded in one query of three columns, so checking a 10,000-seat chart stays in milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.org.models import Seat


@dataclass
class Tree:
    parent: dict[str, str | None] = field(default_factory=dict)
    holder: dict[str, str | None] = field(default_factory=dict)  # "person" | "agent" | None

    @classmethod
    def load(cls, session: Session, org_id: str) -> "Tree":
        tree = cls()
        rows = session.execute(select(Seat.id, Seat.parent_id, Seat.occupant_person_id, Seat.occupant_agent_id)
                               .where(Seat.org_id == org_id))
        for seat_id, parent_id, person_id, agent_id in rows:
            tree.parent[seat_id] = parent_id
            tree.holder[seat_id] = "person" if person_id else "agent" if agent_id else None
        return tree

    def children(self) -> dict[str | None, list[str]]:
        out: dict[str | None, list[str]] = {}
        for seat_id, parent_id in self.parent.items():
            out.setdefault(parent_id, []).append(seat_id)
        return out

    def ancestors(self, seat_id: str) -> list[str]:
        """Nearest first. Bounded by the number of seats, so a corrupt cycle cannot hang us."""
        out, current, guard = [], self.parent.get(seat_id), len(self.parent)
        while current is not None and guard > 0:
            out.append(current)
            current = self.parent.get(current)
            guard -= 1
        return out

    def is_in_subtree(self, seat_id: str, root_id: str) -> bool:
        return seat_id == root_id or root_id in self.ancestors(seat_id)

    def subtree(self, root_id: str) -> list[str]:
        kids = self.children()
        out, stack = [], [root_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(kids.get(current, []))
        return out

    def roots(self) -> list[str]:
        return [s for s, p in self.parent.items() if p is None]

    def agents_without_human_above(self) -> list[str]:
        """Agent-held seats with no person-held seat among their ancestors (one pass from the roots)."""
        kids = self.children()
        orphans: list[str] = []
        stack = [(root, False) for root in kids.get(None, [])]
        while stack:
            seat_id, human_above = stack.pop()
            if self.holder[seat_id] == "agent" and not human_above:
                orphans.append(seat_id)
            below = human_above or self.holder[seat_id] == "person"
            stack.extend((child, below) for child in kids.get(seat_id, []))
        return orphans
