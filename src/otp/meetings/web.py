"""Web pages for meetings: the list (series, who has prepared) and the runner, with its forms and
a server-sent-events feed that tells every participant's page when to re-fetch its panels.

Forms POST and redirect (no JavaScript needed); htmx (boosted forms, the SSE extension) only
makes it smoother. The live feed reads the meeting's version from the database, so it works
whichever app instance served the change."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from otp.core.errors import Invalid, OTPError
from otp.meetings import actions, ending, feed, ids, prep, runner, series, skipping
from otp.meetings.models import Meeting
from otp.meetings.web_agenda import router as router_agenda  # noqa: F401 - discovered as router*
from otp.meetings.web_context import index_context, meeting_context
from otp.web import live as live_pages
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render

router = APIRouter()


@router.get("/meetings")
def meetings_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = index_context(s, actor)
    return render(request, "meetings/index.html", context, actor=actor)


@router.post("/meetings")
def create_series(request: Request, csrf_token: str = Form(""), team: str = Form(""), weekday: str = Form("0"),
                  time_of_day: str = Form(""), attendee_seat_ids: list[str] = Form([])):
    actor = posted(request, csrf_token)

    def work(s):
        if not weekday.isdigit():
            raise Invalid("weekday must be a day of the week", field="weekday")
        return series.create_series(s, actor, team=team, weekday=int(weekday), time_of_day=time_of_day,
                                    attendee_seat_ids=attendee_seat_ids)
    done = attempt(request, work)
    return finish(request, done, to="/meetings", success="Meeting series created; the first meeting is scheduled.",
                  on_error=lambda e: _index_error(request, actor, e))


@router.get("/meetings/series/{series_id}/calendar/{token}.ics")
def calendar_feed(request: Request, series_id: str, token: str):
    """The series' .ics for calendar apps, which cannot sign in: the secret URL is the credential.
    A wrong or replaced token, or a stopped series, is a plain 404."""
    with request.app.state.db.read() as s:
        row = feed.series_for_feed(s, series_id, token)
        body = feed.calendar_of(s, row) if row is not None else None
    if body is None:
        return PlainTextResponse("No calendar feed at this address (it may have been replaced).", status_code=404)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"})


@router.post("/meetings/series/{series_id}/feed/rotate")
def rotate_feed(request: Request, series_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: feed.rotate_feed(s, actor, series_id=series_id))
    return finish(request, done, to=f"/meetings#feed-{series_id}",
                  success="New calendar feed URL: subscribe again with it; the old one no longer works.",
                  on_error=lambda e: _index_error(request, actor, e))


def _index_error(request: Request, actor, error: OTPError):
    with request.app.state.db.read() as s:
        context = index_context(s, actor)
    context["error"] = error
    return render(request, "meetings/index.html", context, status=error.status, actor=actor)


@router.get("/meetings/{meeting_id}")
def meeting_page(request: Request, meeting_id: str):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = meeting_context(s, actor, meeting_id)
    return render(request, "meetings/meeting.html", context, actor=actor)


@router.get("/meetings/{meeting_id}/panels")
def panels(request: Request, meeting_id: str):
    """The live part of the runner, re-fetched when the feed says the meeting changed."""
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = meeting_context(s, actor, meeting_id)
    return render(request, "meetings/_live.html", context, actor=actor)


def _look(meeting_id: str):
    """The runner's watcher for otp.web.live: the meeting's version, which every change moves."""
    def watch(s, actor) -> live_pages.Look:
        row = s.execute(select(Meeting.version, Meeting.state).where(Meeting.id == meeting_id,
                                                                     Meeting.org_id == actor.org_id)).first()
        if row is None:
            return live_pages.Look(None)
        return live_pages.Look(str(row.version), final=row.state in ("ended", "cancelled", "missed"))
    return watch


@router.get("/meetings/{meeting_id}/live")
def live(request: Request, meeting_id: str, v: str = "0"):
    """Server-sent events: `changed` whenever the meeting's version moves past `v`; `end` once
    it has ended (or the session has), so the page stops listening."""
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        if _look(meeting_id)(s, actor).version is None:
            return render(request, "error.html", {"message": "No such meeting."}, status=404, actor=actor)
    return live_pages.stream(request, _look(meeting_id), since=v)


# --- the runner's forms -------------------------------------------------------------------------
def _act(request: Request, meeting_id: str, csrf_token: str, work, success: str | None = None, anchor: str = ""):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: work(s, actor))
    return finish(request, done, to=f"/meetings/{meeting_id}{anchor}", success=success,
                  on_error=lambda e: _meeting_error(request, actor, meeting_id, e))


def _meeting_error(request: Request, actor, meeting_id: str, error: OTPError):
    with request.app.state.db.read() as s:
        context = meeting_context(s, actor, meeting_id)
    context["error"] = error
    return render(request, "meetings/meeting.html", context, status=error.status, actor=actor)


def _int(field: str, value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field} must be a whole number", field=field) from None


@router.post("/meetings/{meeting_id}/start")
def start(request: Request, meeting_id: str, csrf_token: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: runner.start_meeting(s, a, meeting_id=meeting_id),
                "Meeting started.")


@router.post("/meetings/{meeting_id}/cancel")
def cancel(request: Request, meeting_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: skipping.cancel_meeting(
        s, a, meeting_id=meeting_id, reason=reason), "Meeting cancelled; the next one is scheduled.")


@router.post("/meetings/{meeting_id}/advance")
def advance(request: Request, meeting_id: str, csrf_token: str = Form(""), from_segment: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: runner.advance(
        s, a, meeting_id=meeting_id, from_segment=_int("from_segment", from_segment)), anchor="#now")


@router.post("/meetings/{meeting_id}/mark")
def mark(request: Request, meeting_id: str, csrf_token: str = Form(""), entity_type: str = Form(""),
         entity_id: str = Form(""), status: str = Form(""), reason: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.mark(
        s, a, meeting_id=meeting_id, entity_type=entity_type, entity_id=entity_id, status=status, reason=reason),
        anchor=f"#{entity_type}-{entity_id}")


@router.post("/meetings/{meeting_id}/todos")
def add_todo(request: Request, meeting_id: str, csrf_token: str = Form(""), title: str = Form(""),
             owner_seat_id: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.add_todo(
        s, a, meeting_id=meeting_id, title=title, owner_seat_id=owner_seat_id), "To-do added.", "#todos")


@router.post("/meetings/{meeting_id}/todos/{todo_id}/done")
def tick(request: Request, meeting_id: str, todo_id: str, csrf_token: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.tick_todo(
        s, a, meeting_id=meeting_id, todo_id=todo_id), anchor="#todos")


@router.post("/meetings/{meeting_id}/top")
def top(request: Request, meeting_id: str, csrf_token: str = Form(""), first: str = Form(""), second: str = Form(""),
        third: str = Form("")):
    chosen = list(dict.fromkeys(x for x in (first, second, third) if x))
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.choose_top(
        s, a, meeting_id=meeting_id, issue_ids=chosen), "Top issues chosen.", "#ids")


@router.post("/meetings/{meeting_id}/ids")
def ids_form(request: Request, meeting_id: str, csrf_token: str = Form(""), issue_id: str = Form(""),
             notes: str = Form(""), solution: str = Form(""), todo_title_1: str = Form(""),
             todo_owner_1: str = Form(""), todo_title_2: str = Form(""), todo_owner_2: str = Form("")):
    todos = [{"title": t.strip(), "owner_seat_id": o or None}
             for t, o in ((todo_title_1, todo_owner_1), (todo_title_2, todo_owner_2)) if t.strip()]
    return _act(request, meeting_id, csrf_token, lambda s, a: ids.ids_issue(
        s, a, meeting_id=meeting_id, issue_id=issue_id, notes=notes, solution=solution, todos=todos or None),
        "Solved." if solution.strip() else "Discussion noted.", "#ids")


@router.post("/meetings/{meeting_id}/headlines")
def headline(request: Request, meeting_id: str, csrf_token: str = Form(""), kind: str = Form(""),
             text: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.post_headline(
        s, a, meeting_id=meeting_id, kind=kind, text=text), anchor="#headlines")


@router.post("/meetings/{meeting_id}/messages")
def message(request: Request, meeting_id: str, csrf_token: str = Form(""), text: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.post_message(
        s, a, meeting_id=meeting_id, text=text), "Message saved; it goes out with the minutes.", "#conclude")


@router.post("/meetings/{meeting_id}/rate")
def rate(request: Request, meeting_id: str, csrf_token: str = Form(""), seat_id: str = Form(""),
         score: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: actions.rate(
        s, a, meeting_id=meeting_id, seat_id=seat_id, score=_int("score", score)), anchor="#conclude")


@router.post("/meetings/{meeting_id}/end")
def end(request: Request, meeting_id: str, csrf_token: str = Form("")):
    return _act(request, meeting_id, csrf_token, lambda s, a: ending.end_meeting(s, a, meeting_id=meeting_id),
                "Meeting ended: the minutes are in every attendee's inbox.")


@router.post("/meetings/{meeting_id}/prep")
async def prep_form(request: Request, meeting_id: str):
    """A person's prep: one value per measurable they own, a status per rock, a headline, an issue."""
    form = await request.form()
    return await run_in_threadpool(_prep, request, meeting_id, dict(form))


def _prep(request: Request, meeting_id: str, form: dict):
    def work(s, actor):
        measurables = []
        for key, value in form.items():
            if key.startswith("value_") and str(value).strip():
                try:
                    number = float(value)
                except ValueError:
                    raise Invalid(f"{value!r} is not a number", field=key) from None
                measurables.append({"measurable_id": key[6:], "value": number})
        rocks = [{"outcome_id": key[7:], "status": value, "reason": form.get(f"reason_{key[7:]}", "")}
                 for key, value in form.items() if key.startswith("status_") and value]
        headlines = [{"kind": form.get("headline_kind", "other"), "text": form["headline_text"]}] \
            if str(form.get("headline_text", "")).strip() else []
        issues = [{"title": form["issue_title"], "details": form.get("issue_details", "")}] \
            if str(form.get("issue_title", "")).strip() else []
        return prep.submit_prep(s, actor, meeting_id=meeting_id, measurables=measurables, rocks=rocks,
                                headlines=headlines, issues=issues)
    return _act(request, meeting_id, str(form.get("csrf_token", "")), work, "Prep submitted. Thank you.", "#prep")
