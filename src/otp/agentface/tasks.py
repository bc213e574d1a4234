"""MCP Tasks (protocol revision 2025-11-25) for `request_approval`: follow an approval until decided.

A client speaking 2025-11-25 that sends `task` in a `request_approval` call gets a CreateTaskResult
instead of the answer; it polls `tasks/get` and fetches `tasks/result`. Everything else is as before:
a client that sends no `task`, and every other revision, gets today's answer unchanged.

Why a middleware: the `mcp` SDK (2.3) defines the Task types but serves none of it — `tasks/*` are
absent from its method tables ("deliberately absent", mcp_types.methods), a `tools/call` result is
sieved as a CallToolResult, and the capability is never advertised. Its public `Server.middleware`
runs before that: a result a middleware returns is sent as it is. So this middleware advertises the
`tasks` capability and `execution.taskSupport` on the tool, answers a task-augmented call with a
CreateTaskResult, and serves `tasks/get` and `tasks/result` itself — only on a 2025-11-25 wire.

Nothing is kept in memory (HTTP is stateless; any instance, before or after a restart, answers):
- when the call opened an approval request, the task IS that request: its id is the approval id,
  and its status is read from the row each time — pending or escalated: "working" (a person is
  deciding; the spec's "input_required" would mean the client must supply input), approved or
  rejected: "completed" (the result carries the decision), expired: "cancelled";
- when the answer was immediate (allowed, denied, bad input), the task is completed at once and
  its id carries the answer, signed with a key derived from the audit key (not in the database).
Either way the task is bound to the caller: another agent or organization gets "no such task".
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib
from typing import Any

import anyio
import pydantic_core
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND

from otp.agentface.answers import Answer, ApprovalInfo, Approver, Denial, ToolError
from otp.auth.actor import Actor
from otp.core import clock
from otp.core.types import iso

VERSION = "2025-11-25"  # the revision whose core defines tasks (2026-07-28 moved them to an extension)
TOOLS = frozenset({"request_approval"})
POLL_MS = 2000
RESULT_WAIT_SECONDS = 30.0  # tasks/result on an undecided request waits this long, then says to poll
CAPABILITY = {"requests": {"tools": {"call": {}}}}
IMMEDIATE = "otpt1"


class ApprovalTasks:
    """The Server.middleware serving MCP Tasks for the tools in TOOLS."""

    def __init__(self, server, env) -> None:
        self.server, self.env = server, env

    async def __call__(self, ctx, call_next):
        if ctx.protocol_version != VERSION and ctx.method != "initialize":
            return await call_next(ctx)
        params = ctx.params if isinstance(ctx.params, dict) else {}
        if ctx.method == "initialize":
            result = await call_next(ctx)
            if isinstance(result, dict) and result.get("protocolVersion") == VERSION:
                result.setdefault("capabilities", {})["tasks"] = CAPABILITY
            return result
        if ctx.method == "tools/list":
            result = await call_next(ctx)
            for tool in (result or {}).get("tools", []):
                if tool.get("name") in TOOLS:
                    tool["execution"] = {"taskSupport": "optional"}
            return result
        if ctx.method == "tools/call" and params.get("task") is not None:
            if params.get("name") not in TOOLS:
                raise MCPError(code=METHOD_NOT_FOUND, message=f"tool {params.get('name')!r} does not run as a task "
                                                              f"(its execution.taskSupport is forbidden)")
            result = await call_next(ctx)
            actor = await self._actor(ctx)
            return {"task": await anyio.to_thread.run_sync(self._create, actor, result)}
        if ctx.method == "tasks/get":
            actor = await self._actor(ctx)
            return await anyio.to_thread.run_sync(self._get, actor, _task_id(params))
        if ctx.method == "tasks/result":
            actor = await self._actor(ctx)
            return await self._result(actor, _task_id(params))
        return await call_next(ctx)

    async def _actor(self, ctx) -> Actor:
        context = Context(request_context=ctx, mcp_server=self.server)
        return await anyio.to_thread.run_sync(self.env.actor, context)

    # --- creating a task ------------------------------------------------------------------
    def _create(self, actor: Actor, result: dict) -> dict:
        answer = result.get("structuredContent") or {}
        approval_id = (answer.get("approval") or {}).get("approval_id")
        if answer.get("status") == "approval_required" and approval_id:
            return self._get(actor, approval_id)
        now = iso(clock.now())
        payload = {"o": actor.org_id, "k": actor.kind, "a": actor.id, "t": now, "r": result}
        return _task(self._seal(payload), "completed", _immediate_message(answer), now, now)

    def _seal(self, payload: dict) -> str:
        body = base64.urlsafe_b64encode(zlib.compress(json.dumps(payload, separators=(",", ":")).encode()))
        body_text = body.decode().rstrip("=")
        return f"{IMMEDIATE}.{body_text}.{self._sign(body_text)}"

    def _open(self, actor: Actor, task_id: str) -> dict | None:
        try:
            _, body, signature = task_id.split(".")
        except ValueError:
            return None
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            payload = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
        except (ValueError, zlib.error):
            return None
        return payload if (payload["o"], payload["k"], payload["a"]) == (actor.org_id, actor.kind, actor.id) else None

    def _sign(self, body: str) -> str:
        key = hmac.new(self.env.db.audit_key.secret, b"otp mcp task ids", hashlib.sha256).digest()
        return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]

    # --- following a task -----------------------------------------------------------------
    def _get(self, actor: Actor, task_id: str) -> dict:
        if task_id.startswith(IMMEDIATE + "."):
            payload = self._open(actor, task_id)
            if payload is None:
                raise _no_such_task(task_id)
            answer = payload["r"].get("structuredContent") or {}
            return _task(task_id, "completed", _immediate_message(answer), payload["t"], payload["t"])
        with self.env.db.read() as session:
            request = _own_request(session, actor, task_id)
            status, message = _status(session, request)
            return _task(request.id, status, message, iso(request.created_at),
                         iso(request.decided_at or request.created_at))

    async def _result(self, actor: Actor, task_id: str) -> dict:
        """The tool's answer once the task is terminal (per the spec, wait while it is not)."""
        with anyio.move_on_after(RESULT_WAIT_SECONDS):
            while True:
                task = await anyio.to_thread.run_sync(self._get, actor, task_id)
                if task["status"] in ("completed", "failed", "cancelled"):
                    return await anyio.to_thread.run_sync(self._final, actor, task_id)
                await anyio.sleep(POLL_MS / 1000)
        raise MCPError(code=INTERNAL_ERROR, message=f"task {task_id} is still working (a person has not decided "
                                                    f"yet); poll tasks/get and ask for the result once it is "
                                                    f"completed")

    def _final(self, actor: Actor, task_id: str) -> dict:
        meta = {"_meta": {"io.modelcontextprotocol/related-task": {"taskId": task_id}}}
        if task_id.startswith(IMMEDIATE + "."):
            payload = self._open(actor, task_id)
            if payload is None:
                raise _no_such_task(task_id)
            return {**payload["r"], **meta}
        with self.env.db.read() as session:
            request = _own_request(session, actor, task_id)
            answer = _decided_answer(session, request)
        structured = answer.model_dump(mode="json", exclude_none=True)
        text = pydantic_core.to_json(answer, fallback=str, indent=2).decode()
        result = {"content": [{"type": "text", "text": text}], "structuredContent": structured, **meta}
        if answer.status == "error":
            result["isError"] = True
        return result


