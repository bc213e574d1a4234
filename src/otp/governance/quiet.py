"""Paused means quiet: when an agent is paused — by a person, by itself, by a guard or by the
organization's stop switch — the approval requests it left open are withdrawn with the reason,
and each approver is told in their inbox, so nobody answers a request that can no longer run.
Resuming the agent does not bring them back: the agent asks again if it still needs to.

A withdrawn request is `expired` with `reason` "withdrawn: <why>" (the same settled state as a
proposal withdrawn after a level change), recorded as one approval.withdrawn event per request.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core import clock
from otp.events.service import record
from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest
from otp.inbox.service import close_links, deliver
from otp.org.models import Agent


def withdraw_pending_approvals(session: Session, agent_id: str, reason: str) -> list[str]:
    """Withdraw every open approval request the agent made; returns their ids. Each is claimed
    with a conditional UPDATE, so a request answered at the same moment is left as answered."""
    agent = session.get(Agent, agent_id)
    if agent is None:
        return []
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == agent.org_id, ApprovalRequest.requester_kind == "agent",
        ApprovalRequest.requester_id == agent_id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))
        .order_by(ApprovalRequest.created_at, ApprovalRequest.id)).scalars().all()
    why = f"withdrawn: {agent.name} was paused" + (f" ({reason})" if reason else "")
    system = system_actor(agent.org_id)
    done = []
    for request in rows:
        claimed = session.execute(update(ApprovalRequest).where(
            ApprovalRequest.id == request.id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES)).values(
            state="expired", decided_at=clock.now(), reason=why[:2000])
            .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            continue
        close_links(session, "approval", request.id)
        record(session, system, "approval.withdrawn", "approval", request.id,
               {"action": request.action, "agent_id": agent_id, "reason": why})
        if request.approver_person_id:
            deliver(session, agent.org_id, "person", request.approver_person_id, "message",
                    f"Withdrawn: {agent.name}'s request to {request.action}", why, "approval", request.id)
        done.append(request.id)
    return done
