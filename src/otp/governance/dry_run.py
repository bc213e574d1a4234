"""The decision dry run (check_permission): what governance would answer for an action, and who
an `ask` would be routed to. Reads only; records nothing. The REST route and the CLI call it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.tokens import agent_actor
from otp.governance.authz import evaluate, require
from otp.core.errors import Forbidden, NotFound
from otp.governance import approvals
from otp.governance.catalog import UnknownActionError
from otp.org.agents import get_agent


def check(session: Session, actor: Actor, action: str, *, agent_id: str | None = None,
          resource: dict | None = None) -> dict:
    """`agent_id`: decide for this agent instead of the caller (people only; an agent may name
    itself). Returns {effect, rule, reason, approver}; approver is set for an ask."""
    require(session, actor, "read")
    who = actor
    if agent_id is not None and not (actor.kind == "agent" and agent_id == actor.id):
        if actor.kind != "person":
            raise Forbidden("agents dry-run only their own actions", field="agent_id")
        who = agent_actor(session, get_agent(session, actor, agent_id).id)
    resource = {k: v for k, v in (resource or {}).items() if v is not None}
    try:
        decision = evaluate(session, who, action, resource)
    except UnknownActionError as exc:
        raise NotFound(str(exc), field="action") from None
    approver = approvals.preview_route(session, who, action, resource) if decision.effect == "ask" else None
    return {"effect": decision.effect, "rule": decision.rule, "reason": decision.reason, "approver": approver}
