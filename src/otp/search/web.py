"""Web face: the /search results page (what the header box submits to without JavaScript) and
the fragment the header's as-you-type panel fetches (/search/panel)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from otp.governance.authz import require
from otp.core.errors import OTPError
from otp.search import query
from otp.search.documents import KINDS
from otp.web.pages import actor_of, render

router = APIRouter()
PANEL_LIMIT = 4  # per kind, in the header's panel: a glance, with a link to the full page
PAGE_LIMIT = 20


def _find(request: Request, actor, q: str, kind: str | None, limit: int) -> tuple[dict | None, OTPError | None]:
    if not q.strip():
        return None, None
    try:
        with request.app.state.db.read() as s:
            require(s, actor, "read")
            return query.search(s, actor, q=q, kind=kind or None, limit=limit).as_dict(), None
    except OTPError as error:
        return None, error


@router.get("/search")
def search_page(request: Request, q: str = "", kind: str = ""):
    actor = actor_of(request)
    found, error = _find(request, actor, q, kind, PAGE_LIMIT)
    return render(request, "search/page.html", {"q": q, "kind": kind, "found": found, "error": error,
                                                "kinds": KINDS}, status=error.status if error else 200, actor=actor)


@router.get("/search/panel")
def search_panel(request: Request, q: str = ""):
    actor = actor_of(request)
    found, error = _find(request, actor, q, None, PANEL_LIMIT)
    return render(request, "search/_panel.html", {"q": q, "found": found, "error": error}, actor=actor)
