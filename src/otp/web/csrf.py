"""CSRF for the web forms: a random token per session, echoed in every form, checked on POST."""
from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from otp.core.errors import Forbidden


def token(request: Request) -> str:
    """The session's token. Remembered in the request's scope: a page of 600 rows asks for it
    600 times, and the session property is not free."""
    scope = request.scope
    cached = scope.get("otp.csrf")
    if cached is not None and scope["session"].get("csrf") == cached:
        return cached
    session = request.session
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    scope["otp.csrf"] = session["csrf"]
    return session["csrf"]


class CsrfFailed(Forbidden):
    """Its own class so pages can answer it with a page (and the API with its JSON shape)."""


def check(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfFailed("the form expired or came from elsewhere (CSRF check failed); reload and try again")
