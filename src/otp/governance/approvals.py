"""Approvals, the decision inbox.

An `ask` from the gate opens a request that holds the exact action and payload, routed to the
nearest human-held seat above the requester whose holder has the authority. Approving claims
the request with one conditional UPDATE (state still open → rowcount 1) and runs the held
action as the requester in the same transaction, so it runs at most once however many people
click at the same moment; rejecting records the reason. Nobody approves their own request.
"""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp import commands
from otp.auth.actor import Actor, system_actor
from otp.auth.tokens import agent_actor, person_actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from otp.core.ids import new_id
from otp.events.service import _jsonable, record
from otp.governance import mail_notices, routing, settings
from otp.governance.catalog import UnknownActionError
from otp.governance.gate import running_held
from otp.governance.limits import check_rate
from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest
from otp.governance.question import line as question_line
from otp.governance.store import policy_for
from otp.inbox.service import close_links, deliver
from otp.org.models import Agent, Membership, Person, Seat
from otp.org.tree import Tree

OPTIONS = ["approve", "reject"]
NOTE_MAX = 2000  # the approver's note to the requester


def open_request(session: Session, requester: Actor, action: str, payload: dict | None, resource: dict, *,
                 rule: str = "", reason: str = "", question: str | None = None,
                 recommended: str = "approve", requester_seat: str | None = None) -> tuple[ApprovalRequest, dict]:
    """Create (or return the identical open) request; deliver it to the approver's inbox.
    Returns (request, approver as {kind, seat_id, person_id, name})."""
    payload = _jsonable(payload) if payload is not None else None
    resource = _jsonable(resource or {})
    same = _identical_open(session, requester, action, payload, resource)
    if same is not None:
        return same, _approver(session, same)
    check_rate(session, requester, "approvals")  # an agent's flood of requests stops here
    try:
        reversible = policy_for(session, requester.org_id).action_class(action).reversible
    except UnknownActionError:
        reversible = False
    tree = Tree.load(session, requester.org_id)
    seat = requester_seat or routing.seat_of(session, requester.kind, requester.id)
    route = _route(session, requester, action, resource, seat, tree)
    hours = settings.get(session, requester.org_id, "approval_sla_hours")
    who = requester.name or requester.kind
    request = ApprovalRequest(
        id=new_id("apr"), org_id=requester.org_id, requester_kind=requester.kind, requester_id=requester.id,
        requester_seat_id=seat, action=action, payload=payload, resource=resource, rule=rule,
        question=question or f"May {who} perform {action}? {reason}".strip(), options=list(OPTIONS),
        recommended=recommended, reversible=reversible, deadline=clock.now() + timedelta(hours=hours),
        approver_seat_id=route[0] if route else None, approver_person_id=route[1] if route else None,
        state="pending", created_at=clock.now())
    session.add(request)
    session.flush()
    record(session, requester if requester.kind != "system" else system_actor(requester.org_id),
           "approval.requested", "approval", request.id,
           {"action": action, "rule": rule, "approver_seat_id": request.approver_seat_id,
            "approver_person_id": request.approver_person_id, "deadline": request.deadline})
    _notify_approver(session, request)
    return request, _approver(session, request)


def preview_route(session: Session, requester: Actor, action: str, resource: dict) -> dict | None:
    """Who an `ask` for this action would be routed to (the dry run reports it)."""
    tree = Tree.load(session, requester.org_id)
    seat = routing.seat_of(session, requester.kind, requester.id)
    route = _route(session, requester, action, _jsonable(resource or {}), seat, tree)
    if route is None:
        return None
    person = session.get(Person, route[1])
    return {"kind": "person", "seat_id": route[0], "person_id": route[1], "name": person.name if person else None}


def _identical_open(session: Session, requester: Actor, action: str, payload: dict | None,
                    resource: dict) -> ApprovalRequest | None:
    # An agent retrying the same refused call must not flood the approver's inbox. A request that
    # holds nothing to run is a grant for its resource: another resource is another request.
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == requester.org_id, ApprovalRequest.requester_kind == requester.kind,
        ApprovalRequest.requester_id == requester.id, ApprovalRequest.action == action,
        ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))).scalars()
    key = json.dumps(payload if payload is not None else {"resource": resource}, sort_keys=True)
    return next((r for r in rows if json.dumps(r.payload if r.payload is not None else {"resource": r.resource},
                                               sort_keys=True) == key), None)


