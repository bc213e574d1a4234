"""/settings/tokens: people's API tokens. Everyone manages their own (create — the token is shown
once —, list, revoke); owners and admins see and revoke everyone's. Governance decides who may do
what (otp.governance.tokens, the services REST calls); the page only shows the answers."""
from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from otp.governance import tokens
from otp.core import clock
from otp.core.errors import Invalid
from otp.org.models import Membership, Person
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render
from otp.web.views.settings_common import may

router = APIRouter()
EXPIRY_DAYS = {"30": 30, "90": 90, "365": 365, "never": None}


def _page(request: Request, actor, extra: dict | None = None, status: int = 200):
    with request.app.state.db.read() as s:
        rows = tokens.list_person_tokens(s, actor)
        sees_all = may(s, actor, "token.manage", {"type": "token"})
        names = dict(s.execute(select(Person.id, Person.name).join(Membership, Membership.person_id == Person.id)
                               .where(Membership.org_id == actor.org_id)).all())
        own = may(s, actor, "token.manage", {"type": "token", "person_id": actor.id})
    now = clock.now()
    context = {"section_title": "API tokens", "can_edit": own, "sees_all": sees_all, "now": now,
               "mine": [t for t in rows if t.person_id == actor.id],
               "others": [t for t in rows if t.person_id != actor.id], "names": names,
               "admin_scope": sees_all, "form": {}}
    context.update(extra or {})
    return render(request, "settings/tokens.html", context, status=status, actor=actor)


@router.get("/settings/tokens")
def tokens_page(request: Request):
    return _page(request, actor_of(request))


@router.post("/settings/tokens")
def create(request: Request, csrf_token: str = Form(""), name: str = Form(""), write: str = Form(""),
           admin: str = Form(""), expires: str = Form("90")):
    actor = posted(request, csrf_token)
    scopes = ["read"] + (["write"] if write else []) + (["admin"] if admin else [])

    def work(s):
        if expires not in EXPIRY_DAYS:
            raise Invalid("choose when the token expires", field="expires")
        days = EXPIRY_DAYS[expires]
        return tokens.create_token(s, actor, person_id=actor.id, scopes=scopes, name=name.strip(),
                                   expires_at=clock.now() + timedelta(days=days) if days else None)
    done = attempt(request, work)
    if done.ok:  # shown in this answer only: never in the session, a URL or a log
        return _page(request, actor, {"secret": done.value[1], "created": done.value[0]}, status=201)
    return finish(request, done, to="/settings/tokens", on_error=lambda error: _page(
        request, actor, {"error": error, "form": {"name": name, "expires": expires}}, status=error.status))


@router.post("/settings/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: tokens.revoke_token(s, actor, token_id))
    return finish(request, done, to="/settings/tokens", success="Token revoked: it stops working at once.",
                  on_error=lambda error: _page(request, actor, {"error": error}, status=error.status))
