"""The browser's server-side session, seen from a request: the signed cookie carries only the
random session id (`sid`); who is signed in is read from the database on every request
(otp.auth.sessions), so a session ended elsewhere stops here at once."""
from __future__ import annotations

import logging

from fastapi import Request
from sqlalchemy.orm import Session

from otp.auth import sessions

log = logging.getLogger(__name__)
KEY = "sid"


def cookie_id(request: Request) -> str | None:
    value = (request.scope.get("session") or {}).get(KEY)
    return value if isinstance(value, str) and value else None


def resolve(request: Request, s: Session) -> sessions.Resolved:
    """The signed-in person (Unauthorized when the session is missing, ended, expired or idle).
    Remembers the session row's id on the request, for logout and "this browser" on pages."""
    resolved = sessions.resolve(s, cookie_id(request))
    request.scope["otp.web_session"] = resolved.session_id
    return resolved


def row_id(request: Request) -> str | None:
    return request.scope.get("otp.web_session")


def remember(request: Request, cookie: str) -> None:
    """A fresh cookie session for a fresh sign-in: nothing from before (CSRF token included)
    carries over, so a session id planted before sign-in is worth nothing after it."""
    request.session.clear()
    request.session[KEY] = cookie


def forget(request: Request) -> None:
    request.session.clear()


def touch(db, resolved: sessions.Resolved) -> None:
    """Record activity (the idle timeout's clock), at most once a minute; best effort, outside
    the request's read transaction, like a token's last use."""
    if not resolved.stale:
        return
    try:
        with db.write() as s:
            sessions.touch(s, resolved.session_id)
    except Exception:
        log.warning("could not record the activity of session %s", resolved.session_id, exc_info=True)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
