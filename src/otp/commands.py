"""Mutations by name, so a held action can run later exactly as it was asked.

An approval request stores (action class, payload). When it is approved, the platform calls
`run(session, requester, action, payload)`, which finds the service registered for that action
class and calls it as `fn(session, actor, **payload)` — the same function the faces call.

Register with the decorator next to the service:

    @command("measurable.report")
    def report(session, actor, *, measurable_id, value, period=None): ...
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from otp.auth.actor import Actor

_REGISTRY: dict[str, Callable] = {}


def command(action: str) -> Callable[[Callable], Callable]:
    def register(fn: Callable) -> Callable:
        if action in _REGISTRY and _REGISTRY[action] is not fn:
            raise ValueError(f"two services registered for {action}")
        _REGISTRY[action] = fn
        return fn
    return register


def has(action: str) -> bool:
    return action in _REGISTRY


def run(session: Session, actor: Actor, action: str, payload: dict):
    if action not in _REGISTRY:
        raise KeyError(f"no service registered for action {action!r}")
    return _REGISTRY[action](session, actor, **payload)
