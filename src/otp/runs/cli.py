"""otp run list|show|wake|cancel|configure: the runs of agents OTP wakes, from the machine.

Commands act as the organization's first owner (the operator at the machine), like the rest of
the CLI; every change goes through the same services, governance and events as the web and API.
"""
from __future__ import annotations

import json
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, fail, open_db, owner_actor, pick_org, run

app = typer.Typer(help="Runs of the agents OTP wakes: list, show, wake, cancel, configure.", no_args_is_help=True)
AgentName = Annotated[str, typer.Argument(help="The agent's name or id")]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="run")


def _agent_id(session, org, name: str) -> str:
    from sqlalchemy import or_, select

    from otp.org.models import Agent
    agent = session.execute(select(Agent).where(Agent.org_id == org.id, or_(Agent.name == name, Agent.id == name))
                            ).scalar_one_or_none()
    if agent is None:
        fail(f"no agent named {name!r} in {org.slug}")
    return agent.id


def _line(r: dict) -> str:
    took = ""
    if r["started_at"] and r["ended_at"]:
        took = f" {(r['ended_at'] - r['started_at']).total_seconds():.1f}s"
    code = f" exit {r['exit_code']}" if r["exit_code"] is not None else ""
    cost = f" {r['cost_cents']}¢" if r["cost_cents"] else ""
    detail = f" — {r['detail']}" if r["detail"] else ""
    return f"- {r['id']} {r['state']:<9} {r['reason']}{code}{took}{cost}{detail}"


@app.command("list")
def list_runs(agent: AgentName, state: Annotated[str | None, typer.Option("--state")] = None,
              limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 20,
              org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """An agent's runs, newest first."""
    from otp.runs import service
    db = open_db(database_url)

    def go():
        with db.read() as s:
            o = pick_org(s, org)
            actor = owner_actor(s, o)
            return [service.run_dict(r) for r in service.list_runs(s, actor, _agent_id(s, o, agent), state=state,
                                                                  limit=limit)]
    items = run(go)
    emit({"runs": items}, as_json, "\n".join(_line(r) for r in items) or "(no runs)")


@app.command("show")
def show(run_id: Annotated[str, typer.Argument(help="The run's id")], org: OrgSlug = None, as_json: Json = False,
         database_url: DatabaseUrl = None) -> None:
    """One run: its state, why it ran, what it cost, what it changed (events) and its output."""
    from otp.runs import service
    db = open_db(database_url)

    def go():
        with db.read() as s:
            actor = owner_actor(s, pick_org(s, org))
            r = service.get_run(s, actor, run_id)
            return {**service.run_dict(r, output=True), "events": service.run_events(s, r)}
    out = run(go)
    if as_json:
        emit(out, True)
        return
    events = "\n".join(f"  {e['seq']} {e['action']} {e['entity_type']} {e['entity_id']}" for e in out["events"])
    typer.echo(_line(out) + f"\nevents:\n{events or '  (none)'}\noutput ({out['output_bytes']} bytes, last 64 KB):\n"
               + out["output"])


@app.command("wake")
def wake(agent: AgentName, note: Annotated[str, typer.Option("--note")] = "", org: OrgSlug = None,
         as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Run now: queue a run for the agent (or join the one already waiting)."""
    from otp.runs import service
    db = open_db(database_url)

    def go():
        with db.write() as s:
            o = pick_org(s, org)
            r, new = service.run_now(s, owner_actor(s, o), _agent_id(s, o, agent), note=note)
            return {"run": service.run_dict(r), "new": new}
    out = run(go)
    emit(out, as_json, f"{'queued' if out['new'] else 'joined the waiting run'} {out['run']['id']}")


@app.command("cancel")
def cancel(run_id: Annotated[str, typer.Argument(help="The run's id")], org: OrgSlug = None, as_json: Json = False,
           database_url: DatabaseUrl = None) -> None:
    """Cancel a queued run, or stop a running one (SIGTERM, then SIGKILL)."""
    from otp.runs import service
    db = open_db(database_url)

    def go():
        with db.write() as s:
            return service.run_dict(service.cancel(s, owner_actor(s, pick_org(s, org)), run_id))
    out = run(go)
    emit(out, as_json, f"{out['id']} {out['state']}{' (stopping)' if out['state'] == 'running' else ''}")


@app.command("configure")
def configure(agent: AgentName,
              adapter: Annotated[str, typer.Option("--adapter", help="command, http or external")],
              command: Annotated[str | None, typer.Option("--command", help="JSON argument list")] = None,
              workdir: Annotated[str | None, typer.Option("--workdir")] = None,
              url: Annotated[str | None, typer.Option("--url")] = None,
              every: Annotated[int | None, typer.Option("--every", help="minutes between scheduled runs")] = None,
              time_limit: Annotated[int, typer.Option("--time-limit", help="seconds")] = 900,
              cost_limit: Annotated[int | None, typer.Option("--cost-limit", help="cents")] = None,
              org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Set how and when OTP runs the agent (an http adapter's signing secret is printed once)."""
    from otp.runs import runtime
    try:
        argv = json.loads(command) if command is not None else None
    except ValueError:
        fail('--command must be a JSON list, e.g. \'["/usr/bin/python3", "agent.py"]\'', 2)
    db = open_db(database_url)

    def go():
        with db.write() as s:
            o = pick_org(s, org)
            row, secret = runtime.configure(s, owner_actor(s, o), agent_id=_agent_id(s, o, agent), adapter=adapter,
                                            command=argv, workdir=workdir, url=url, every_minutes=every,
                                            time_limit_seconds=time_limit, cost_limit_cents=cost_limit)
            return {"runtime": runtime.runtime_dict(row), **({"secret": secret} if secret else {})}
    out = run(go)
    emit(out, as_json)
