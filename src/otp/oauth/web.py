"""The consent page: /oauth/consent/{ticket}, where /authorize sends the browser.

Signed out, the person signs in first and comes back (the ticket rides in the path, which sign-in
keeps). Signed in, they see the client, the scopes it asks for and the agents they may manage
(otp.oauth.grants.manageable_agents: governance's answer for token.manage), choose one and allow —
a one-time code goes back to the client's redirect URI — or deny (access_denied goes back).

The form posts to this origin and the answer redirects to the client: browsers apply the CSP's
form-action to that redirect, so this page's policy also names the redirect URI's origin (the
default policy of otp.web.security_headers otherwise; SecurityHeaders keeps a page's own header).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from mcp.server.auth.provider import construct_redirect_uri

from otp.core.errors import OTPError
from otp.oauth import clients, grants, tickets, urls
from otp.web.actions import attempt, posted
from otp.web.pages import actor_of, render
from otp.web.security_headers import POLICY

router = APIRouter()
SCOPE_MEANINGS = {"read": "read what the agent may read: its briefing, context, outcomes, numbers and inbox",
                  "write": "act as the agent: report, update, raise issues, ask for approvals — each action "
                           "passes governance as the agent's own would"}


def _policy(redirect_uri: str) -> str:
    parts = urlsplit(redirect_uri)
    source = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else f"{parts.scheme}:"
    return POLICY.replace("form-action 'self'", f"form-action 'self' {source}")


def _page(request: Request, actor, ticket: str, pending: tickets.Pending, error: OTPError | None = None,
          chosen: str = "") -> Response:
    with request.app.state.db.read() as s:
        found = clients.get(s, pending.client_id)
        agents = grants.manageable_agents(s, actor)
    if found is None:
        return render(request, "error.html", {"message": "This client is not registered (any more): start again "
                                                         "from your MCP client."}, status=400, actor=actor)
    context = {"ticket": ticket, "client_name": clients.label(found[1]), "agents": agents, "chosen": chosen,
               "scopes": grants.token_scopes(pending.scopes), "scope_meanings": SCOPE_MEANINGS, "error": error,
               "redirect_host": urlsplit(pending.redirect_uri).netloc or pending.redirect_uri}
    response = render(request, "oauth/consent.html", context, status=error.status if error else 200, actor=actor)
    response.headers["content-security-policy"] = _policy(pending.redirect_uri)
    response.headers["cache-control"] = "no-store"
    return response


def _ticket(request: Request, actor, ticket: str):
    try:
        return tickets.read(request.app.state.settings.secret_key, ticket), None
    except OTPError as exc:
        return None, render(request, "error.html", {"message": exc.message}, status=400, actor=actor)


@router.get("/oauth/consent/{ticket}")
def consent_page(request: Request, ticket: str):
    actor = actor_of(request)  # signed out: to /login, and back here after
    pending, refused = _ticket(request, actor, ticket)
    return refused or _page(request, actor, ticket, pending)


@router.post("/oauth/consent/{ticket}")
def consent(request: Request, ticket: str, csrf_token: str = Form(""), agent_id: str = Form(""),
            decision: str = Form("")):
    actor = posted(request, csrf_token)
    pending, refused = _ticket(request, actor, ticket)
    if refused:
        return refused
    issuer = urls.issuer(request.app.state.settings.public_url)
    if decision != "allow":
        return _back(pending, error="access_denied", error_description="the person declined", iss=issuer)
    done = attempt(request, lambda s: grants.consent(s, actor, pending, agent_id))
    if not done.ok:
        error = done.error or OTPError(done.held or "refused")
        return _page(request, actor, ticket, pending, error=error, chosen=agent_id)
    return _back(pending, code=done.value, iss=issuer)


def _back(pending: tickets.Pending, **params: str | None) -> RedirectResponse:
    """To the client's redirect URI with the answer (RFC 6749 §4.1.2), `state` and `iss` (RFC 9207)."""
    target = construct_redirect_uri(pending.redirect_uri, **params, state=pending.state)
    response = RedirectResponse(target, status_code=303)
    response.headers["cache-control"] = "no-store"
    return response
