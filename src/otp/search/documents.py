"""What each searchable thing contributes to the index: its kind, a title and a body.

A document function reads attributes only (so it works on an ORM object in the flush hook and on a
plain row in the migration's backfill) and may look up a related row through `conn` (a person's
name for a membership, a meeting's team). None means "not searchable now" (an archived SOP, a
meeting without minutes): the entry goes away.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from otp.meetings.models import Meeting, MeetingSeries
from otp.org.models import Agent, Membership, Person, Seat
from otp.scorecard.models import Measurable
from otp.sops.models import Sop
from otp.work.models import Headline, Issue, Outcome, Todo

# In the order a results page lists groups that rank equally; labels are what people read.
KINDS = {
    "seat": "Seats", "person": "People", "agent": "Agents", "rock": "Rocks", "outcome": "Outcomes",
    "measurable": "Measurables", "issue": "Issues", "todo": "To-dos", "headline": "Headlines",
    "sop": "SOPs", "meeting": "Meetings",
}
BODY_MAX = 20_000  # minutes can be long; the index needs their words, not every one of a novel


@dataclass(frozen=True)
class Doc:
    org_id: str
    ref_id: str
    kind: str
    title: str
    body: str
    parent_id: str | None = None


def _lines(*parts: Any) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, (list, tuple)):
            out += [str(p) for p in part if p]
        elif part:
            out.append(str(part))
    return "\n".join(out)[:BODY_MAX]


def seat(_conn, o) -> Doc:
    return Doc(o.org_id, o.id, "seat", o.title, _lines(o.purpose, o.responsibilities))


def agent(_conn, o) -> Doc:
    return Doc(o.org_id, o.id, "agent", o.name, _lines(o.description, o.runtime, o.model))


def membership(conn: Connection, o) -> Doc | None:
    person = conn.execute(select(Person.name, Person.email).where(Person.id == o.person_id)).first()
    if person is None:
        return None
    return Doc(o.org_id, o.person_id, "person", person.name, person.email)


def outcome(_conn, o) -> Doc:
    kind = "rock" if o.kind == "rock" else "outcome"
    return Doc(o.org_id, o.id, kind, o.title, _lines(o.definition_of_done, o.status_note, o.guardrails))


def measurable(_conn, o) -> Doc | None:
    if o.archived_at is not None:
        return None
    return Doc(o.org_id, o.id, "measurable", o.title, _lines(o.key, o.description, o.unit))


def issue(_conn, o) -> Doc:
    return Doc(o.org_id, o.id, "issue", o.title, _lines(o.details, o.solution))


def todo(_conn, o) -> Doc:
    return Doc(o.org_id, o.id, "todo", o.title, "")


def headline(_conn, o) -> Doc:
    return Doc(o.org_id, o.id, "headline", o.text, o.kind, parent_id=o.meeting_id)


def sop(_conn, o) -> Doc | None:
    if o.archived_at is not None:
        return None
    return Doc(o.org_id, o.id, "sop", o.title, _lines(o.key, o.trigger, o.steps, o.outputs, o.tools, o.notes))


def meeting(conn: Connection, o) -> Doc | None:
    if not o.minutes:
        return None
    team = conn.execute(select(MeetingSeries.team).where(MeetingSeries.id == o.series_id)).scalar()
    return Doc(o.org_id, o.id, "meeting", f"{team or 'Meeting'}, {o.scheduled_at:%Y-%m-%d}", _lines(o.minutes))


# model → (document function, the attributes whose change changes the document).
INDEXED: dict[type, tuple[Callable[[Connection, Any], Doc | None], frozenset[str]]] = {
    Seat: (seat, frozenset({"title", "purpose", "responsibilities"})),
    Agent: (agent, frozenset({"name", "description", "runtime", "model"})),
    Membership: (membership, frozenset({"person_id", "org_id"})),
    Outcome: (outcome, frozenset({"title", "definition_of_done", "status_note", "guardrails", "kind"})),
    Measurable: (measurable, frozenset({"title", "key", "description", "unit", "archived_at"})),
    Issue: (issue, frozenset({"title", "details", "solution"})),
    Todo: (todo, frozenset({"title"})),
    Headline: (headline, frozenset({"text", "kind", "meeting_id"})),
    Sop: (sop, frozenset({"title", "key", "trigger", "steps", "outputs", "tools", "notes", "archived_at"})),
    Meeting: (meeting, frozenset({"minutes", "scheduled_at"})),
}
# Changes to these reach entries of another model: a person's name and email (their entries in
# every organization), a series' team (its meetings' titles).
FOLLOWERS = {Person: frozenset({"name", "email"}), MeetingSeries: frozenset({"team"})}
