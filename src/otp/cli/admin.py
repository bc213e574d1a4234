"""otp token create / audit verify."""
from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, fail, open_db, owner_actor, pick_org, run

token_app = typer.Typer(help="API tokens for people and agents (REST and MCP)", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident event log", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
    app.add_typer(audit_app, name="audit")


@token_app.command("create")
def token_create(person: Annotated[str | None, typer.Option("--person", help="Email of a member")] = None,
                 agent: Annotated[str | None, typer.Option("--agent", help="Name of an agent")] = None,
                 scope: Annotated[list[str] | None, typer.Option("--scope", help="read, write, admin (repeat)")] = None,
                 name: Annotated[str, typer.Option(help="A label for the token")] = "",
                 expires_days: Annotated[int | None, typer.Option("--expires-days", min=1)] = None,
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    from sqlalchemy import select

    from otp.auth.tokens import create_token
    from otp.core import clock
    from otp.org.agents import agent_by_name
    from otp.org.models import Person

    if (person is None) == (agent is None):
        fail("give exactly one of --person EMAIL or --agent NAME", 2)
    db = open_db(database_url)

    def go():
        with db.write() as s:
            organization = pick_org(s, org)
            actor = owner_actor(s, organization)
            person_id = agent_id = None
            if person:
                row = s.execute(select(Person).where(Person.email == person.strip().lower())).scalar_one_or_none()
                if row is None:
                    fail(f"no person with email {person}")
                person_id = row.id
            else:
                agent_id = agent_by_name(s, organization.id, agent).id
            expires = clock.now() + timedelta(days=expires_days) if expires_days else None
            default_scopes = ["read", "write", "admin"] if person else ["read", "write"]
            row, plaintext = create_token(s, actor, person_id=person_id, agent_id=agent_id,
                                          scopes=scope or default_scopes, name=name, expires_at=expires)
            return {"token": plaintext, "id": row.id, "scopes": row.scopes, "org": organization.slug,
                    "expires_at": row.expires_at}
    out = run(go)
    emit(out, as_json, text=out["token"])


@audit_app.command("verify")
def audit_verify(as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Walk every organization's hash chain; exit 1 naming the first broken event."""
    from sqlalchemy import select

    from otp.events.service import verify_chain
    from otp.org.models import Organization

    db = open_db(database_url)
    broken = []
    checked = 0
    with db.read() as s:
        for org_id, slug in s.execute(select(Organization.id, Organization.slug)).all():
            checked += 1
            result = verify_chain(s, org_id)
            if result:
                broken.append({"org": slug, "event_id": result.event_id, "seq": result.seq, "reason": result.reason})
    if as_json:
        emit({"ok": not broken, "organizations": checked, "broken": broken}, True)
    elif broken:
        for b in broken:
            typer.echo(f"BROKEN: organization {b['org']}: event id {b['event_id']} (seq {b['seq']}): {b['reason']}")
    else:
        typer.echo(f"ok: {checked} organization chain(s) verified")
    if broken:
        raise typer.Exit(1)
