"""The agenda template editor: a series' ordered sections (kind, title, minutes and, for the
scorecard and rock review, the seats they are bound to) on one page, edited in one form.

Without JavaScript: every button (move up or down, remove, add, save) submits the whole form,
so edits typed in other sections are kept; the result goes through the same service as
PATCH /api/v1/meetings/series/{id} (meetings.series.update_series: governed, validated by
agenda.check_agenda, one event). A bad value re-shows the form as typed, with the message next
to the field it names, and nothing is saved. The form carries a digest of the agenda it was
opened on, so a change made meanwhile by someone else is not silently overwritten.
"""
from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from otp.core.errors import Conflict, Invalid, OTPError
from otp.meetings import agenda as agendas
from otp.meetings import read, series
from otp.meetings.common import get_series
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()
MAX_FORM_SECTIONS = agendas.MAX_SECTIONS + 1


def digest(agenda: list[dict]) -> str:
    return hashlib.sha256(json.dumps(agenda, sort_keys=True).encode()).hexdigest()[:16]


def _context(s, actor, series_id: str, sections: list[dict] | None = None) -> dict:
    row = get_series(s, actor, series_id)
    view = read.series_view(row)
    return {"series": view, "sections": sections if sections is not None else view["agenda"],
            "base": digest(row.agenda), "d": Directory(s, actor.org_id), "kinds": agendas.KINDS,
            "bound": agendas.BOUND, "titles": agendas.TITLES,
            "limits": (agendas.MIN_MINUTES, agendas.MAX_MINUTES, agendas.MAX_SECTIONS)}


@router.get("/meetings/series/{series_id}/agenda")
def agenda_page(request: Request, series_id: str):
    actor = actor_of(request)
    try:
        with request.app.state.db.read() as s:
            context = _context(s, actor, series_id)
    except OTPError as error:
        return render(request, "error.html", {"message": error.message}, status=error.status, actor=actor)
    return render(request, "meetings/agenda.html", context, actor=actor)


def _minutes(value: str):
    text = (value or "").strip()
    return int(text) if text.isdigit() else text  # anything else: check_agenda names the field


def _section(form, prefix: str) -> dict:
    kind = form.get(f"{prefix}kind", "")
    section = {"kind": kind, "minutes": _minutes(form.get(f"{prefix}minutes", "")),
               "title": (form.get(f"{prefix}title") or "").strip()}
    seat_ids = [v for v in form.getlist(f"{prefix}seat_ids") if v]
    if kind in agendas.BOUND and seat_ids:
        section["seat_ids"] = seat_ids
    return section


def _parse(form) -> tuple[list[dict], str, int | None, dict]:
    """(sections as posted, the button's op, its section index, the new section's fields)."""
    count = form.get("count", "0")
    if not count.isdigit() or int(count) > MAX_FORM_SECTIONS:
        raise Invalid("the form is malformed; reload the page", field="agenda")
    sections = [_section(form, f"s{i}-") for i in range(int(count))]
    op, _, where = (form.get("op") or "save").partition(":")
    index = int(where) if where.isdigit() else None
    return sections, op, index, _section(form, "new-")


@router.post("/meetings/series/{series_id}/agenda")
async def agenda_save(request: Request, series_id: str):
    form = await request.form()
    return await run_in_threadpool(_save, request, series_id, form)


def _save(request: Request, series_id: str, form):
    actor = posted(request, form.get("csrf_token", ""))
    state: dict = {"sections": None}

    def work(s):
        sections, op, index, new = _parse(form)
        state["sections"] = sections
        edited = agendas.edit(sections, op, index, new)
        state["sections"] = edited
        row = get_series(s, actor, series_id, lock=True)
        if form.get("base") != digest(row.agenda):
            state["sections"] = None  # show the agenda as it is now
            raise Conflict("someone changed this agenda since you opened it; here it is as it is now — "
                           "make your change again", field="agenda")
        return series.update_series(s, actor, series_id=series_id, changes={"agenda": edited})

    done = attempt(request, work)
    return finish(request, done, to=f"/meetings/series/{series_id}/agenda", success="Agenda saved.",
                  on_error=lambda e: _error(request, actor, series_id, e, state))


def _error(request: Request, actor, series_id: str, error: OTPError, state: dict):
    try:
        with request.app.state.db.read() as s:
            context = _context(s, actor, series_id, state["sections"])
    except OTPError as missing:
        return render(request, "error.html", {"message": missing.message}, status=missing.status, actor=actor)
    context["error"] = error
    return render(request, "meetings/agenda.html", context, status=error.status, actor=actor)
