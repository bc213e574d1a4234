"""otp agents pause-all|resume-all|stop-switch: the organization's stop switch from the terminal,
as the organization's first owner, through the same service as the web and REST."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

agents_app = typer.Typer(help="All agents at once: the stop switch and the organization's budget cap",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(agents_app, name="agents")


def _switch(database_url, org, write: bool, change=None) -> dict:
    from otp.core import clock
    from otp.governance import org_budget, stop_switch
    from otp.governance.schemas import StopSwitchOut
    db = open_db(database_url)

    def go():
        with (db.write() if write else db.read()) as s:
            organization = pick_org(s, org)
            if change is not None:
                organization = change(s, owner_actor(s, organization))
            out = StopSwitchOut(**stop_switch.state(organization),
                                budget=org_budget.status(s, organization.id, clock.now()))
            return {"organization": organization.slug, **out.model_dump(mode="json")}
    return run(go)


def _text(out: dict) -> str:
    b = out["budget"]
    cap = f"{b['spent_cents']} of {b['cap_cents']} cents this month ({b['status']})" if b["cap_cents"] \
        else f"{b['spent_cents']} cents this month (no organization cap)"
    head = f"{out['organization']}: all agents paused — {out['reason']}" if out["paused"] \
        else f"{out['organization']}: agents running"
    return f"{head}\nbudget: {cap}"


@agents_app.command("pause-all")
def pause_all_cmd(reason: Annotated[str, typer.Option("--reason", help="Why every agent stops (recorded, shown)")],
                  org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """The stop switch: every agent may still read; every agent write is denied until resume-all."""
    from otp.governance import stop_switch
    emit(out := _switch(database_url, org, True, lambda s, a: stop_switch.pause_all(s, a, reason=reason)),
         as_json, _text(out))


@agents_app.command("resume-all")
def resume_all_cmd(reason: Annotated[str, typer.Option("--reason", help="Why (recorded)")] = "",
                   org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Undo the stop switch; each agent is back to its own status."""
    from otp.governance import stop_switch
    emit(out := _switch(database_url, org, True, lambda s, a: stop_switch.resume_all(s, a, reason=reason)),
         as_json, _text(out))


@agents_app.command("stop-switch")
def stop_switch_cmd(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Whether all agents are paused, and this month's spend against the organization's cap."""
    emit(out := _switch(database_url, org, False), as_json, _text(out))
