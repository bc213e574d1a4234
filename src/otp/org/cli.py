"""otp seat holdings | delete: what a seat still owns, and deleting it (handing its work over).

Writes run as the organization's first owner, through the same chart service as every face."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

app = typer.Typer(name="seat", help="One seat of the chart: what it owns, deleting it.", no_args_is_help=True)


@app.command("holdings")
def holdings_cmd(seat_id: str, org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """What the seat still owns, per kind (deleting it needs --reassign-to while this is not empty)."""
    from otp.org import chart, holdings
    db = open_db(database_url)
    with db.read() as s:
        organization = pick_org(s, org)

        def go():
            actor = owner_actor(s, organization)
            seat = chart.get_seat(s, actor, seat_id)
            return [h.as_dict() for h in holdings.held(s, organization.id, seat.id)]
        rows = run(go)
    emit(rows, as_json, "\n".join(f"{r['kind']}: {r['total']} ({r['open']} open)" for r in rows)
         or "(owns nothing; it can be deleted without --reassign-to)")


@app.command("delete")
def delete_cmd(seat_id: str,
               reparent_to: Annotated[str | None, typer.Option("--reparent-to",
                                                               help="Seat that takes over its reports")] = None,
               reassign_to: Annotated[str | None, typer.Option("--reassign-to",
                                                               help="Seat that takes over the work it owns")] = None,
               org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Delete a seat. Refused while it has reports (--reparent-to) or owns work (--reassign-to)."""
    from otp.org import chart
    db = open_db(database_url)

    def go():
        with db.write() as s:
            chart.delete_seat(s, owner_actor(s, pick_org(s, org)), seat_id, reparent_to, reassign_to)
    run(go)
    typer.echo(f"deleted {seat_id}" + (f"; its work moved to {reassign_to}" if reassign_to else ""))
