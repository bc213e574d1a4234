"""Turning a service call into an MCP tool answer an agent can act on.

Every tool returns the same envelope (`Answer`), so an agent handles three cases, not sixteen:

- status "done": the action happened (or the read was made); `result` holds it;
- status "approval_required": governance asked; nothing changed, an approval request holds the
  action — `approval` names its id and who decides; the action runs when they approve;
- status "denied": governance (or the token's scope) refused; `denied` names the rule and reason.

Bad input, a missing thing or a conflict is a tool error (`isError`) with status "error", whose
text and structured `error` name the field to fix.

Why errors carry structured content declared in the output schema (and not bare text): MCP says
structured content must match the tool's output schema, and the TypeScript SDK client (so Claude
Code, the Inspector and most agent hosts) validates it even when `isError` is set — an error
shaped differently from the schema is thrown away as -32602 and the agent never learns which
field to fix. Declaring the error inside the one envelope keeps it valid for every client, and a
program reads `error.field` without parsing prose; the text content says the same for a model.
"""
from __future__ import annotations

from typing import Any, Callable, Literal

from mcp_types import CallToolResult, TextContent
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from otp.core.db import Database
from otp.core.errors import ApprovalRequired, Forbidden, OTPError
from otp.core.loop_writes import write_from_loop


class Approver(BaseModel):
    kind: str = "person"
    seat_id: str | None = None
    person_id: str | None = None
    name: str | None = None


class ApprovalInfo(BaseModel):
    approval_id: str | None = Field(description="The approval request holding the action")
    approver: Approver | None = Field(None, description="Who decides (the nearest human above with the authority)")
    rule: str | None = None
    reason: str | None = None


class Denial(BaseModel):
    rule: str = Field(description="The rule that refused, e.g. hard_deny:no-prod or matrix:L2:outcome.create")
    reason: str
    field: str | None = None


class ToolError(BaseModel):
    code: str = Field(description="OTP's error code, as REST gives it: invalid, not_found, conflict, forbidden, ...")
    message: str = Field(description="What is wrong")
    field: str | None = Field(None, description="The argument to fix, e.g. outcome_id or rocks.0.reason")


class Answer(BaseModel):
    """What every OTP tool returns."""
    status: Literal["done", "approval_required", "denied", "error"]
    message: str
    result: dict[str, Any] | None = Field(None, description="The tool's result (a JSON object) when status is done")
    approval: ApprovalInfo | None = None
    denied: Denial | None = None
    error: ToolError | None = Field(None, description="When status is error (the result has isError): what to fix")


def done(result: Any, message: str = "done") -> Answer:
    return Answer(status="done", message=message, result=result)


def error_result(exc: OTPError) -> CallToolResult:
    where = f" (field: {exc.field})" if exc.field else ""
    text = f"{exc.code}: {exc.message}{where}"
    answer = Answer(status="error", message=text, error=ToolError(**exc.as_dict()))
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=answer.model_dump(mode="json", exclude_none=True), is_error=True)


def invalid(field: str, message: str) -> CallToolResult:
    from otp.core.errors import Invalid
    return error_result(Invalid(message, field=field))


def run(db: Database, fn: Callable[[Session], Any], *, write: bool = True,
        message: str = "done") -> Answer | CallToolResult:
    """Call `fn(session)` in one transaction and translate what governance said."""
    try:
        with (db.write() if write else db.read()) as session:
            return done(fn(session), message)
    except OTPError as exc:
        return _translated(exc)


async def run_on_loop(db: Database, fn: Callable[[Session], Any], *, message: str = "done") -> Answer | CallToolResult:
    """`run` for a write tool that is `async def`: the write runs as otp.core.loop_writes runs it
    (on SQLite on the event loop when it need not wait), translated the same way."""
    try:
        return done(await write_from_loop(db, fn), message)
    except OTPError as exc:
        return _translated(exc)


def _translated(exc: OTPError) -> Answer | CallToolResult:
    if isinstance(exc, ApprovalRequired):
        # The request was created after the rollback (Held.persist_after_rollback): id and approver are set.
        approver = Approver(**exc.approver) if isinstance(exc.approver, dict) else None
        who = approver.name if approver and approver.name else "a person above you"
        return Answer(status="approval_required",
                      message=f"Held for approval: {who} decides (request {exc.approval_id}). Nothing changed yet; "
                              f"the action runs as you when they approve. Do not retry it.",
                      approval=ApprovalInfo(approval_id=exc.approval_id, approver=approver,
                                            rule=getattr(exc, "rule", None), reason=getattr(exc, "reason", None)))
    if isinstance(exc, Forbidden):
        rule = getattr(exc, "rule", None) or exc.code
        reason = getattr(exc, "reason", None) or exc.message
        return Answer(status="denied", message=f"Denied: {reason} (rule {rule}). Nothing changed; do not retry.",
                      denied=Denial(rule=rule, reason=reason, field=exc.field))
    return error_result(exc)
