"""A small synchronous Python client for OTP's REST API: the agent's working loop for agents
that do not speak MCP.

    from otp.client import OTPClient, ApprovalPending, OTPClientError

    otp = OTPClient("http://127.0.0.1:8000", token="otp_...")
    brief = otp.briefing()
    for m in brief["measurables_to_report"]:
        otp.report_measurable(m["id"], 42)
    answer = otp.update_outcome(outcome_id, "on_track")
    if isinstance(answer, ApprovalPending):       # governance asked: nothing changed yet
        print("waiting for", answer.approver["name"], answer.approval_id)
    otp.heartbeat("did the weekly numbers")

Every call returns the JSON body. A governed write that needs approval returns an
`ApprovalPending` (HTTP 202) instead of raising; a 4xx raises `OTPClientError` (or the subclass
for its status: `InvalidInput`, `NotFound`, `Conflict`, `Unauthorized`, `Forbidden`, with `Denied`
for a governance refusal), carrying `status`, `code`, `message` and `field`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


class OTPClientError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(f"{status} {code}: {message}" + (f" (field: {field})" if field else ""))
        self.status, self.code, self.message, self.field = status, code, message, field


class InvalidInput(OTPClientError):
    """422 (or 400): the input breaks a rule; `field` names what to fix."""


class Unauthorized(OTPClientError):
    """401: missing, unknown, expired or revoked token."""


class Forbidden(OTPClientError):
    """403: the token's scope or the actor's role does not allow this."""


class Denied(Forbidden):
    """403 governance_denied: the policy refuses the action (the message names the rule)."""


class NotFound(OTPClientError):
    pass


class Conflict(OTPClientError):
    pass


_BY_STATUS = {400: InvalidInput, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict, 422: InvalidInput}


@dataclass(frozen=True)
class ApprovalPending:
    """Governance answered "ask": nothing changed; an approval request holds the action."""
    approval_id: str | None
    approver: dict | None
    message: str


class OTPClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0, http: httpx.Client | None = None):
        """`http`: an httpx.Client to use instead of a new one (e.g. a test client)."""
        self._owns = http is None
        self._http = http or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self._headers = {"Authorization": f"Bearer {token}"}

    def close(self) -> None:
        if self._owns:
            self._http.close()

    def __enter__(self) -> "OTPClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ transport
    def request(self, method: str, path: str, json: Any = None, params: dict | None = None) -> Any:
        params = {k: v for k, v in (params or {}).items() if v is not None} or None
        response = self._http.request(method, "/api/v1" + path, json=json, params=params, headers=self._headers)
        if response.status_code == 202:
            error = response.json().get("error", {})
            return ApprovalPending(error.get("approval_id"), error.get("approver"), error.get("message", ""))
        if response.status_code >= 400:
            try:
                error = response.json().get("error", {})
            except ValueError:
                error = {}
            code = error.get("code", "error")
            cls = Denied if code == "governance_denied" else _BY_STATUS.get(response.status_code, OTPClientError)
            raise cls(response.status_code, code, error.get("message", response.text), error.get("field"))
        if not response.content:
            return None
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response.text

    # ------------------------------------------------------------------ the loop
    def briefing(self, since: str | None = None) -> dict:
        """What needs you now; `since`: the `now` of your previous briefing (default: last heartbeat)."""
        return self.request("GET", "/me/briefing", params={"since": since})

    def heartbeat(self, note: str | None = None) -> dict:
        return self.request("POST", "/me/heartbeat", {"note": note})

    def get_context(self, agent_id: str, format: str = "agents-md") -> str | dict:  # noqa: A002
        return self.request("GET", f"/agents/{agent_id}/context", params={"format": format})

    def report_measurable(self, measurable_id: str, value: float, period: str | None = None, note: str = ""):
        """`measurable_id`: the measurable's id or its key (e.g. "cpa"), as the MCP tool takes it."""
        body = {"value": value, "note": note, **({"period": period} if period else {})}
        return self.request("POST", f"/measurables/{measurable_id}/entries", body)

    def update_outcome(self, outcome_id: str, status: str, note: str = ""):
        return self.request("POST", f"/outcomes/{outcome_id}/status", {"status": status, "note": note})

    def submit_evidence(self, outcome_id: str, kind: str, summary: str, url: str | None = None,
                        value: float | None = None):
        return self.request("POST", f"/outcomes/{outcome_id}/evidence",
                            {"kind": kind, "summary": summary, "url": url, "value": value})

    def create_todo(self, title: str, owner_seat_id: str, due_at: str | None = None):
        return self.request("POST", "/todos", {"title": title, "owner_seat_id": owner_seat_id, "due_at": due_at})

    def complete_todo(self, todo_id: str):
        return self.request("POST", f"/todos/{todo_id}/complete")

    def raise_issue(self, title: str, owner_seat_id: str, details: str = ""):
        return self.request("POST", "/issues", {"title": title, "owner_seat_id": owner_seat_id, "details": details})

    def post_headline(self, text: str, kind: str = "other"):
        return self.request("POST", "/headlines", {"kind": kind, "text": text})

    # ------------------------------------------------------------------ within a run OTP started
    def report_run_cost(self, run_id: str, cents: int, tokens: int = 0, model: str = "") -> dict:
        """What this run spent: counted against the run's cost limit and the agent's budget."""
        return self.request("POST", f"/runs/{run_id}/cost", {"cents": cents, "tokens": tokens, "model": model})

    def report_run_progress(self, run_id: str, note: str) -> dict:
        return self.request("POST", f"/runs/{run_id}/progress", {"note": note})

    def finish_run(self, run_id: str, status: str = "succeeded", detail: str = "") -> dict:
        """Close a run you were woken for over http; its token stops working at once."""
        return self.request("POST", f"/runs/{run_id}/finish", {"status": status, "detail": detail})

    def check_permission(self, action: str, **resource) -> dict:
        """Dry run: {effect, rule, reason, approver}. resource: owner_seat_id, outcome_id, amount_cents, channel."""
        return self.request("POST", "/governance/check", {"action": action, **resource})

    def request_approval(self, action: str, description: str = "", **details):
        """Declare an external action (external.communicate, external.spend, data.delete, deploy) before doing
        it: a dict when allowed, ApprovalPending when a human must decide; Denied when refused."""
        return self.request("POST", "/governance/declare", {"action": action, "description": description, **details})

    def escalate(self, reason: str, needed: str = "", urgency: str = "normal"):
        return self.request("POST", "/escalations", {"reason": reason, "needed": needed, "urgency": urgency})

    def submit_meeting_prep(self, meeting_id: str, *, measurables: list[dict] | None = None,
                            rocks: list[dict] | None = None, headlines: list[dict] | None = None,
                            issues: list[dict] | None = None) -> dict:
        """Bring prep to a meeting listed in the briefing's meeting_prep: measurables [{measurable_id, value}],
        rocks [{outcome_id, status: on_track}] or [{outcome_id, status: off_track, reason}], headlines
        [{kind, text}], issues [{title, details?}]. Each item comes back as done, held (with its approval
        request) or refused. A malformed item raises InvalidInput, one naming something missing NotFound, both
        with the item's field, and nothing changes."""
        body = {k: v for k, v in (("measurables", measurables), ("rocks", rocks), ("headlines", headlines),
                                  ("issues", issues)) if v is not None}
        return self.request("POST", f"/meetings/{meeting_id}/prep", body)

    def capture_learning(self, do_instead: str, why: str, what_failed: str | None = None, **extra):
        return self.request("POST", "/oos/learnings", {"what_failed": what_failed, "do_instead": do_instead,
                                                        "why": why, **extra})

    def read_inbox(self, unread: bool | None = True, limit: int = 50) -> list[dict]:
        return self.request("GET", "/me/inbox", params={"unread": None if unread is None else str(unread).lower(),
                                                        "limit": limit})

    def mark_read(self, item_id: str) -> dict:
        return self.request("POST", f"/me/inbox/{item_id}/read")

    def search(self, q: str, kind: str | None = None, limit: int = 5) -> dict:
        """The organization's things matching `q`, grouped by kind (see GET /api/v1/search)."""
        return self.request("GET", "/search", params={"q": q, "kind": kind, "limit": limit})
