"""otp token create (the audit commands live in otp.events.cli)."""
from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, fail, open_db, owner_actor, pick_org, run

token_app = typer.Typer(help="API tokens for people and agents (REST and MCP)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(person: Annotated[str | None, typer.Option("--person", help="Email of a member")] = None,
                 agent: Annotated[str | None, typer.Option("--agent", help="Name of an agent")] = None,
                 scope: Annotated[list[str] | None, typer.Option("--scope", help="read, write, admin (repeat)")] = None,
                 name: Annotated[str, typer.Option(help="A label for the token")] = "",
                 expires_days: Annotated[int | None, typer.Option("--expires-days", min=1)] = None,
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    from sqlalchemy import select

    from otp.governance.tokens import create_token
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


@token_app.command("list")
def token_list(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Every token of the organization: whose, scopes, last use, expiry, revoked or not (never the secret)."""
    from sqlalchemy import select

    from otp.governance.tokens import list_tokens
    from otp.org.models import Agent, Person
    db = open_db(database_url)

    def go():
        with db.read() as s:
            organization = pick_org(s, org)
            rows = list_tokens(s, owner_actor(s, organization))
            people = dict(s.execute(select(Person.id, Person.email).where(
                Person.id.in_({r.person_id for r in rows if r.person_id}))).all())
            agents = dict(s.execute(select(Agent.id, Agent.name).where(
                Agent.id.in_({r.agent_id for r in rows if r.agent_id}))).all())
            return [{"id": r.id, "prefix": r.prefix, "name": r.name,
                     "holder": {"kind": "person", "id": r.person_id, "email": people.get(r.person_id)}
                     if r.person_id else {"kind": "agent", "id": r.agent_id, "name": agents.get(r.agent_id)},
                     "scopes": r.scopes, "created_at": r.created_at, "expires_at": r.expires_at,
                     "last_used_at": r.last_used_at, "revoked_at": r.revoked_at} for r in rows]
    rows = run(go)
    emit(rows, as_json, "\n".join(
        f"{r['id']}  {r['prefix']}…  {r['holder'].get('email') or r['holder'].get('name')} ({r['holder']['kind']})  "
        f"{','.join(r['scopes'])}  " + ("REVOKED" if r["revoked_at"] else "active") + (f"  {r['name']}" if r["name"] else "")
        for r in rows) or "(no tokens yet)")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The token's id (tok_…), as `otp token list` shows")],
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Revoke a token: it stops working at once. Revoking a revoked token changes nothing."""
    from otp.governance.tokens import revoke_token
    db = open_db(database_url)

    def go():
        with db.write() as s:
            row = revoke_token(s, owner_actor(s, pick_org(s, org)), token_id)
            return {"id": row.id, "revoked_at": row.revoked_at}
    out = run(go)
    emit(out, as_json, f"revoked {out['id']}")
