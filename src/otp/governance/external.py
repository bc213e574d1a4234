"""External actions: agents declare them before acting outside OTP (send a message, spend,
delete data, deploy). The declaration passes the gate like any mutation: allow → the agent may
go ahead (an `external.authorized` event records it); ask → an approval holds the declaration
and approving it records the authorization; deny → refused (a hard-deny attempt is an incident).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import validate
from otp.core.errors import Invalid
from otp.events.service import record

EXTERNAL = ("external.communicate", "external.spend", "data.delete", "deploy")


def declare(session: Session, actor: Actor, *, action: str, amount_cents: int | None = None,
            channel: str | None = None, environment: str | None = None, description: str = "") -> dict:
    action = validate.choice("action", action, EXTERNAL)
    if amount_cents is not None:
        amount_cents = validate.integer("amount_cents", amount_cents, low=0, high=10**12)
    if action == "external.spend" and amount_cents is None:
        raise Invalid("external.spend needs amount_cents", field="amount_cents")
    if channel is not None:
        channel = validate.text("channel", channel, max_len=200)
    if action == "external.communicate" and channel is None:
        raise Invalid("external.communicate needs the channel", field="channel")
    if environment is not None:
        environment = validate.text("environment", environment, max_len=64)
    description = validate.text("description", description, max_len=4000, required=False)
    payload = {"amount_cents": amount_cents, "channel": channel, "environment": environment,
               "description": description}
    require(session, actor, action, {"type": "external", "amount_cents": amount_cents, "channel": channel},
            payload=payload)
    event = record(session, actor, "external.authorized", "external", None, {"action": action, **payload})
    return {"action": action, "authorized": True, "event_id": event.id}


def _held(action: str):
    def run(session: Session, actor: Actor, **payload) -> dict:
        return declare(session, actor, action=action, **payload)
    run.__name__ = f"declare_{action.replace('.', '_')}"
    return run


for _action in EXTERNAL:
    command(_action)(_held(_action))
