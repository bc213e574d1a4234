"""Running a form's action: the same service REST calls, inside db.write(), with governance's
answers turned into what a person reads.

- allow: the change is committed; the page redirects (POST → 303 → GET) or htmx swaps a fragment;
- ask (ApprovalRequired): nothing changed and an approval request now holds the action; the
  person reads "Sent for approval to <approver>";
- deny or bad input (any other OTPError): nothing changed; the form is shown again with the
  message next to the field it names, under the error's 4xx status.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from otp.auth.actor import Actor
from otp.core.errors import ApprovalRequired, OTPError
from otp.web import csrf
from otp.web.pages import actor_of, flash


@dataclass
class Done:
    value: object = None
    error: OTPError | None = None
    held: str | None = None  # the "sent for approval" sentence when governance asked

    @property
    def ok(self) -> bool:
        return self.error is None and self.held is None


def posted(request: Request, csrf_token: str) -> Actor:
    """Every POST starts here: who is logged in, and is the form really ours (CSRF)."""
    actor = actor_of(request)
    csrf.check(request, csrf_token)
    return actor


def held_message(exc: ApprovalRequired) -> str:
    approver = (exc.approver or {}).get("name")
    return f"Sent for approval to {approver}." if approver else "Sent for approval to the organization's owners."


def attempt(request: Request, work: Callable) -> Done:
    """Run `work(session)` in one write transaction; never raises a domain error."""
    try:
        with request.app.state.db.write() as session:
            return Done(value=work(session))
    except ApprovalRequired as exc:
        return Done(held=held_message(exc))
    except OTPError as exc:
        return Done(error=exc)


def finish(request: Request, done: Done, *, to: str, on_error: Callable[[OTPError], Response],
           success: str | None = None) -> Response:
    """The usual ending of a form POST: the error page, or a redirect carrying a one-line message."""
    if done.error is not None:
        return on_error(done.error)
    flash(request, done.held or success, "held" if done.held else "notice")
    return RedirectResponse(to, status_code=303)


def lines(text: str) -> list[str]:
    """A textarea with one item per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
