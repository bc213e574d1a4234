"""The /import page: choose what the file holds and where it comes from, upload it, read the
preview (every change and every error by line), confirm. The page is a face like REST and the
CLI: it calls otp.imports.service and renders the plan."""
from __future__ import annotations

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from otp.core.errors import OTPError
from otp.imports import layouts, service
from otp.imports.report import ImportRefused
from otp.imports.table import MAX_BYTES
from otp.web.actions import posted
from otp.web.pages import actor_of, flash, render

router = APIRouter()

KIND_LABELS = {"chart": "Chart", "scorecard": "Scorecard", "rocks": "Rocks", "issues": "Issues", "todos": "To-dos"}
KIND_HINTS = {"chart": "people, agents and seats", "scorecard": "measurables with their history",
              "rocks": "quarterly priorities", "issues": "the open issues list", "todos": "open to-dos"}
FORMAT_LABELS = {"csv": "OTP spreadsheet (CSV)", "ninety": "Ninety export", "bloom": "Bloom Growth export"}
WHAT_LABELS = {"person": ("person", "people"), "agent": ("agent", "agents"), "seat": ("seat", "seats"),
               "holder": ("holder", "holders"), "measurable": ("measurable", "measurables"),
               "history": ("history", "histories"), "rock": ("rock", "rocks"), "issue": ("issue", "issues"),
               "to-do": ("to-do", "to-dos")}
DESTINATION = {"chart": "/chart", "scorecard": "/scorecard", "rocks": "/rocks", "issues": "/issues",
               "todos": "/todos"}
EXAMPLE_ROWS = {
    "chart": "Visionary,,Avery Stone,avery@example.com,,admin,Sets direction,Vision; Culture; Big relationships",
    "scorecard": "Qualified leads,Sales,>= 40,,weekly,38,44",
    "rocks": "Launch the partner program,Sales,2026-Q1,2026-03-31,on track,Ten partners signed",
    "issues": "Churn rose in January,Customer Success,Three accounts left,1,open",
    "todos": "Call the churned accounts,Customer Success,2026-01-16,",
}


def _context(kind: str, fmt: str, **extra) -> dict:
    return {"kind": kind, "fmt": fmt, "kinds": KIND_LABELS, "hints": KIND_HINTS, "formats": FORMAT_LABELS,
            "columns": {f: layouts.columns(kind, f) for f in layouts.FORMATS}, "whats": WHAT_LABELS,
            "max_mb": MAX_BYTES // 1_000_000, **extra}


def _choice(value: str, options, default: str) -> str:
    return value if value in options else default


@router.get("/import")
def import_page(request: Request, kind: str = "chart", format: str = "csv"):
    actor = actor_of(request)
    kind, fmt = _choice(kind, layouts.KINDS, "chart"), _choice(format, layouts.FORMATS, "csv")
    return render(request, "imports/import.html", _context(kind, fmt), actor=actor)


@router.get("/import/template/{kind}.csv")
def template(request: Request, kind: str):
    """An empty file in OTP's columns (with one example row), to fill in a spreadsheet."""
    actor_of(request)
    if kind not in layouts.KINDS:
        return Response("no such import kind", status_code=404, media_type="text/plain")
    header = [key for key, _, _ in layouts.columns(kind, "csv")]
    if kind == "scorecard":
        header += ["2026-01-05", "2026-01-12"]
    body = ",".join(header) + "\r\n" + EXAMPLE_ROWS[kind] + "\r\n"
    return Response(body, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="otp-{kind}-template.csv"'})


async def _text(upload: UploadFile | None, pasted: str) -> str:
    if upload is not None and upload.filename:
        data = await upload.read(MAX_BYTES + 1)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")  # spreadsheets on Windows save CSV this way
    return pasted


@router.post("/import/preview")
async def preview(request: Request, csrf_token: str = Form(""), kind: str = Form("chart"),
                  format: str = Form("csv"), file: UploadFile | None = File(None),  # noqa: B008 - FastAPI's way
                  pasted: str = Form("")):
    actor = posted(request, csrf_token)
    kind, fmt = _choice(kind, layouts.KINDS, "chart"), _choice(format, layouts.FORMATS, "csv")
    text = await _text(file, pasted)
    filename = file.filename if file is not None and file.filename else ""
    def dry_run() -> dict:
        with request.app.state.db.write() as s:
            return service.preview(s, actor, kind, fmt, text).as_dict()
    try:
        # On a worker thread: the dry run is a write transaction (rolled back), and a write may
        # wait its turn behind other writers; the event loop must not wait with it.
        result = await run_in_threadpool(dry_run)
    except OTPError as exc:
        context = _context(kind, fmt, problem=exc.message, filename=filename)
        return render(request, "imports/import.html", context, status=exc.status, actor=actor)
    context = _context(kind, fmt, result=result, csv_text=text, filename=filename,
                       changes=sum(1 for st in result["steps"] if st["op"] in ("create", "update")))
    return render(request, "imports/import.html", context, status=200 if result["ok"] else 422, actor=actor)


@router.post("/import")
def confirm(request: Request, csrf_token: str = Form(""), kind: str = Form("chart"), format: str = Form("csv"),
            csv_text: str = Form(""), filename: str = Form("")):
    actor = posted(request, csrf_token)
    kind, fmt = _choice(kind, layouts.KINDS, "chart"), _choice(format, layouts.FORMATS, "csv")
    try:
        with request.app.state.db.write() as s:
            result = service.run_import(s, actor, kind, fmt, csv_text).as_dict()
    except ImportRefused as exc:
        refused = {"kind": kind, "format": fmt, "ok": False, "rows": 0, "counts": {}, "steps": [],
                   "errors": [e.as_dict() for e in exc.errors], "ignored_columns": []}
        context = _context(kind, fmt, result=refused, csv_text=csv_text, filename=filename, refused=True)
        return render(request, "imports/import.html", context, status=422, actor=actor)
    except OTPError as exc:
        return render(request, "imports/import.html", _context(kind, fmt, problem=exc.message), status=exc.status,
                      actor=actor)
    flash(request, f"Imported {KIND_LABELS[kind].lower()} from {filename or 'the file'}: {summary(result)}.")
    return RedirectResponse(DESTINATION[kind], status_code=303)


def summary(result: dict) -> str:
    """'30 seats created, 20 people created, 2 rocks updated' — what changed, in words."""
    parts = []
    for what, ops in result["counts"].items():
        one, many = WHAT_LABELS.get(what, (what, what + "s"))
        for op in ("create", "update"):
            if ops.get(op):
                n = ops[op]
                verb = "created" if op == "create" else "updated"
                if what == "holder":
                    parts.append(f"{n} seat{'s' if n != 1 else ''} filled" if op == "create"
                                 else f"{n} holder{'s' if n != 1 else ''} changed")
                elif what == "history":
                    parts.append(f"history of {n} measurable{'s' if n != 1 else ''} {verb}")
                else:
                    parts.append(f"{n} {one if n == 1 else many} {verb}")
    return ", ".join(parts) or "nothing changed (everything was already there)"