def _task_id(params: dict) -> str:
    task_id = params.get("taskId")
    if not isinstance(task_id, str) or not task_id:
        raise MCPError(code=INVALID_PARAMS, message="taskId is required", data={"field": "taskId"})
    return task_id


def _no_such_task(task_id: str) -> MCPError:
    return MCPError(code=INVALID_PARAMS, message=f"no such task: {task_id[:60]}", data={"field": "taskId"})


def _task(task_id: str, status: str, message: str, created: str, updated: str) -> dict:
    # ttl null: an approval request is kept (with its audit trail), so the task never lapses.
    return {"taskId": task_id, "status": status, "statusMessage": message, "createdAt": created,
            "lastUpdatedAt": updated, "ttl": None, "pollInterval": POLL_MS}


def _immediate_message(answer: dict) -> str:
    return answer.get("message") or "completed at once"


def _own_request(session, actor: Actor, task_id: str):
    from otp.governance.models import ApprovalRequest
    request = session.get(ApprovalRequest, task_id)
    if request is None or (request.org_id, request.requester_kind, request.requester_id) != (
            actor.org_id, actor.kind, actor.id):
        raise _no_such_task(task_id)
    return request


def _approver(session, request) -> Approver:
    from otp.org.models import Person
    person = session.get(Person, request.approver_person_id) if request.approver_person_id else None
    return Approver(seat_id=request.approver_seat_id, person_id=request.approver_person_id,
                    name=person.name if person else None)


def _status(session, request) -> tuple[str, str]:
    if request.state in ("pending", "escalated"):
        who = _approver(session, request).name or "a person above you"
        return "working", (f"Waiting for {who} to decide approval request {request.id} "
                           f"(deadline {iso(request.deadline)}).")
    if request.state == "approved":
        return "completed", f"Approved: you may do {request.action} once."
    if request.state == "rejected":
        return "completed", f"Rejected{': ' + request.reason if request.reason else ''}. Do not do it."
    return "cancelled", "Expired: nobody decided before the deadline. Do not do it; ask again or escalate."


def _decided_answer(session, request) -> Answer:
    """The answer request_approval gives today, with the decision it was waiting for."""
    approval = ApprovalInfo(approval_id=request.id, approver=_approver(session, request), rule=request.rule or None,
                            reason=None)
    result = {"approval_id": request.id, "deadline": iso(request.deadline), "state": request.state,
              "decision": request.decision, "reason": request.reason or None, "decided_at": iso(request.decided_at)}
    status, message = _status(session, request)
    if request.state == "approved":
        return Answer(status="done", message=message, result=result, approval=approval)
    if request.state == "rejected":
        return Answer(status="denied", message=message, result=result, approval=approval,
                      denied=Denial(rule=f"approval:{request.id}", reason=request.reason or "rejected"))
    if request.state == "expired":
        return Answer(status="error", message=message, result=result, approval=approval,
                      error=ToolError(code="expired", message=message, field=None))
    return Answer(status="approval_required", message=message, result=result, approval=approval)
