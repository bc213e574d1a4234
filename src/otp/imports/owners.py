"""Who owns a row: exports name an owner by person (Ninety, Bloom Growth) where OTP needs a
seat. A cell is read as a seat title, else as the email or name of whoever holds exactly one
seat. Anything else is a line error that says what to write instead."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.org.models import Agent, Membership, Person, Seat


class Owners:
    def __init__(self, session: Session, org_id: str):
        seats = session.execute(select(Seat.id, Seat.title, Seat.occupant_person_id, Seat.occupant_agent_id)
                                .where(Seat.org_id == org_id)).all()
        self.by_title: dict[str, list[str]] = {}
        held: dict[str, list[str]] = {}
        self.title_of: dict[str, str] = {}
        for seat_id, title, person_id, agent_id in seats:
            self.by_title.setdefault(title.casefold(), []).append(seat_id)
            self.title_of[seat_id] = title
            if person_id or agent_id:
                held.setdefault(person_id or agent_id, []).append(seat_id)
        self.by_holder: dict[str, list[str]] = {}
        people = session.execute(select(Person.id, Person.name, Person.email).join(
            Membership, Membership.person_id == Person.id).where(Membership.org_id == org_id)).all()
        for person_id, name, email in people:
            for key in (name.casefold(), email.casefold()):
                self.by_holder.setdefault(key, []).extend(held.get(person_id, []))
        for agent_id, name in session.execute(select(Agent.id, Agent.name).where(Agent.org_id == org_id)):
            self.by_holder.setdefault(name.casefold(), []).extend(held.get(agent_id, []))

    def seat_for(self, cell: str) -> tuple[str | None, str | None]:
        """(seat id, None) or (None, why not)."""
        key = cell.strip().casefold()
        if not key:
            return None, "is empty: name the owner's seat title (or its holder)"
        titled = self.by_title.get(key, [])
        if len(titled) == 1:
            return titled[0], None
        if len(titled) > 1:
            return None, f"{cell!r}: {len(titled)} seats have this title; rename one on the chart"
        if key not in self.by_holder:
            return None, f"{cell!r} is neither a seat on the chart nor someone who holds one; import the chart first"
        seats = sorted(set(self.by_holder[key]))
        if not seats:
            return None, f"{cell!r} holds no seat; give them one on the chart, or name a seat title"
        if len(seats) > 1:
            names = ", ".join(sorted(self.title_of[s] for s in seats))
            return None, f"{cell!r} holds several seats ({names}); write the seat title instead"
        return seats[0], None
