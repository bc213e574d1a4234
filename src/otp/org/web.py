"""Web pages for the accountability chart: the tree, a page per seat, editing and moving seats.

On the chart itself each card has three small forms (edit, move, holder). With htmx a card link
swaps the card for its form and the answer swaps it back (a move or a new holder re-renders the
whole tree, since everything below the seat moved and the counts changed); refusals come back as
the form with the service's message under its 4xx status. Without JavaScript the same links open
a page holding the form, which posts and redirects back to the chart at the seat. The forms are
loaded on demand: a 1,000-seat chart does not render 1,000 pickers of 1,000 seats."""
from __future__ import annotations

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from markupsafe import Markup, escape

from otp.core.errors import OTPError
from otp.org import agents, chart, holdings, people
from otp.org.chart_read import MAX_DEPTH, chart_rows, seat_count
from otp.org.models import Agent, Person
from otp.org.tree import Tree
from otp.web import csrf
from otp.web.actions import Done, attempt, lines, posted
from otp.web.pages import actor_of, flash, is_partial, render

router = APIRouter()


def _tree_context(session, actor, focus_id: str | None = None, focus_tool: str | None = None) -> dict:
    rows = chart_rows(session, actor.org_id)
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    return {"children": children, "roots": children.get(None, []), "count": len(rows),
            "vacant": sum(1 for r in rows if r["occupant"] is None),
            "agents": sum(1 for r in rows if r["occupant"] and r["occupant"]["kind"] == "agent"),
            "focus_id": focus_id, "focus_tool": focus_tool}


@router.get("/chart")
def chart_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _tree_context(s, actor)
    return render(request, "chart.html", context, actor=actor)


@router.get("/chart/diagram")
def chart_diagram_page(request: Request, depth: int | None = Query(None, ge=0, le=MAX_DEPTH)):
    """The chart drawn as a diagram: a small shell; chart.js fetches the seats from the API.
    `depth`: how many levels below the top load and open at first (default: all of a small
    chart, two levels of a big one); deeper branches load when expanded."""
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        # Up to SMALL_CHART seats the whole chart loads at once; beyond, the top levels (chart.js).
        count = seat_count(s, actor.org_id, up_to=SMALL_CHART + 1)
    return render(request, "chart_diagram.html", {"count": count, "small": count <= SMALL_CHART, "depth": depth},
                  actor=actor)


SMALL_CHART = 300


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
        "history": _named(session, chart.occupancy_history(session, actor, seat.id)),
        "holdings": holdings.held(session, actor.org_id, seat.id),
    }


def _named(session, history) -> list[dict]:
    """Occupancy rows with the occupant's name and kind, in two queries (not one per row)."""
    ids = {kind: [h.occupant_id for h in history if h.occupant_kind == kind] for kind in ("person", "agent")}
    names = {"person": dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids["person"]))).all()),
             "agent": dict(session.execute(select(Agent.id, Agent.name).where(Agent.id.in_(ids["agent"]))).all())}
    unknown = {"person": "a former member", "agent": "a deleted agent"}
    return [{"name": names[h.occupant_kind].get(h.occupant_id, unknown[h.occupant_kind]),
             "kind": "human" if h.occupant_kind == "person" else "agent",
             "started_at": h.started_at, "ended_at": h.ended_at} for h in history]


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


# --- the chart's cards: edit, move and holder in place --------------------------------------

MODES = ("edit", "move", "holder")


def _row(session, actor, seat_id: str, rows: list[dict] | None = None) -> dict:
    chart.get_seat(session, actor, seat_id)  # 404 for another organization's seat
    return next(r for r in (rows or chart_rows(session, actor.org_id)) if r["id"] == seat_id)


