"""Domain errors. Services raise these; every face turns them into its own shape
(REST: {"error": {"code", "message", "field"}} with the status below; CLI: message + exit code)."""
from __future__ import annotations


class OTPError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        return out


class Invalid(OTPError):
    """The input is malformed or breaks a rule; `field` names what to fix."""
    status = 422
    code = "invalid"


class NotFound(OTPError):
    status = 404
    code = "not_found"


class Conflict(OTPError):
    """The input is well-formed but clashes with current state (second occupant, cycle...)."""
    status = 409
    code = "conflict"


class Unauthorized(OTPError):
    status = 401
    code = "unauthorized"


class Forbidden(OTPError):
    status = 403
    code = "forbidden"


class ApprovalRequired(OTPError):
    """Governance answered `ask`: nothing changed; an approval request holds the action."""
    status = 202
    code = "approval_required"

    def __init__(self, message: str, *, approval_id: str | None = None, approver: dict | None = None):
        super().__init__(message)
        self.approval_id = approval_id
        self.approver = approver

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["approval_id"] = self.approval_id
        out["approver"] = self.approver
        return out


class RateLimited(OTPError):
    """Too many of one kind of request in a window; the message says the limit and when it resets."""
    status = 429
    code = "rate_limited"
