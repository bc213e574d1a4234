"""The whole question of an approval request in one line, built from the stored request.

Who asks (name and seat), what action in words (the catalogue's description), on what (seat,
outcome or agent by name, the channel), how much (the amount as money), why (the requester's
own words), what a yes allows and for how long (a held action runs once, now; a one-time grant
uses grants' wording and hours), and whether it can be undone (the action class's
`reversible`, stored on the request when it was opened). Web, REST, the briefing and the mail
all show this one line, so an approver never has to open anything to weigh a request.
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.orm import Session

from otp.core.lookup import column_value
from otp.governance import grants, settings
from otp.governance.catalog import UnknownActionError
from otp.governance.models import ApprovalRequest
from otp.governance.store import policy_for
from otp.org.models import Agent, Organization, Person, Seat

# A request opened without the requester's own words gets this default question (approvals.py);
# it says nothing about why, so it is not repeated as the reason.
_DEFAULT_PREFIXES = ("May ",)


class Asked(NamedTuple):
    """The stored fields of an approval request that its line is built from, for a reader that
    selected them itself rather than load the whole request (an ApprovalRequest has them too)."""
    org_id: str
    requester_kind: str
    requester_id: str | None
    requester_seat_id: str | None
    action: str
    resource: dict | None
    payload: dict | None
    question: str
    reversible: bool


def money(cents: int | None) -> str:
    """Cents as money: 120000 → "$1,200.00" (the organization's amounts are kept in cents)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


class Names:
    """What the lines of one read look up (names, titles, the organization's settings, its
    policy), each read once: for a caller that renders several lines in one read, which may also
    tell it what it already knows (`know`). Names cannot change within one read."""

    def __init__(self, session: Session):
        self.session = session
        self._known: dict = {}

    def know(self, column, key, value) -> None:
        self._known[(column, key)] = value

    def __call__(self, column, key):
        try:
            return self._known[(column, key)]
        except KeyError:
            found = self._known[(column, key)] = column_value(self.session, column, key)
            return found

    def policy(self, org_id: str):
        try:
            return self._known[("policy", org_id)]
        except KeyError:
            found = self._known[("policy", org_id)] = policy_for(self.session, org_id)
            return found


def action_words(session: Session, org_id: str, action: str, names: Names | None = None) -> str:
    """The action class in words, from the catalogue: 'spend money outside OTP'."""
    try:
        text = (names or Names(session)).policy(org_id).action_class(action).description
    except UnknownActionError:
        return action
    return text[:1].lower() + text[1:] if text else action


def _requester(names: Names, request: ApprovalRequest | Asked) -> tuple[str, str]:
    name = None
    if request.requester_kind == "agent":
        name = names(Agent.name, request.requester_id)
    elif request.requester_kind == "person":
        name = names(Person.name, request.requester_id)
    if name is None:
        name = "OTP" if request.requester_kind == "system" else "a former member"
    if request.requester_kind == "agent":
        name = f"{name} (agent)"
    return name, names(Seat.title, request.requester_seat_id) or ""


def _namer(names: Names, own_seat: str | None = None):
    def name(key: str, value) -> str:
        if key == "owner_seat_id" and value == own_seat:
            return "its own seat"
        if key == "owner_seat_id":
            title = names(Seat.title, value)
            return f"the seat {title}" if title is not None else "a removed seat"
        if key == "outcome_id":
            from otp.work.models import Outcome
            title = names(Outcome.title, value)
            return f"the outcome “{title}”" if title is not None else "a removed outcome"
        if key == "target_agent_id":
            agent = names(Agent.name, value)
            return f"the agent {agent}" if agent is not None else "a removed agent"
        if key == "amount_cents":
            return money(value)
        return f"{key} {value}"
    return name


def why(request: ApprovalRequest | Asked) -> str:
    """The requester's own words: an external declaration's description, or the question it asked
    (without the grant's "If approved ..." sentence, which the line says in its own words)."""
    payload = request.payload or {}
    if isinstance(payload.get("description"), str) and payload["description"].strip():
        return payload["description"].strip()
    asked = (request.question or "").split("\n\nIf approved,")[0].strip()
    if not asked or asked == f"May I do {request.action}?" or (
            asked.startswith(_DEFAULT_PREFIXES) and " perform " in asked.split("?")[0]):
        return ""  # the defaults ("May X perform Y? <policy reason>", "May I do Y?") hold no words of the requester
    return asked


def _what(payload: dict | None) -> str:
    """A held action's own title, when it has one ("create a to-do “Re-check the brand guide”")."""
    for key in ("title", "name"):
        value = (payload or {}).get(key)
        if isinstance(value, str) and value.strip():
            return f" “{value.strip()[:120]}”"
    return ""


def line(session: Session, request: ApprovalRequest | Asked, names: Names | None = None) -> str:
    """The whole question in one line (see the module's docstring); `names` shares the lookups
    of several lines rendered in one read."""
    names = names or Names(session)
    who, seat = _requester(names, request)
    name = _namer(names, request.requester_seat_id)
    asker = f"{who}, {seat}," if seat else who
    resource = request.resource or {}
    fields = grants.resource_fields(resource)
    targets = [name(k, fields[k]) for k in grants.TARGETS if fields.get(k)]
    text = f"{asker} asks to {action_words(session, request.org_id, request.action, names)}{_what(request.payload)}"
    if targets:
        text += f" for {', '.join(targets)}"
    amount = fields.get("amount_cents", (request.payload or {}).get("amount_cents"))
    if isinstance(amount, int):
        text += f": {money(amount)}"
    channel = fields.get("channel") or (request.payload or {}).get("channel")
    if channel:
        text += f" via {channel}"
    reason = why(request)
    if reason:
        text += f" — “{' '.join(reason.split())}”"
    short = who.removesuffix(" (agent)")
    if request.payload is None:  # a one-time grant: grants' own wording, with names for ids
        within = settings.read(names(Organization.settings, request.org_id), grants.GRANT_HOURS)
        yes = grants.allows(short, "it", grants.scope(resource, name), within)
    else:
        yes = f"If approved, it runs once, right away, as {short}."
    undo = "Reversible." if request.reversible else "Not reversible."
    end = "" if text.endswith(("?”", "!”", ".”")) else "."
    return f"{text}{end} {yes} {undo}"
