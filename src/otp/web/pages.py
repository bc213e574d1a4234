"""Shared plumbing for web pages: templates, the logged-in actor, rendering with the layout.

Pages are thin like every face: they resolve the actor from the session, call services, render.
Forms work without JavaScript (POST + redirect); htmx enhances them with partial swaps.
"""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import OTPError
from otp.org.models import Organization
from otp.web import csrf, human_dates, signed_in
from otp.web.icons import icon
from otp.web.svg import sparkline

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["csrf_token"] = csrf.token

# The main navigation; names are part of the product's contract.
# Chart opens the diagram; the list view (/chart) is its accessible alternative, linked from it.
NAV = [
    ("Chart", "/chart/diagram"),
    ("Agents", "/agents"),
    ("Scorecard", "/scorecard"),
    ("Rocks", "/rocks"),
    ("Issues", "/issues"),
    ("To-dos", "/todos"),
    ("Meetings", "/meetings"),
    ("Approvals", "/approvals"),
]
templates.env.globals["NAV"] = NAV
# Pages linked from the home page and the footer (not main navigation, whose names are fixed).
MORE = [("Escalations", "/escalations"), ("SOPs", "/sops"), ("Events", "/events"), ("OOS", "/oos"),
        ("People", "/people"), ("Settings", "/settings"), ("Import", "/import")]
templates.env.globals["MORE"] = MORE
# Next to the person's name in the top bar, where an owner looks for the organization's set-up.
ACCOUNT = [("People", "/people"), ("Settings", "/settings")]
templates.env.globals["ACCOUNT"] = ACCOUNT
templates.env.globals["sparkline"] = sparkline
templates.env.globals["icon"] = icon
templates.env.globals["ARROWS"] = {"up": "↑", "down": "↓", "flat": "→"}  # a trend, as an arrow


def _num(value) -> str:
    """Numbers as people write them: 12, 12.5, 0.33; nothing is a dash."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _org_zone(context) -> tzinfo:
    """The page's organization's timezone; a page without one (login) uses UTC."""
    return _zone(getattr(context.get("org"), "timezone", None) or "UTC")


@pass_context
def _when(context, value, zone: tzinfo | None = None):
    """A moment as people say it ("Mon 14 Dec, 09:00") in the organization's timezone, inside a
    <time> whose title names it fully ("2026-12-14 09:00 EST") for anyone who needs the zone."""
    if value is None:
        return "–"
    if not hasattr(value, "hour"):
        return _day(context, value)
    zone = zone or _org_zone(context)
    return _time_element(value, zone, human_dates.human_moment(value, zone, clock.now()))


@pass_context
def _when_full(context, value) -> str:
    """The plain, unambiguous form ("2026-01-15 09:00 EST"), for attributes and tooltips."""
    if value is None:
        return "–"
    if not hasattr(value, "hour"):
        return value.isoformat()
    return human_dates.full_moment(value, _org_zone(context))


@pass_context
def _clock(context, value, zone: tzinfo | None = None):
    """The time of day alone ("09:14"), for a moment whose day the page already says (a meeting's
    start and end); a <time> carries the full moment."""
    if value is None:
        return "–"
    zone = zone or _org_zone(context)
    return _time_element(value, zone, f"{human_dates.as_utc(value).astimezone(zone):%H:%M}")


def _time_element(value, zone: tzinfo, text: str) -> Markup:
    """`text` inside a <time> that carries the moment in the zone, and names it fully in its title."""
    local = human_dates.as_utc(value).astimezone(zone)
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        local.isoformat(timespec="minutes"), human_dates.full_moment(value, zone), text)


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


@pass_context
def _day(context, value, zone: tzinfo | None = None) -> str:
    """A day as people say it: "Today", "Fri 2 May", "Fri 2 May 2031" (a moment: its day in the zone)."""
    if value is None:
        return "–"
    if isinstance(value, str):  # an ISO moment carried as text (JSON readiness reports)
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    zone = zone or _org_zone(context)
    if hasattr(value, "hour"):
        value = human_dates.as_utc(value).astimezone(zone).date()
    return human_dates.human_day(value, clock.now().astimezone(zone).date())


templates.env.filters.update(num=_num, when=_when, when_full=_when_full, day=_day, clock=_clock)


class LoginRequired(Exception):
    """Raised by pages when nobody is logged in; answered with a redirect to /login."""


def actor_of(request: Request) -> Actor:
    if signed_in.cookie_id(request) is None:
        raise LoginRequired()
    try:
        with request.app.state.db.read() as s:
            resolved = signed_in.resolve(request, s)
    except OTPError:
        signed_in.forget(request)
        raise LoginRequired() from None
    signed_in.touch(request.app.state.db, resolved)
    return resolved.actor


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def is_partial(request: Request) -> bool:
    """An htmx request that wants a fragment (a row, a card), not a boosted page navigation."""
    return is_htmx(request) and request.headers.get("hx-boosted") != "true"


def flash(request: Request, text: str | None, kind: str = "notice") -> None:
    """A one-line message for the next page (after POST + redirect): "Saved", "Sent for approval to ..."."""
    if text:
        request.session["flash"] = [kind, text]


def render(request: Request, template: str, context: dict | None = None, status: int = 200,
           actor: Actor | None = None) -> HTMLResponse:
    context = dict(context or {})
    actor = actor or context.get("actor")
    if actor is not None and "org" not in context:
        with request.app.state.db.read() as s:
            context["org"] = s.get(Organization, actor.org_id)
    context.setdefault("actor", actor)
    context.setdefault("current", request.url.path)
    # The form's hidden CSRF input, built once: lists put one in every row.
    context.setdefault("csrf_field", Markup(f'<input type="hidden" name="csrf_token" '
                                            f'value="{escape(csrf.token(request))}">'))
    if "flash" in request.session and not is_partial(request):
        context.setdefault("flash", request.session.pop("flash"))
    return templates.TemplateResponse(request, template, context, status_code=status)


def back(request: Request, fallback: str) -> RedirectResponse:
    """After a form POST without htmx: go back where the form was (same origin only)."""
    target = request.headers.get("referer") or fallback
    base = str(request.base_url)
    if not target.startswith(base):
        target = fallback
    return RedirectResponse(target, status_code=303)


def login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
