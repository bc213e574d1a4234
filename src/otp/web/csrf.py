"""CSRF for the web forms: a random token per session, echoed in every form, checked on POST."""
from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from otp.core.errors import Forbidden


def token(request: Request) -> str:
    session = request.session
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


class CsrfFailed(Forbidden):
    """Its own class so pages can answer it with a page (and the API with its JSON shape)."""


def check(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfFailed("the form expired or came from elsewhere (CSRF check failed); reload and try again")
