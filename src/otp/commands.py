"""Mutations by name, so a held action can run later exactly as it was asked.

An approval request stores (action class, payload). When it is approved, the platform calls
`run(session, requester, action, payload)`, which finds the service registered for that action
class and calls it as `fn(session, actor, **payload)` — the same function the faces call.

Register with the decorator next to the service, and name its module in MODULES:

    @command("measurable.report")
    def report(session, actor, *, measurable_id, value, period=None): ...

MODULES is the one declared list of the modules that register here; it is loaded before a held
action is looked up, so what can be approved and run never depends on which modules this process
happened to import first.
"""
from __future__ import annotations

import importlib
from typing import Callable

from sqlalchemy.orm import Session

from otp.auth.actor import Actor

_REGISTRY: dict[str, Callable] = {}

MODULES = (
    "otp.governance.approvals", "otp.governance.autonomy", "otp.governance.escalations",
    "otp.governance.external", "otp.governance.guards", "otp.governance.policy_edit",
    "otp.work.evidence", "otp.work.headlines", "otp.work.issue_flow", "otp.work.issues",
    "otp.work.milestones", "otp.work.outcome_status", "otp.work.outcomes", "otp.work.todos",
    "otp.scorecard.entries", "otp.scorecard.measurables",
    "otp.sops.edit",
    "otp.meetings.ops", "otp.meetings.prep",
    "otp.oos.drafts", "otp.oos.learning", "otp.oos.publish",
)
_loaded = False


def command(action: str) -> Callable[[Callable], Callable]:
    def register(fn: Callable) -> Callable:
        if action in _REGISTRY and _REGISTRY[action] is not fn:
            raise ValueError(f"two services registered for {action}")
        _REGISTRY[action] = fn
        return fn
    return register


def _registry() -> dict[str, Callable]:
    global _loaded
    if not _loaded:
        for name in MODULES:
            importlib.import_module(name)
        _loaded = True
    return _REGISTRY


def has(action: str) -> bool:
    return action in _registry()


def run(session: Session, actor: Actor, action: str, payload: dict):
    if action not in _registry():
        raise KeyError(f"no service registered for action {action!r}")
    return _REGISTRY[action](session, actor, **payload)
