"""What every settings page shares: its sections, whether the reader may change them (asked of
governance, never decided here), and reading a form whose fields are generated."""
from __future__ import annotations

from fastapi import Request

from otp.auth.actor import Actor
from otp.governance.authz import check_scope, evaluate
from otp.core.errors import Forbidden
from otp.web.pages import templates

SECTIONS = [
    ("Organization", "/settings/organization", "Name, calendar, SLAs, guards"),
    ("Policy", "/settings/policy", "Who may do what, at which level"),
    ("Webhooks", "/settings/webhooks", "Events sent to other systems"),
    ("API tokens", "/settings/tokens", "Keys for scripts and tools"),
]
templates.env.globals["SETTINGS_SECTIONS"] = SECTIONS


def may(session, actor: Actor, action: str, resource: dict | None = None) -> bool:
    """Would governance let this actor do `action` without asking? (Shows forms or read-only.)"""
    try:
        check_scope(actor, action)
    except Forbidden:
        return False
    return evaluate(session, actor, action, resource).effect == "allow"


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as a dict (for forms whose fields come from declarations)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}
