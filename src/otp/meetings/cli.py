"""otp meetings: the series and their meetings (who has prepared); otp meetings minutes ID."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

app = typer.Typer(name="meetings", invoke_without_command=True, no_args_is_help=False,
                  help="Weekly meetings: series, upcoming and past meetings, minutes.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="meetings")


@app.callback()
def meetings(ctx: typer.Context, org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """List each series with its scheduled meeting (who has prepared) and recent meetings."""
    if ctx.invoked_subcommand is not None:
        return
    from otp.meetings import read, series
    db = open_db(database_url)
    with db.read() as s:
        actor = owner_actor(s, pick_org(s, org))
        data = []
        for row in series.list_series(s, actor):
            recent = read.list_meetings(s, actor, series_id=row.id, limit=6)
            data.append({**read.series_view(row),
                         "meetings": [read.meeting_view(s, m, full=False) for m in recent]})
    if as_json:
        emit(data, True)
        return
    typer.echo(render(data))


def render(data: list[dict]) -> str:
    if not data:
        return "(no meeting series yet)"
    lines = []
    for series in data:
        lines.append(f"{series['title']} — {series['recurrence']}, {series['minutes']} min")
        for m in series["meetings"]:
            when = m["scheduled_at"].strftime("%Y-%m-%d %H:%M UTC")
            extra = ""
            if m["state"] == "scheduled":
                ready = [a["seat_title"] for a in m["attendees"] if a["prepared"]]
                waiting = [a["seat_title"] for a in m["attendees"] if not a["prepared"]]
                extra = f"  prepared: {', '.join(ready) or 'nobody yet'}; waiting: {', '.join(waiting) or 'nobody'}"
            elif m["ratings_average"] is not None:
                extra = f"  rated {m['ratings_average']:g}"
            lines.append(f"  {m['id']}  {when}  {m['state']:<9}{extra}")
    return "\n".join(lines)


@app.command("minutes")
def minutes(meeting_id: Annotated[str, typer.Argument(help="The meeting id")], org: OrgSlug = None,
            as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Print the minutes (Markdown) of an ended meeting."""
    from otp.meetings.read import minutes_of
    db = open_db(database_url)
    with db.read() as s:
        actor = owner_actor(s, pick_org(s, org))
        text = run(lambda: minutes_of(s, actor, meeting_id).minutes)
    emit({"meeting_id": meeting_id, "markdown": text}, as_json, text.rstrip("\n"))