def _form_context(session, actor, seat_id: str, mode: str, values: dict | None = None) -> dict:
    rows = chart_rows(session, actor.org_id)
    row = _row(session, actor, seat_id, rows)
    occupant = row["occupant"]
    context = {"seat": row, "mode": mode, "values": {
        "title": row["title"], "purpose": row["purpose"], "responsibilities": "\n".join(row["responsibilities"]),
        "occupant": f"{occupant['kind']}:{occupant['id']}" if occupant else "", **(values or {})}}
    if mode == "move":
        # Valid new parents: every seat but this one and those below it (a move takes them along).
        below = set(Tree.load(session, actor.org_id).subtree(seat_id))
        context["parent_options_html"] = _options([r for r in rows if r["id"] not in below],
                                                  values.get("parent_id") if values else row["parent_id"],
                                                  holder=True)
    elif mode == "holder":
        context["people"] = people.list_members(session, actor)
        context["agents"] = [a for a in agents.list_agents(session, actor) if a.status != "retired"]
    return context


def _show_form(request: Request, actor, seat_id: str, mode: str, values: dict | None = None,
               error: OTPError | None = None):
    with request.app.state.db.read() as s:
        context = _form_context(s, actor, seat_id, mode, values)
    context.update(error=error, partial=is_partial(request))
    template = "_chart_seat_form.html" if context["partial"] else "chart_seat_form.html"
    return render(request, template, context, status=error.status if error else 200, actor=actor)


def _card(request: Request, actor, seat_id: str, focus: str | None = None, note: str | None = None):
    with request.app.state.db.read() as s:
        seat = _row(s, actor, seat_id)
    return render(request, "_chart_card_fragment.html", {"seat": seat, "focus": focus, "note": note}, actor=actor)


def _tree(request: Request, actor, seat_id: str, tool: str):
    """The whole tree, swapped in place of the chart's (the form targeted only its card)."""
    with request.app.state.db.read() as s:
        context = _tree_context(s, actor, focus_id=seat_id, focus_tool=tool)
    response = render(request, "_chart_tree.html", context, actor=actor)
    response.headers.update({"HX-Retarget": "#chart", "HX-Reswap": "outerHTML"})
    return response


def _answer(request: Request, actor, seat_id: str, mode: str, done: Done, values: dict):
    if done.error is not None:
        return _show_form(request, actor, seat_id, mode, values, done.error)
    if not is_partial(request):
        flash(request, done.held, "held")
        return RedirectResponse(f"/chart#{seat_id}", status_code=303)
    if done.held or mode == "edit":
        return _card(request, actor, seat_id, focus=mode, note=done.held)
    return _tree(request, actor, seat_id, mode)


@router.get("/chart/seats/{seat_id}/card")
def seat_card(request: Request, seat_id: str, focus: str = ""):
    return _card(request, actor_of(request), seat_id, focus=focus if focus in MODES else None)


@router.get("/chart/seats/{seat_id}/edit")
def seat_card_edit_form(request: Request, seat_id: str):
    return _show_form(request, actor_of(request), seat_id, "edit")


@router.get("/chart/seats/{seat_id}/move")
def seat_card_move_form(request: Request, seat_id: str):
    return _show_form(request, actor_of(request), seat_id, "move")


@router.get("/chart/seats/{seat_id}/holder")
def seat_card_holder_form(request: Request, seat_id: str):
    return _show_form(request, actor_of(request), seat_id, "holder")


@router.post("/chart/seats/{seat_id}/edit")
def seat_card_edit(request: Request, seat_id: str, csrf_token: str = Form(""), title: str = Form(""),
                   purpose: str = Form(""), responsibilities: str = Form("")):
    actor = posted(request, csrf_token)
    changes = {"title": title, "purpose": purpose, "responsibilities": lines(responsibilities)}
    done = attempt(request, lambda s: chart.update_seat(s, actor, seat_id, changes))
    return _answer(request, actor, seat_id, "edit", done,
                   {"title": title, "purpose": purpose, "responsibilities": responsibilities})


@router.post("/chart/seats/{seat_id}/move")
def seat_card_move(request: Request, seat_id: str, csrf_token: str = Form(""), parent_id: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: chart.move_seat(s, actor, seat_id, parent_id or None))
    return _answer(request, actor, seat_id, "move", done, {"parent_id": parent_id})


@router.post("/chart/seats/{seat_id}/holder")
def seat_card_holder(request: Request, seat_id: str, csrf_token: str = Form(""), occupant: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: _set_occupant(s, actor, chart.get_seat(s, actor, seat_id), occupant))
    return _answer(request, actor, seat_id, "holder", done, {"occupant": occupant})
