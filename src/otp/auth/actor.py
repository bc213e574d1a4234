"""Who is acting. Every request and every service call resolves to exactly one Actor."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    kind: str  # "person" | "agent" | "system"
    id: str | None
    org_id: str
    name: str = ""
    role: str | None = None  # people: owner/admin/member/observer
    level: int | None = None  # agents: 1..8
    status: str | None = None  # agents: active/paused/retired
    scopes: frozenset[str] = field(default_factory=lambda: frozenset({"read", "write", "admin"}))
    token_id: str | None = None

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def is_agent(self) -> bool:
        return self.kind == "agent"

    def ref(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name}


def system_actor(org_id: str) -> Actor:
    """The platform itself (worker, drift checks, demo seeding)."""
    return Actor(kind="system", id=None, org_id=org_id, name="OTP")
