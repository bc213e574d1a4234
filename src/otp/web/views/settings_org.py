"""/settings and /settings/organization: every organization setting any domain declares
(otp.org.settings_catalog), each with its meaning and default, saved through
otp.org.orgs.update_organization — the service PATCH /api/v1/organizations/{id} calls."""
from __future__ import annotations

from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from otp.org import orgs, settings_catalog
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render
from otp.web.views.settings_common import form_data, may

router = APIRouter()
TIMEZONES = sorted(available_timezones())


@router.get("/settings")
def settings_home(request: Request):
    actor_of(request)
    return RedirectResponse("/settings/organization", status_code=303)


def _stored_values(org) -> dict:
    """The form's values as stored: columns always, settings only when set (else the default shows)."""
    values = {}
    for s in settings_catalog.declared():
        if s.column:
            values[s.key] = getattr(org, s.key)
            continue
        stored = (org.settings or {}).get(s.key)
        if s.kind == "group":
            for p in s.parts:
                values[f"settings.{s.key}.{p.key}"] = stored.get(p.key) if isinstance(stored, dict) else None
        else:
            values[f"settings.{s.key}"] = stored
    return values


def _page(request: Request, actor, *, values=None, error=None, status=200):
    with request.app.state.db.read() as s:
        org = orgs.get_organization(s, actor)
        can_edit = may(s, actor, "org.settings", {"type": "organization", "id": org.id})
        stored = _stored_values(org)
    names = list(stored)  # every input's name, and each group's: their errors show next to them
    known = names + [n.rsplit(".", 1)[0] for n in names if n.count(".") > 1]
    context = {"section_title": "Organization", "org": org, "can_edit": can_edit, "groups": settings_catalog.groups(),
               "values": values if values is not None else stored, "error": error, "timezones": TIMEZONES,
               "known_fields": known}
    return render(request, "settings/organization.html", context, status=status, actor=actor)


@router.get("/settings/organization")
def organization_page(request: Request):
    return _page(request, actor_of(request))


def changes_from_form(data: dict[str, str]) -> dict:
    """The form's strings as the API's typed changes (blank = default); OTPError names the field."""
    changes: dict = {}
    settings: dict = {}
    for s in settings_catalog.declared():
        name = s.key if s.column else f"settings.{s.key}"
        if s.kind == "group":
            parts = {p.key: p.from_form(f"{name}.{p.key}", data.get(f"{name}.{p.key}")) for p in s.parts}
            parts = {k: v for k, v in parts.items() if v is not None}
            settings[s.key] = parts or None
        elif name in data:
            value = s.from_form(name, data.get(name))
            if s.column:
                changes[s.key] = value
            else:
                settings[s.key] = value
    changes["settings"] = settings
    return changes


@router.post("/settings/organization")
def save_organization(request: Request, data: dict = Depends(form_data)):
    actor = posted(request, data.get("csrf_token", ""))

    def work(s):
        return orgs.update_organization(s, actor, changes_from_form(data))
    done = attempt(request, work)
    return finish(request, done, to="/settings/organization", success="Settings saved.",
                  on_error=lambda error: _page(request, actor, values=data, error=error, status=error.status))
