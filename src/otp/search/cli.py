"""otp search WORDS... [--kind KIND] [--limit N] [--org SLUG] [--json]."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run


def register(app: typer.Typer) -> None:
    app.command("search")(search)


def search(words: Annotated[list[str], typer.Argument(help="Words to find (each matches the start of a word)")],
           kind: Annotated[str | None, typer.Option("--kind", help="Only this kind: seat, person, agent, rock, "
                                                    "outcome, measurable, issue, todo, headline, sop, meeting")] = None,
           limit: Annotated[int, typer.Option("--limit", help="At most this many per kind")] = 5,
           org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Search the organization: results grouped by kind, best match first."""
    from otp.search import query
    db = open_db(database_url)

    def go():
        with db.read() as s:
            actor = owner_actor(s, pick_org(s, org))
            return query.search(s, actor, q=" ".join(words), kind=kind, limit=limit).as_dict()
    found = run(go)
    if as_json:
        emit(found, True)
        return
    lines = []
    for group in found["groups"]:
        lines.append(f"{group['label']}:")
        lines += [f"  {h['title']}  [{h['id']}]" + (f"\n    {h['excerpt']}" if h["excerpt"] else "")
                  for h in group["items"]]
    typer.echo("\n".join(lines) if lines else f"nothing found for {found['q']!r}")
