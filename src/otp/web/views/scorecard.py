"""The scorecard: measurables × the last 13 periods grouped by owner seat, red and green cells, an
inline SVG sparkline and the forecast per row, and inline entry (one small form per row; htmx
swaps the row so the cell turns red or green in place)."""
from __future__ import annotations

import math

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from otp.core.errors import Invalid, OTPError
from otp.scorecard import entries, view
from otp.scorecard.measurables import get_measurable
from otp.web.actions import Done, attempt, posted
from otp.web.pages import _num as num
from otp.web.pages import actor_of, flash, is_partial, render
from otp.web.svg import sparkline

router = APIRouter()
SYMBOL = {">=": "≥", "<=": "≤", "==": "="}


def target_text(row: dict) -> str:
    unit = f" {row['unit']}" if row.get("unit") else ""
    if row["comparator"] == "between":
        return f"{_n(row['target'])}–{_n(row['target_max'])}{unit}"
    return f"{SYMBOL[row['comparator']]} {_n(row['target'])}{unit}"


def _n(value) -> str:
    return f"{value:,g}" if isinstance(value, float) else str(value)


@router.get("/scorecard")
def scorecard_page(request: Request, period: str = ""):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        data = view.scorecard(s, actor)
    return render(request, "scorecard/scorecard.html", _context(data, period=period), actor=actor)


_CELL = {None: '<td class="cell empty">', True: '<td class="cell on">', False: '<td class="cell off">'}


def _with_cells(data: dict) -> dict:
    """Give each row `cells` [{period, value, on_target}] (from the view's parallel lists when it
    sent those), and their HTML pre-rendered: `cells_html` (the row's <td>s, red or green) and
    `spark` (the inline SVG trend line). Built here in one pass: through the template, the
    3,900 cells of a 300-row scorecard cost more than all the rest of the page."""
    for group in data["groups"]:
        for m in group["measurables"]:
            if "cells" not in m:
                m["cells"] = [{"period": p, "value": v, "on_target": ok} for p, v, ok in
                              zip(data["periods"][m["cadence"]], m["values"], m["on_target"])]
            if "cells_html" not in m:
                values = [c["value"] for c in m["cells"]]
                # Numbers only (digits, separators, a sign): nothing to escape.
                m["cells_html"] = Markup("".join(
                    _CELL[c["on_target"]] + ("" if v is None else num(v)) + "</td>" for c, v in zip(m["cells"], values)))
                m["spark"] = sparkline(values, m["target"], f"{m['title']} trend")
    return data


def _context(data: dict, errors: dict | None = None, period: str = "") -> dict:
    """`period`: the week the row forms write to (default the current one; a monthly
    measurable files it under the month containing it)."""
    _with_cells(data)
    weeks = data["periods"]["weekly"]
    total = sum(len(g["measurables"]) for g in data["groups"])
    off = sum(1 for g in data["groups"] for m in g["measurables"] if m["cells"][-1]["on_target"] is False)
    return {"groups": data["groups"], "weeks": weeks, "total": total, "off_now": off, "target_text": target_text,
            "errors": errors or {}, "period": period if period in weeks else weeks[-1]}


def _value(text: str) -> float:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        raise Invalid("enter a number, like 42 or 3.5", field="value") from None
    if not math.isfinite(value):
        raise Invalid("enter a finite number", field="value")
    return value


@router.post("/scorecard/{measurable_id}")
def report_value(request: Request, measurable_id: str, csrf_token: str = Form(""), value: str = Form(""),
                 period: str = Form(""), note: str = Form("")):
    actor = posted(request, csrf_token)

    def work(s):
        return entries.report(s, actor, measurable_id=measurable_id, value=_value(value),
                              period=period or None, note=note)
    done = attempt(request, work)
    if is_partial(request):
        return _row_response(request, actor, measurable_id, done, period)
    if done.error is not None:
        with request.app.state.db.read() as s:
            data = view.scorecard(s, actor)
        context = _context(data, {measurable_id: {"error": done.error, "value": value}}, period)
        return render(request, "scorecard/scorecard.html", context, status=done.error.status, actor=actor)
    flash(request, done.held or "Saved.", "held" if done.held else "notice")
    query = f"?period={period}" if period else ""
    return RedirectResponse(f"/scorecard{query}#m-{measurable_id}", status_code=303)


def _row_response(request: Request, actor, measurable_id: str, done: Done, period: str):
    """Just the row again, fresh from the scorecard view, with the message for this row."""
    try:
        with request.app.state.db.read() as s:
            seat = get_measurable(s, actor, measurable_id).owner_seat_id
            data = view.scorecard(s, actor, owner_seat_id=seat) if seat else view.scorecard(s, actor)
    except OTPError as error:
        return render(request, "error.html", {"message": error.message}, status=error.status, actor=actor)
    _with_cells(data)
    row = next((m for g in data["groups"] for m in g["measurables"] if m["id"] == measurable_id), None)
    if row is None:
        return render(request, "error.html", {"message": "this measurable is no longer on the scorecard"},
                      status=404, actor=actor)
    state = {"error": done.error, "held": done.held, "saved": done.ok}
    return render(request, "scorecard/_row.html", {"m": row, "state": state, "target_text": target_text,
                                                                                          "period": period or row["cells"][-1]["period"]},
                  status=done.error.status if done.error else 200, actor=actor)