def _route(session, requester: Actor, action: str, resource: dict, seat: str | None, tree: Tree,
           start: str | None = None, exclude: set | None = None):
    """Nearest human above `start` (default: the requester's seat) with the authority; else the top."""
    who = (requester.kind, requester.id)
    exclude = set(exclude or ()) | ({requester.id} if requester.kind == "person" else set())

    def accept(_seat: str, person: str) -> bool:
        return routing.has_authority(session, requester.org_id, person, action, resource, who, seat, tree)
    found = routing.human_above(session, requester.org_id, start or seat, tree=tree, accept=accept, exclude=exclude)
    if found is None and start is None:
        found = routing.top(session, requester.org_id, tree=tree, exclude=exclude)
    return found


def _approver(session: Session, request: ApprovalRequest) -> dict:
    person = session.get(Person, request.approver_person_id) if request.approver_person_id else None
    return {"kind": "person", "seat_id": request.approver_seat_id, "person_id": request.approver_person_id,
            "name": person.name if person else None}


def _notify_approver(session: Session, request: ApprovalRequest) -> None:
    if request.approver_person_id:
        deliver(session, request.org_id, "person", request.approver_person_id, "approval",
                f"Approval needed: {request.action}", question_line(session, request), "approval", request.id)
        mail_notices.approval_waiting(session, request)


def _requester_actor(session: Session, request: ApprovalRequest) -> Actor:
    try:
        if request.requester_kind == "agent":
            agent = session.get(Agent, request.requester_id)
            if agent is None or agent.status != "active":
                raise Conflict(f"the requesting agent is {agent.status if agent else 'gone'}; the held action "
                               f"cannot run now", field="approval_id")
            return agent_actor(session, request.requester_id)
        return person_actor(session, request.requester_id, request.org_id)
    except Unauthorized:
        raise Conflict("the requester is no longer a member; the held action cannot run", field="approval_id") from None


def get(session: Session, actor: Actor, approval_id: str) -> ApprovalRequest:
    request = session.get(ApprovalRequest, approval_id) if isinstance(approval_id, str) else None
    if request is None or request.org_id != actor.org_id:
        raise NotFound("no such approval request", field="approval_id")
    return request


def _may_answer(session: Session, actor: Actor, request: ApprovalRequest) -> bool:
    """The routed approver, anyone holding a seat above the approver's, or an owner. Requests are
    routed to people; a team-lead agent holding a seat above the requester may also answer, and
    decide (approval.decide at level 8, within its own authority) has the last word on that."""
    if actor.kind == "person":
        if request.approver_person_id == actor.id and request.approver_seat_id is None:
            return True
        role = session.execute(select(Membership.role).where(Membership.org_id == actor.org_id,
                                                             Membership.person_id == actor.id)).scalar()
        if role == "owner":
            return True
    column = Seat.occupant_person_id if actor.kind == "person" else Seat.occupant_agent_id
    mine = set(session.execute(select(Seat.id).where(column == actor.id)).scalars())
    anchor = request.approver_seat_id if actor.kind == "person" else request.requester_seat_id
    anchor = anchor or request.requester_seat_id
    if not mine or anchor is None:
        return False
    tree = Tree.load(session, actor.org_id)
    return anchor in mine or bool(mine & set(tree.ancestors(anchor)))


def may_answer(session: Session, actor: Actor, request: ApprovalRequest) -> bool:
    """Whether this actor could answer this open request (never its own): what a page may offer."""
    if request.state not in OPEN_APPROVAL_STATES or (request.requester_kind, request.requester_id) == (
            actor.kind, actor.id):
        return False
    return _may_answer(session, actor, request)


