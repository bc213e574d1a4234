"""MCP tools that talk to governance: check_permission (the dry run of governance.dry_run, the
same one REST and the CLI call), request_approval (ask before acting outside the tools) and
escalate (ask the nearest human above for input)."""
from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, ApprovalInfo, Approver, Denial, run
from otp.governance.authz import check_scope, evaluate
from otp.core.errors import NotFound
from otp.core.links import LinkType
from otp.core.types import iso
from otp.governance import approvals, dry_run, escalations, external, grants
from otp.governance.gate import record_refusal
from otp.governance.catalog import UnknownActionError

Urgency = Literal["low", "normal", "high", "critical"]
Cents = Annotated[int | None, Field(ge=0, le=10**12, description="Amount in cents, for spending")]
Channel = Annotated[str | None, Field(max_length=200, description="Channel, for external.communicate")]


def _resource(owner_seat_id, outcome_id, amount_cents, channel, target_agent_id=None) -> dict:
    res = {"type": "action", "owner_seat_id": owner_seat_id, "outcome_id": outcome_id, "amount_cents": amount_cents,
           "channel": channel, "target_agent_id": target_agent_id}
    return {k: v for k, v in res.items() if v is not None}


def _decision(session, actor, action: str, resource: dict):
    try:
        return evaluate(session, actor, action, resource)
    except UnknownActionError as exc:
        raise NotFound(str(exc), field="action") from None  # as the dry run and REST say it


def register(server: MCPServer, env) -> None:
    @server.tool(description=(
        "Dry run: would governance allow this action for you now, ask for approval, or deny it — and who would "
        "decide. Changes nothing. Use before anything you are unsure about. `action` is an action class such as "
        "outcome.create, todo.assign, external.spend, external.communicate, deploy; add owner_seat_id / "
        "outcome_id / amount_cents / channel when the action concerns them."))
    def check_permission(ctx: Context, action: str, owner_seat_id: str | None = None, outcome_id: str | None = None,
                         amount_cents: Cents = None, channel: Channel = None,
                         target_agent_id: str | None = None) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            resource = _resource(owner_seat_id, outcome_id, amount_cents, channel, target_agent_id)
            return {"action": action, **dry_run.check(s, actor, action, resource=resource)}
        return run(env.db, go, write=False)

    @server.tool(description=(
        "Ask a human for approval BEFORE doing something the tools do not do for you — above all anything "
        "outside OTP: external.communicate (give channel), external.spend (give amount_cents), data.delete, "
        "deploy (give environment), or any other action class. If your level already allows it, the answer is "
        "done (go ahead; external actions are recorded as authorized). If not, an approval request is opened and "
        "you get its id and the approver: wait for the decision (it arrives in your briefing and inbox). Once it "
        "is approved you may do it once: for an action inside OTP, make the tool call with the same "
        "owner_seat_id / outcome_id / channel and at most the amount you asked for. "
        "Denied means never: do not do it."))
    def request_approval(ctx: Context, action: str,
                         question: Annotated[str | None, Field(max_length=4000, description=(
                             "What exactly you want to do, and why (optional, as on REST; the approver "
                             "always sees what a yes allows)"))] = None,
                         amount_cents: Cents = None, channel: Channel = None,
                         environment: Annotated[str | None, Field(max_length=64, description="For deploy")] = None,
                         owner_seat_id: str | None = None, outcome_id: str | None = None) -> Answer:
        actor = env.actor(ctx)
        if action in external.EXTERNAL:
            return run(env.db, lambda s: external.declare(s, actor, action=action, amount_cents=amount_cents,
                                                          channel=channel, environment=environment,
                                                          description=question or ""),
                       message="allowed: go ahead (recorded as authorized)")
        resource = _resource(owner_seat_id, outcome_id, amount_cents, channel)
        decided: dict = {}

        def go(s):
            check_scope(actor, action)
            d = decided["d"] = _decision(s, actor, action, resource)
            if d.effect == "deny":
                # The refusal is on record as every other one is; asking is not attempting, so it
                # raises no incident (a hard-deny attempt through a tool does).
                record_refusal(s, actor, action, d.rule, d.reason, resource, asked=True)
            if d.effect != "ask":
                return {"action": action, "effect": d.effect, "rule": d.rule, "reason": d.reason}
            request, approver = approvals.open_request(s, actor, action, None, resource, rule=d.rule,
                                                       reason=d.reason, question=grants.question(
                                                           s, actor, action, resource,
                                                           question or f"May I do {action}?"))
            decided["approval"] = ApprovalInfo(approval_id=request.id, approver=Approver(**approver), rule=d.rule,
                                               reason=d.reason)
            return {"approval_id": request.id, "deadline": iso(request.deadline)}
        answer = run(env.db, go, message="allowed: your level permits this; go ahead")
        d = decided.get("d")
        if not isinstance(answer, Answer) or answer.status != "done" or d is None or d.effect == "allow":
            return answer
        if d.effect == "deny":
            return Answer(status="denied", message=f"Denied: {d.reason} (rule {d.rule}). Do not do it.",
                          denied=Denial(rule=d.rule, reason=d.reason))
        approval = decided["approval"]
        who = approval.approver.name if approval.approver and approval.approver.name else "a person above you"
        return Answer(status="approval_required", result=answer.result, approval=approval,
                      message=f"Approval requested: {who} decides (request {approval.approval_id}). "
                              f"Wait for the decision before acting; once approved, you may do it once.")

    @server.tool(description=(
        "Escalate: ask the nearest human above you for input when you are blocked, unsure, or something is "
        "urgent. Say what you need from them. It climbs the chart if nobody answers in time; the answer comes "
        "back in your briefing. For a problem to solve in the weekly meeting, raise_issue instead."))
    def escalate(ctx: Context, reason: Annotated[str, Field(description="What is going on")],
                 needed: Annotated[str, Field(description="What you need from the human")] = "",
                 urgency: Urgency = "normal",
                 link_type: Annotated[LinkType | None, Field(description="What it is about (with link_id)")] = None,
                 link_id: Annotated[str | None, Field(description="Its id, in your organization")] = None) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            e = escalations.raise_escalation(s, actor, reason=reason, urgency=urgency, needed=needed,
                                             link_type=link_type, link_id=link_id)
            return {"escalation_id": e.id, "holder_seat_id": e.holder_seat_id, "holder_person_id": e.holder_person_id,
                    "urgency": e.urgency, "respond_by": iso(e.respond_by)}
        return run(env.db, go)
