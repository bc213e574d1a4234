"""Helpers for the decision tests: the demo's waiting spend, a one-time grant asked by an agent,
the line, the inbox and the briefing of an agent."""
from __future__ import annotations

from sqlalchemy import select

from otp.auth.tokens import agent_actor
from otp.governance import approvals, grants
from otp.governance.models import ApprovalRequest
from otp.governance.question import line
from otp.inbox.models import InboxItem
from otp.org.models import Agent


def agent_id(k, name: str) -> str:
    with k.db.read() as s:
        return s.execute(select(Agent.id).where(Agent.org_id == k.org_id, Agent.name == name)).scalar_one()


def demo_spend(k) -> str:
    """Bidwell's $1,200 LinkedIn campaign, waiting for Sam in the demo."""
    with k.db.read() as s:
        return s.execute(select(ApprovalRequest.id).where(ApprovalRequest.org_id == k.org_id,
                                                          ApprovalRequest.action == "external.spend")).scalar_one()


def asked_grant(k, agent: str = "Sentry", seat: str = "Quality Reviewer",
                asked: str = "May I add a follow-up to re-check the brand guide?") -> str:
    """An agent asks first (as MCP request_approval does): a one-time grant for a seat."""
    seat_id, who = k.seat(seat), agent_id(k, agent)
    with k.db.write() as s:
        actor = agent_actor(s, who)
        resource = {"owner_seat_id": seat_id}
        request, _ = approvals.open_request(s, actor, "todo.create", None, resource, rule="matrix",
                                            question=grants.question(s, actor, "todo.create", resource, asked))
        return request.id


def line_of(k, approval_id: str) -> str:
    with k.db.read() as s:
        return line(s, s.get(ApprovalRequest, approval_id))


def inbox_of(k, kind: str, recipient: str) -> list[InboxItem]:
    with k.db.read() as s:
        return list(s.execute(select(InboxItem).where(InboxItem.recipient_kind == kind,
                                                      InboxItem.recipient_id == recipient)).scalars())


def state(k, approval_id: str) -> str:
    with k.db.read() as s:
        return s.get(ApprovalRequest, approval_id).state
