"""Names for one page: the organization's seats (in chart order), people and agents, loaded in
three queries, so a list of 300 rows never looks a name up row by row (no N+1)."""
from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.org.chart_read import chart_rows
from otp.org.models import Agent, Membership, Person


class Directory:
    def __init__(self, session: Session, org_id: str):
        # Parents before children, siblings in order; names only (no purpose or responsibilities).
        self.seat_rows = chart_rows(session, org_id, full=False)
        self.seats = {row["id"]: row for row in self.seat_rows}
        self.order = {row["id"]: i for i, row in enumerate(self.seat_rows)}
        self.people = dict(session.execute(
            select(Person.id, Person.name).join(Membership, Membership.person_id == Person.id)
            .where(Membership.org_id == org_id)).all())
        self.agents = dict(session.execute(select(Agent.id, Agent.name).where(Agent.org_id == org_id)).all())

    def seat_title(self, seat_id: str | None) -> str:
        row = self.seats.get(seat_id) if seat_id else None
        return row["title"] if row else "(no seat)"

    def holder(self, seat_id: str | None) -> str:
        row = self.seats.get(seat_id) if seat_id else None
        occupant = row and row["occupant"]
        return occupant["name"] if occupant else "vacant"

    def who(self, kind: str | None, actor_id: str | None) -> str:
        """A readable name for an actor reference {kind, id}."""
        if kind == "person":
            return self.people.get(actor_id, "a former member")
        if kind == "agent":
            return f"{self.agents.get(actor_id, 'an agent')} (agent)"
        return "OTP"

    def seats_held_by(self, kind: str, actor_id: str | None) -> list[str]:
        return [row["id"] for row in self.seat_rows
                if row["occupant"] and row["occupant"]["kind"] == kind and row["occupant"]["id"] == actor_id]

    def seat_options(self, selected=None, blank: str | None = None) -> Markup:
        """<option>s for a seat picker, built once per page in Python: a 1,000-seat chart makes
        1,000 options, which a template loop renders several times slower. `selected`: a seat
        id, or several (a multiple select)."""
        chosen = {selected} if isinstance(selected, str) else set(selected or ())
        if not hasattr(self, "_options"):
            self._options = {row["id"]: f'<option value="{escape(row["id"])}">{escape(row["title"])}'
                                        + (f' ({escape(row["occupant"]["name"])})' if row["occupant"] else "")
                                        + "</option>" for row in self.seat_rows}
        parts = [f'<option value="">{escape(blank)}</option>'] if blank else []
        for seat_id, html in self._options.items():
            parts.append(html.replace("<option ", "<option selected ", 1) if seat_id in chosen else html)
        return Markup("".join(parts))

    def by_chart(self, seat_id: str | None) -> int:
        """Sort key: chart order, unowned last."""
        return self.order.get(seat_id, len(self.order))
