"""What a seat still owns elsewhere on the platform, and handing it over to another seat.

Deleting a seat must never leave work without an owner or fail half-way on a foreign key. The
domains that keep rows pointing at seats (outcomes, issues, to-dos, measurables, SOPs, meeting
series, ...) each describe those rows in a module `otp.<domain>.seat_work`:

    held(session, org_id, seat_id) -> list[Held]
        what the seat owns in that domain, per kind (nothing: an empty list);
    check_hand_over(session, org_id, seat_id, to_seat_id) -> None          (optional)
        raise Conflict if the hand-over would break one of the domain's rules;
    hand_over(session, actor, seat_id, to_seat_id, reason) -> None
        move every row to `to_seat_id`, one event per changed row.

Discovered by module name, so the chart never imports the domains built on top of it. Every
check runs before any change, so a refused hand-over changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from otp.auth.actor import Actor


@dataclass(frozen=True)
class Held:
    kind: str  # plural noun, e.g. "outcomes", "to-dos"
    total: int
    open: int  # still being worked on (not done, solved, dropped or archived)

    def describe(self) -> str:
        one = self.total == 1 and self.kind.endswith("s") and not self.kind.endswith("series")
        text = f"{self.total} {self.kind[:-1] if one else self.kind}"
        return text if self.open == self.total else f"{text} ({self.open} open)"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "total": self.total, "open": self.open}


def _providers() -> list:
    from otp.domains import submodules
    return [m for m in submodules("seat_work") if hasattr(m, "held") and hasattr(m, "hand_over")]


def held(session: Session, org_id: str, seat_id: str) -> list[Held]:
    """Everything the seat owns, in domain order; kinds with nothing are left out."""
    out: list[Held] = []
    for provider in _providers():
        out.extend(h for h in provider.held(session, org_id, seat_id) if h.total)
    return out


def describe(items: list[Held]) -> str:
    return ", ".join(h.describe() for h in items)


def hand_over(session: Session, actor: Actor, seat_id: str, to_seat_id: str, reason: str) -> None:
    providers = _providers()
    for provider in providers:
        check = getattr(provider, "check_hand_over", None)
        if check is not None:
            check(session, actor.org_id, seat_id, to_seat_id)
    for provider in providers:
        provider.hand_over(session, actor, seat_id, to_seat_id, reason)