@commands.command("approval.decide")
def decide_request(session: Session, actor: Actor, *, approval_id: str, approve: bool,
                   reason: str = "", note: str | None = None) -> ApprovalRequest:
    """Approve or reject. The approver's note (`note`, or `reason` as REST names it; at most
    NOTE_MAX characters, needed to reject) is kept on the request, recorded on the decision's
    event, delivered to the requester's inbox and shown in an agent's next briefing."""
    if not isinstance(approve, bool):
        raise Invalid("approve must be true or false", field="approve")
    field = "note" if note is not None else "reason"
    reason = validate.text(field, note if note is not None else reason, max_len=NOTE_MAX, required=not approve)
    request = get(session, actor, approval_id)
    if request.state not in OPEN_APPROVAL_STATES:
        raise Conflict(f"this request is already {request.state}; nothing changed", field="approval_id")
    if request.requester_kind == actor.kind and request.requester_id == actor.id:
        raise Forbidden("nobody approves their own request (rule self_protection:own_request)",
                        field="approval_id")
    if not _may_answer(session, actor, request):
        raise Forbidden("this request is routed to someone else; only they, the seats above them and the "
                        "owners may answer it", field="approval_id")
    res = request.resource or {}
    require(session, actor, "approval.decide",
            {"type": "approval", "id": request.id, "requester_id": request.requester_id or "system",
             "requester_kind": request.requester_kind, "held_action": request.action,
             "owner_seat_id": request.requester_seat_id, "target_agent_id": res.get("target_agent_id", res.get("agent_id")),
             "amount_cents": res.get("amount_cents"), "channel": res.get("channel")},
            payload={"approval_id": approval_id, "approve": approve, "reason": reason})
    state = "approved" if approve else "rejected"
    now = clock.now()
    claimed = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES)).values(
        state=state, decision="approve" if approve else "reject", reason=reason, decided_by_kind=actor.kind,
        decided_by_id=actor.id, decided_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise Conflict("this request was answered a moment ago; nothing changed", field="approval_id")
    session.refresh(request)
    result = None
    if approve:
        result = _run_held(session, actor, request)
        request.result = result
    close_links(session, "approval", request.id)
    record(session, actor, f"approval.{state}", "approval", request.id,
           {"action": request.action, "reason": reason, "note": reason, "result": result})
    if request.requester_kind in ("person", "agent"):
        by = actor.name or actor.kind
        body = f"{by}: “{reason}”\n\n{question_line(session, request)}" if reason else question_line(session, request)
        deliver(session, request.org_id, request.requester_kind, request.requester_id, "message",
                f"Your request to {request.action} was {state}" + (f" — note from {by}" if reason else ""),
                body, "approval", request.id)
    return request


def _run_held(session: Session, approver: Actor, request: ApprovalRequest) -> dict:
    if request.payload is None or not commands.has(request.action):
        return {"ran": False, "why": "no runnable action is held: the requester may now perform it once "
                                     "(a one-time grant)"}
    # A platform proposal (requester 'system') is signed by the approver: it runs as them.
    runner = approver if request.requester_kind == "system" else _requester_actor(session, request)
    payload = dict(request.payload)
    if request.action == "agent.level.change":
        payload.setdefault("approval_id", request.id)
    with running_held(runner, request.action):
        out = commands.run(session, runner, request.action, payload)
    return {"ran": True, "id": getattr(out, "id", None) if not isinstance(out, dict) else out.get("id")}


def inbox(session: Session, actor: Actor, *, limit: int = 100) -> list[ApprovalRequest]:
    """Open requests this actor may answer, soonest deadline first."""
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == actor.org_id, ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))
        .order_by(ApprovalRequest.deadline, ApprovalRequest.id)).scalars()
    out = []
    for r in rows:
        mine = r.approver_person_id == actor.id if actor.kind == "person" else False
        if mine or (not (r.requester_kind == actor.kind and r.requester_id == actor.id)
                    and r.approver_person_id is None and _may_answer(session, actor, r)):
            out.append(r)
        if len(out) >= limit:
            break
    return out


def mine(session: Session, actor: Actor) -> list[ApprovalRequest]:
    """Requests this actor made (any state), newest first."""
    return list(session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == actor.org_id, ApprovalRequest.requester_kind == actor.kind,
        ApprovalRequest.requester_id == actor.id).order_by(ApprovalRequest.created_at.desc())).scalars())


def advance_overdue(session: Session, request_id: str, now) -> str | None:
    """One overdue request: re-route one seat up (escalated) or expire it at the top. Claimed
    with the hop counter, so two workers never move the same request twice."""
    request = session.get(ApprovalRequest, request_id)
    if request is None or request.state not in OPEN_APPROVAL_STATES or request.deadline > now:
        return None
    requester = Actor(kind=request.requester_kind, id=request.requester_id, org_id=request.org_id)
    tree = Tree.load(session, request.org_id)
    nxt = None
    if request.approver_seat_id is not None:
        nxt = _route(session, requester, request.action, request.resource or {}, request.requester_seat_id, tree,
                     start=request.approver_seat_id)
    hours = settings.get(session, request.org_id, "approval_sla_hours")
    values = dict(state="escalated", approver_seat_id=nxt[0], approver_person_id=nxt[1],
                  deadline=now + timedelta(hours=hours), hops=request.hops + 1) if nxt else \
        dict(state="expired", decided_at=now, hops=request.hops + 1)
    claimed = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.hops == request.hops,
        ApprovalRequest.state.in_(OPEN_APPROVAL_STATES)).values(**values)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return None
    session.refresh(request)
    close_links(session, "approval", request.id)
    system = system_actor(request.org_id)
    if nxt:
        record(session, system, "approval.escalated", "approval", request.id,
               {"approver_seat_id": nxt[0], "approver_person_id": nxt[1], "deadline": request.deadline,
                "hops": request.hops})
        _notify_approver(session, request)
        return "escalated"
    record(session, system, "approval.expired", "approval", request.id, {"hops": request.hops})
    if request.requester_kind in ("person", "agent"):
        deliver(session, request.org_id, request.requester_kind, request.requester_id, "message",
                f"Your request to {request.action} expired unanswered", "", "approval", request.id)
    return "expired"
