"""The SOP editor: every seat's procedures, one SOP's content with its edit form, its version
history, and the diff between any two versions. Inherited SOPs show on seat pages."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from otp.core.errors import OTPError
from otp.sops import edit, read
from otp.sops.models import Sop
from otp.web.actions import attempt, finish, lines, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()


def _index(s, actor) -> dict:
    d = Directory(s, actor.org_id)
    # One query for the whole organization (the service reads one seat at a time).
    rows = s.execute(select(Sop.id, Sop.seat_id, Sop.key, Sop.title, Sop.version, Sop.updated_at)
                     .where(Sop.org_id == actor.org_id, Sop.archived_at.is_(None))).all()
    groups: dict[str, list] = {}
    for row in sorted(rows, key=lambda r: (d.by_chart(r.seat_id), r.key)):
        groups.setdefault(row.seat_id, []).append(row)
    return {"d": d, "groups": groups, "count": len(rows)}


@router.get("/sops")
def sops_page(request: Request, seat: str | None = None):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _index(s, actor)
    context["form"] = {"seat_id": seat}
    return render(request, "sops/index.html", context, actor=actor)


def _fields(title: str, trigger: str, steps: str, outputs: str, tools: str, notes: str) -> dict:
    return {"title": title, "trigger": trigger, "steps": lines(steps), "outputs": lines(outputs),
            "tools": lines(tools), "notes": notes}


@router.post("/sops")
def create(request: Request, csrf_token: str = Form(""), seat_id: str = Form(""), key: str = Form(""),
           title: str = Form(""), trigger: str = Form(""), steps: str = Form(""), outputs: str = Form(""),
           tools: str = Form(""), notes: str = Form("")):
    actor = posted(request, csrf_token)
    fields = _fields(title, trigger, steps, outputs, tools, notes)
    done = attempt(request, lambda s: edit.create_sop(s, actor, seat_id, key=key, **fields))

    def on_error(error: OTPError):
        with request.app.state.db.read() as s:
            context = _index(s, actor)
        context.update(error=error, form={"seat_id": seat_id, "key": key, "title": title, "trigger": trigger,
                                          "steps": steps, "outputs": outputs, "tools": tools, "notes": notes})
        return render(request, "sops/index.html", context, status=error.status, actor=actor)
    return finish(request, done, to=f"/sops/{done.value.id}" if done.ok else "/sops", success="SOP created.",
                  on_error=on_error)


def _detail(s, actor, sop_id: str, old: int | None, new: int | None) -> dict:
    sop = read.get_sop(s, actor, sop_id)
    history = read.versions(s, actor, sop.id)
    diff = None
    if sop.version > 1 or old is not None:
        diff = read.diff(s, actor, sop.id, old, new)
    return {"d": Directory(s, actor.org_id), "sop": sop, "history": history, "diff": diff}


@router.get("/sops/{sop_id}")
def sop_page(request: Request, sop_id: str, to: int | None = None):
    actor = actor_of(request)
    old = request.query_params.get("from")
    old = int(old) if old and old.isdigit() else None
    with request.app.state.db.read() as s:
        try:
            context = _detail(s, actor, sop_id, old, to)
        except OTPError as error:
            if error.field not in ("from", "to"):
                raise
            context = _detail(s, actor, sop_id, None, None)
            context["diff_error"] = error
    return render(request, "sops/sop.html", context, actor=actor)


@router.post("/sops/{sop_id}")
def save(request: Request, sop_id: str, csrf_token: str = Form(""), title: str = Form(""),
         trigger: str = Form(""), steps: str = Form(""), outputs: str = Form(""), tools: str = Form(""),
         notes: str = Form("")):
    actor = posted(request, csrf_token)
    fields = _fields(title, trigger, steps, outputs, tools, notes)
    done = attempt(request, lambda s: edit.update_sop(s, actor, sop_id, fields))

    def on_error(error: OTPError):
        with request.app.state.db.read() as s:
            context = _detail(s, actor, sop_id, None, None)
        context.update(error=error, form={"title": title, "trigger": trigger, "steps": steps, "outputs": outputs,
                                          "tools": tools, "notes": notes})
        return render(request, "sops/sop.html", context, status=error.status, actor=actor)
    return finish(request, done, to=f"/sops/{sop_id}", success="Saved as a new version.", on_error=on_error)


@router.post("/sops/{sop_id}/archive")
def archive(request: Request, sop_id: str, csrf_token: str = Form(""), archived: str = Form("true")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: edit.update_sop(s, actor, sop_id, {"archived": archived == "true"}))

    def on_error(error: OTPError):
        with request.app.state.db.read() as s:
            context = _detail(s, actor, sop_id, None, None)
        context["error"] = error
        return render(request, "sops/sop.html", context, status=error.status, actor=actor)
    return finish(request, done, to=f"/sops/{sop_id}", success="Archived." if archived == "true" else "Restored.",
                  on_error=on_error)
