"""Web face of mail preferences: the page /me/mail (linked from every mail's footer), the partial
`mail/_preferences.html` other pages may include, and the POST that saves it."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.mail import preferences
from otp.mail.kinds import OPTIONAL
from otp.web.actions import attempt, posted
from otp.web.pages import actor_of, back, flash, render

router = APIRouter()


def preferences_context(session: Session, actor: Actor) -> dict:
    """What `mail/_preferences.html` needs, for any page that includes it."""
    settings = preferences.my_preferences(session, actor)
    return {"mail_preferences": [(kind, OPTIONAL[kind], settings[kind]) for kind in OPTIONAL]}


@router.get("/me/mail")
def mail_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = preferences_context(s, actor)
    return render(request, "mail/preferences.html", context, actor=actor)


@router.post("/me/mail-preferences")
def save(request: Request, csrf_token: str = Form(""), on: list[str] = Form([])):
    actor = posted(request, csrf_token)
    kinds = {kind: kind in on for kind in OPTIONAL}  # an unticked box is not posted: it means off
    done = attempt(request, lambda s: preferences.set_preferences(s, actor, kinds=kinds))
    flash(request, done.error.message if done.error else "Mail preferences saved.",
          "error" if done.error else "notice")
    return back(request, "/me/mail")
