"""Web pages for the accountability chart: the tree, a page per seat, editing and moving seats."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup, escape

from otp.core.errors import OTPError
from otp.org import agents, chart, holdings, people
from otp.org.chart_read import chart_rows
from otp.org.tree import Tree
from otp.web import csrf
from otp.web.pages import actor_of, render

router = APIRouter()


def _tree_context(session, actor) -> dict:
    rows = chart_rows(session, actor.org_id)
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    return {"children": children, "roots": children.get(None, []), "count": len(rows),
            "vacant": sum(1 for r in rows if r["occupant"] is None),
            "agents": sum(1 for r in rows if r["occupant"] and r["occupant"]["kind"] == "agent")}


@router.get("/chart")
def chart_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _tree_context(s, actor)
    return render(request, "chart.html", context, actor=actor)


def _seat_context(session, actor, seat_id: str) -> dict:
    seat = chart.get_seat(session, actor, seat_id)
    tree = Tree.load(session, actor.org_id)
    rows = {r["id"]: r for r in chart_rows(session, actor.org_id)}
    below = set(tree.subtree(seat.id))
    from otp.web.views.seat_panels import panels
    reports = [rows[s] for s, p in tree.parent.items() if p == seat.id]
    parent_options = [r for sid, r in rows.items() if sid not in below]
    return {
        **panels(session, actor, rows[seat.id]),
        "seat": rows[seat.id],
        "parent": rows.get(seat.parent_id),
        "reports": reports,
        # The pickers hold every seat (1,000 on a big chart): built here, not in a template loop.
        "parent_options_html": _options(parent_options, seat.parent_id, holder=True),
        "reparent_options_html": _options(reports if seat.parent_id is None else
                                          [r for r in parent_options if r["id"] != seat.id]),
        "reassign_options_html": _options([r for sid, r in rows.items() if sid != seat.id], seat.parent_id),
        "people": people.list_members(session, actor),
        "agents": [a for a in agents.list_agents(session, actor) if a.status != "retired"],
        "history": chart.occupancy_history(session, actor, seat.id),
        "holdings": holdings.held(session, actor.org_id, seat.id),
    }


def _options(rows: list[dict], selected: str | None = None, holder: bool = False) -> Markup:
    parts = []
    for r in rows:
        name = f" ({escape(r['occupant']['name'])})" if holder and r["occupant"] else ""
        chosen = " selected" if r["id"] == selected else ""
        parts.append(f'<option value="{escape(r["id"])}"{chosen}>{escape(r["title"])}{name}</option>')
    return Markup("".join(parts))


@router.get("/chart/seats/{seat_id}")
def seat_page(request: Request, seat_id: str):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _seat_context(s, actor, seat_id)
    return render(request, "seat.html", context, actor=actor)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _with_error(request: Request, actor, seat_id: str, error: OTPError):
    with request.app.state.db.read() as s:
        context = _seat_context(s, actor, seat_id)
    context["error"] = error
    return render(request, "seat.html", context, status=error.status, actor=actor)


@router.post("/chart/seats/{seat_id}")
def seat_save(request: Request, seat_id: str, csrf_token: str = Form(""), title: str = Form(""),
              purpose: str = Form(""), responsibilities: str = Form(""), parent_id: str = Form(""),
              occupant: str = Form("")):
    """One form edits the seat: fields, its parent (a move) and its occupant, in one transaction."""
    actor = actor_of(request)
    csrf.check(request, csrf_token)
    try:
        with request.app.state.db.write() as s:
            seat = chart.get_seat(s, actor, seat_id)
            changes = {"title": title, "purpose": purpose, "responsibilities": _lines(responsibilities)}
            if seat.parent_id is not None or parent_id:
                changes["parent_id"] = parent_id or None
            chart.update_seat(s, actor, seat_id, changes)
            _set_occupant(s, actor, seat, occupant)
    except OTPError as error:
        return _with_error(request, actor, seat_id, error)
    return RedirectResponse(f"/chart#{seat_id}", status_code=303)


def _set_occupant(session, actor, seat, occupant: str) -> None:
    current = (f"person:{seat.occupant_person_id}" if seat.occupant_person_id else
               f"agent:{seat.occupant_agent_id}" if seat.occupant_agent_id else "")
    if occupant == current:
        return
    if not occupant:
        chart.vacate(session, actor, seat.id)
        return
    kind, _, occupant_id = occupant.partition(":")
    chart.assign_occupant(session, actor, seat.id, kind=kind, occupant_id=occupant_id, replace=True)


@router.post("/chart/seats/{seat_id}/reports")
def seat_add_report(request: Request, seat_id: str, csrf_token: str = Form(""), title: str = Form(""),
                    purpose: str = Form(""), responsibilities: str = Form("")):
    actor = actor_of(request)
    csrf.check(request, csrf_token)
    try:
        with request.app.state.db.write() as s:
            new = chart.create_seat(s, actor, title=title, purpose=purpose,
                                    responsibilities=_lines(responsibilities), parent_id=seat_id)
    except OTPError as error:
        return _with_error(request, actor, seat_id, error)
    return RedirectResponse(f"/chart/seats/{new.id}", status_code=303)


@router.post("/chart/seats/{seat_id}/delete")
def seat_delete(request: Request, seat_id: str, csrf_token: str = Form(""), reparent_to: str = Form(""),
                reassign_to: str = Form("")):
    actor = actor_of(request)
    csrf.check(request, csrf_token)
    try:
        with request.app.state.db.write() as s:
            chart.delete_seat(s, actor, seat_id, reparent_to or None, reassign_to or None)
    except OTPError as error:
        return _with_error(request, actor, seat_id, error)
    return RedirectResponse("/chart", status_code=303)
