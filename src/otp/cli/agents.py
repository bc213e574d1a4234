"""otp agent create|list|retire (here) and pause|resume|budget (otp.governance.cli): one `agent`
group that several domains add commands to. Writes run as the organization's first owner,
through the same services as every other face."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

agent_app = typer.Typer(help="AI agents: create, list, retire; pause, resume, set the monthly budget",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(agent_app, name="agent")


def _row(agent, seats: dict[str, str]) -> dict:
    return {"id": agent.id, "name": agent.name, "runtime": agent.runtime, "model": agent.model,
            "status": agent.status, "level": agent.level, "monthly_budget_cents": agent.monthly_budget_cents,
            "seat": seats.get(agent.id), "description": agent.description}


@agent_app.command("create")
def agent_create(name: Annotated[str, typer.Argument(help="A name unique in the organization")],
                 runtime: Annotated[str, typer.Option(help="claude-code, codex, http, custom or mcp")] = "custom",
                 model: Annotated[str | None, typer.Option(help="The model it runs on")] = None,
                 description: Annotated[str, typer.Option(help="What it does")] = "",
                 level: Annotated[int, typer.Option(help="Delegation level 1-8 to start at")] = 1,
                 budget_cents: Annotated[int | None, typer.Option("--budget-cents",
                                                                  help="Monthly budget in cents")] = None,
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Create an agent (governed: agent.manage). Give it a seat on the chart and a token next."""
    from otp.org.agents import create_agent
    db = open_db(database_url)

    def go():
        with db.write() as s:
            actor = owner_actor(s, pick_org(s, org))
            return _row(create_agent(s, actor, name=name, runtime=runtime, model=model, description=description,
                                     level=level, monthly_budget_cents=budget_cents), {})
    out = run(go)
    emit(out, as_json, f"created agent {out['name']} ({out['id']}) at level {out['level']}")


@agent_app.command("list")
def agent_list(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Every agent: status, level, seat, budget."""
    from sqlalchemy import select

    from otp.org.agents import list_agents
    from otp.org.models import Seat
    db = open_db(database_url)

    def go():
        with db.read() as s:
            organization = pick_org(s, org)
            seats = dict(s.execute(select(Seat.occupant_agent_id, Seat.title).where(
                Seat.org_id == organization.id, Seat.occupant_agent_id.is_not(None))).all())
            return [_row(a, seats) for a in list_agents(s, owner_actor(s, organization))]
    rows = run(go)
    emit(rows, as_json, "\n".join(
        f"{r['name']}  L{r['level']}  {r['status']}  {r['seat'] or '(no seat)'}"
        + (f"  budget {r['monthly_budget_cents']} cents/month" if r["monthly_budget_cents"] is not None else "")
        for r in rows) or "(no agents yet)")


@agent_app.command("retire")
def agent_retire(name: Annotated[str, typer.Argument(help="Agent name")],
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Retire an agent for good (its seat must be vacated first; its tokens stop working)."""
    from otp.org.agents import agent_by_name, update_agent
    db = open_db(database_url)

    def go():
        with db.write() as s:
            organization = pick_org(s, org)
            agent = agent_by_name(s, organization.id, name)
            return _row(update_agent(s, owner_actor(s, organization), agent.id, {"status": "retired"}), {})
    out = run(go)
    emit(out, as_json, f"retired agent {out['name']} ({out['id']})")
