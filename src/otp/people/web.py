"""Web pages for people: the list (/people: members with role, status and seats; pending
invitations; the invite form), a person's page (/people/{id}: role, seats, sessions, reset
link, deactivation with the seats' fate chosen), and the pages a one-time link opens
(/join/{token}, /reset/{token}) plus asking for a reset (/reset).

When no mail is configured, the link an admin just made (invitation or reset) is shown once on
the next page, in a box to copy; with mail it exists only in the message."""
from __future__ import annotations

import importlib.util

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from otp.core.config import public_url
from otp.core.errors import OTPError
from otp.org import agents
from otp.org.models import ROLES, Membership, Person, Seat
from otp.people import invitations, mailing, membership, resets, signin
from otp.people.invitations import state_of
from otp.web import signed_in
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, flash, render

router = APIRouter()
LINK_KEY = "people.link"  # {"for": email, "url": ...}: a link to copy, shown once


def _show_link(request: Request, email: str, path: str | None, what: str) -> None:
    if path:
        request.session[LINK_KEY] = {"for": email, "url": public_url() + path, "what": what}


def _pop_link(request: Request) -> dict | None:
    return request.session.pop(LINK_KEY, None)


def browser_name(user_agent: str) -> str:
    """"Chrome on Linux" from a User-Agent header: enough to tell one's sessions apart."""
    ua = user_agent or ""
    name = next((n for key, n in (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                                  ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"),
                                  ("python-httpx", "a script"), ("testclient", "a test client")) if key in ua), None)
    system = next((n for key, n in (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
                                    ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")) if key in ua), None)
    if name and system:
        return f"{name} on {system}"
    return name or system or "Unknown browser"


def _is_admin(actor) -> bool:
    return actor.role in ("owner", "admin")


# --- the list -------------------------------------------------------------------------------

def _list_context(s, actor) -> dict:
    rows = s.execute(select(Person, Membership).join(Membership, Membership.person_id == Person.id)
                     .where(Membership.org_id == actor.org_id)
                     .order_by(Membership.status, Person.name)).all()
    seats: dict[str, list[Seat]] = {}
    for seat in s.execute(select(Seat).where(Seat.org_id == actor.org_id, Seat.occupant_person_id.is_not(None))
                          .order_by(Seat.title)).scalars():
        seats.setdefault(seat.occupant_person_id, []).append(seat)
    invites = [i for i in invitations.list_invitations(s, actor) if i.state == "pending"] if _is_admin(actor) else []
    return {"members": [(p, m, seats.get(p.id, [])) for p, m in rows], "invitations": invites,
            "state_of": state_of, "roles": ROLES, "mail_on": mailing.configured(), "admin": _is_admin(actor),
            "active": sum(1 for _, m in rows if m.status == "active")}


@router.get("/people")
def people_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _list_context(s, actor)
    context["copy_link"] = _pop_link(request)
    return render(request, "people/people.html", context, actor=actor)


def _list_error(request: Request, actor, error: OTPError, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _list_context(s, actor)
    context.update(error=error, form=form or {})
    return render(request, "people/people.html", context, status=error.status, actor=actor)


@router.post("/people/invitations")
def invite(request: Request, csrf_token: str = Form(""), email: str = Form(""), role: str = Form("member")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: invitations.invite(s, actor, email=email, role=role))
    if done.ok:
        _show_link(request, done.value.invitation.email, done.value.link, "invitation")
    sent = f"Invitation sent to {email.strip().lower()}." if mailing.configured() else \
        f"Invitation made for {email.strip().lower()}: mail is not configured, so send the link below yourself."
    return finish(request, done, to="/people", success=sent,
                  on_error=lambda e: _list_error(request, actor, e, {"email": email, "role": role}))


@router.post("/people/invitations/{invitation_id}/resend")
def resend(request: Request, invitation_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: invitations.resend(s, actor, invitation_id))
    if done.ok:
        _show_link(request, done.value.invitation.email, done.value.link, "invitation")
    return finish(request, done, to="/people", success="A new link was made; the old one no longer works.",
                  on_error=lambda e: _list_error(request, actor, e))


@router.post("/people/invitations/{invitation_id}/revoke")
def revoke(request: Request, invitation_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: invitations.revoke(s, actor, invitation_id))
    return finish(request, done, to="/people", success="Invitation revoked; its link no longer works.",
                  on_error=lambda e: _list_error(request, actor, e))


# --- one person -----------------------------------------------------------------------------

def _person_context(s, actor, person_id: str) -> dict:
    person, member = membership.get_member(s, actor, person_id)
    own = person.id == actor.id
    admin = _is_admin(actor)
    others = [(p, m) for p, m in s.execute(select(Person, Membership).join(Membership, Membership.person_id == Person.id)
                                            .where(Membership.org_id == actor.org_id, Membership.status == "active",
                                                   Person.id != person.id).order_by(Person.name)).all()]
    context = {
        "person": person, "member": member, "own": own, "admin": admin, "roles": ROLES,
        "seats": membership.seats_held(s, actor.org_id, person.id),
        "sessions": signin.list_sessions(s, actor, person.id) if (own or admin) else [],
        "holders": [("person:" + p.id, p.name) for p, _ in others]
                   + [("agent:" + a.id, f"{a.name} (agent)") for a in agents.list_agents(s, actor) if a.status != "retired"],
        "mail_on": mailing.configured(), "browser_name": browser_name,
    }
    if own and importlib.util.find_spec("otp.mail.web") is not None:
        from otp.mail.web import preferences_context
        context.update(preferences_context(s, actor))
    return context


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: str):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _person_context(s, actor, person_id)
    context["copy_link"] = _pop_link(request)
    context["this_session"] = signed_in.row_id(request)
    return render(request, "people/person.html", context, actor=actor)


def _person_error(request: Request, actor, person_id: str, error: OTPError, where: str, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _person_context(s, actor, person_id)
    context.update(error=error, where=where, form=form or {}, this_session=signed_in.row_id(request))
    return render(request, "people/person.html", context, status=error.status, actor=actor)


@router.post("/people/{person_id}/role")
def change_role(request: Request, person_id: str, csrf_token: str = Form(""), role: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: membership.change_role(s, actor, person_id, role))
    return finish(request, done, to=f"/people/{person_id}", success=f"Role set to {role}.",
                  on_error=lambda e: _person_error(request, actor, person_id, e, "role"))


@router.post("/people/{person_id}/deactivate")
def deactivate(request: Request, person_id: str, csrf_token: str = Form(""), seats: str = Form("")):
    """`seats` is "vacate", or the holder ("person:ID" / "agent:ID") who takes every seat."""
    actor = posted(request, csrf_token)
    vacate = seats == "vacate"
    reassign_to = seats if seats and not vacate else None
    done = attempt(request, lambda s: membership.deactivate(s, actor, person_id, reassign_to=reassign_to,
                                                            vacate=vacate))
    return finish(request, done, to=f"/people/{person_id}",
                  success="Deactivated: their sessions and tokens stopped." + (" Their seats are vacant on the chart."
                                                                              if vacate else ""),
                  on_error=lambda e: _person_error(request, actor, person_id, e, "deactivate", {"seats": seats}))


@router.post("/people/{person_id}/reactivate")
def reactivate(request: Request, person_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: membership.reactivate(s, actor, person_id))
    return finish(request, done, to=f"/people/{person_id}", success="Reactivated. They sign in again with their password.",
                  on_error=lambda e: _person_error(request, actor, person_id, e, "reactivate"))


@router.post("/people/{person_id}/password-reset")
def send_reset(request: Request, person_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: (resets.issue_reset(s, actor, person_id),
                                       membership.get_member(s, actor, person_id)[0].email))
    if done.ok:
        _show_link(request, done.value[1], done.value[0], "password reset")
    return finish(request, done, to=f"/people/{person_id}",
                  success="Password reset link sent." if mailing.configured() else
                  "Password reset link made: mail is not configured, so send the link below yourself.",
                  on_error=lambda e: _person_error(request, actor, person_id, e, "reset"))


@router.post("/people/{person_id}/sessions/{session_id}/end")
def end_session(request: Request, person_id: str, session_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: signin.end_session(s, actor, person_id, session_id))
    return finish(request, done, to=f"/people/{person_id}", success="That session was signed out.",
                  on_error=lambda e: _person_error(request, actor, person_id, e, "sessions"))


@router.post("/people/{person_id}/sessions/end-all")
def end_all(request: Request, person_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    keep = signed_in.row_id(request) if actor.id == person_id else None
    done = attempt(request, lambda s: signin.sign_out_everywhere(s, actor, person_id, keep=keep))
    return finish(request, done, to=f"/people/{person_id}",
                  success=(f"Signed out of {done.value} other session(s)." if keep else
                           f"Signed out everywhere ({done.value} session(s)).") if done.ok else None,
                  on_error=lambda e: _person_error(request, actor, person_id, e, "sessions"))


# --- pages a one-time link opens (nobody signed in) -------------------------------------------

def _gone(request: Request, error: OTPError, what: str):
    return render(request, "people/link_gone.html", {"error": error, "what": what}, status=error.status)


@router.get("/join/{token}")
def join_page(request: Request, token: str):
    try:
        with request.app.state.db.read() as s:
            opened = invitations.open_link(s, token)
    except OTPError as error:
        return _gone(request, error, "invitation")
    return render(request, "people/join.html", {"opened": opened, "token": token, "org": opened.organization})


@router.post("/join/{token}")
def join(request: Request, token: str, csrf_token: str = Form(""), name: str = Form(""), password: str = Form("")):
    from otp.web import csrf
    csrf.check(request, csrf_token)
    address, agent = signed_in.client_address(request), request.headers.get("user-agent", "")
    try:
        with request.app.state.db.write() as s:
            person, member = invitations.accept(s, token, name=name, password=password)
            cookie = signin.start_for(s, person_id=person.id, org_id=member.org_id, address=address, user_agent=agent)
    except OTPError as error:
        if error.status in (404, 410):
            return _gone(request, error, "invitation")
        with request.app.state.db.read() as s:
            opened = invitations.open_link(s, token)
        return render(request, "people/join.html", {"opened": opened, "token": token, "error": error,
                                                    "org": opened.organization, "form": {"name": name}},
                      status=error.status)
    signed_in.remember(request, cookie)
    flash(request, f"Welcome, {person.name}. You are signed in.")
    return RedirectResponse("/", status_code=303)


@router.get("/reset")
def reset_request_page(request: Request):
    return render(request, "people/reset_request.html", {})


@router.post("/reset")
def reset_request(request: Request, csrf_token: str = Form(""), email: str = Form("")):
    from otp.web import csrf
    csrf.check(request, csrf_token)
    try:
        with request.app.state.db.write() as s:
            resets.request_reset(s, email=email, address=signed_in.client_address(request))
    except OTPError as error:
        return render(request, "people/reset_request.html", {"error": error, "email": email}, status=error.status)
    return render(request, "people/reset_request.html", {"sent": True, "email": email.strip()})


@router.get("/reset/{token}")
def reset_page(request: Request, token: str):
    try:
        with request.app.state.db.read() as s:
            _, person = resets.open_link(s, token)
    except OTPError as error:
        return _gone(request, error, "password reset")
    return render(request, "people/reset.html", {"person": person, "token": token})


@router.post("/reset/{token}")
def reset(request: Request, token: str, csrf_token: str = Form(""), password: str = Form("")):
    from otp.web import csrf
    csrf.check(request, csrf_token)
    address, agent = signed_in.client_address(request), request.headers.get("user-agent", "")
    try:
        with request.app.state.db.write() as s:
            person, member = resets.complete_reset(s, token, password=password)
            cookie = signin.start_for(s, person_id=person.id, org_id=member.org_id, address=address, user_agent=agent)
    except OTPError as error:
        if error.status in (404, 410):
            return _gone(request, error, "password reset")
        with request.app.state.db.read() as s:
            _, person = resets.open_link(s, token)
        return render(request, "people/reset.html", {"person": person, "token": token, "error": error},
                      status=error.status)
    signed_in.remember(request, cookie)
    flash(request, "Password changed. Every other session was signed out.")
    return RedirectResponse("/", status_code=303)
