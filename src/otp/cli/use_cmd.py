"""otp use [SLUG]: choose the organization later commands act on (kept in the data folder)."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, chosen_file, emit, fail, open_db, org_choice


def register(app: typer.Typer) -> None:
    app.command("use")(use)


def use(slug: Annotated[str | None, typer.Argument(help="Organization slug; leave out to see the choice")] = None,
        clear: Annotated[bool, typer.Option("--clear", help="Forget the choice")] = False,
        as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Choose the organization every command acts on (OTP_ORG and --org still win), or show the
    organizations and which one is chosen."""
    from sqlalchemy import select

    from otp.org.models import Organization
    if clear:
        chosen_file().unlink(missing_ok=True)
        typer.echo("no organization chosen: commands act on the only one, or need OTP_ORG or --org")
        return
    db = open_db(database_url)
    with db.read() as s:
        orgs = [{"slug": o.slug, "name": o.name} for o in
                s.execute(select(Organization).order_by(Organization.created_at)).scalars()]
    if slug is None:
        current, source = org_choice(None)
        if current is None and len(orgs) == 1:
            current, source = orgs[0]["slug"], "the only one"
        rows = [{**o, "chosen": o["slug"] == current} for o in orgs]
        emit({"chosen": current, "chosen_by": source or None, "organizations": rows}, as_json,
             "\n".join(f"{'*' if r['chosen'] else ' '} {r['slug']}  {r['name']}" for r in rows)
             + (f"\n(chosen by {source})" if current else "\n(none chosen: `otp use SLUG`)") if rows
             else "no organization yet: run `otp init` or `otp demo`")
        return
    if slug not in {o["slug"] for o in orgs}:
        fail(f"no organization with slug {slug!r}: " + (", ".join(o["slug"] for o in orgs) or "none yet"), 2)
    chosen_file().write_text(slug + "\n")
    name = next(o["name"] for o in orgs if o["slug"] == slug)
    emit({"chosen": slug}, as_json, f"using {slug} ({name}) from now on")
    current, source = org_choice(None)
    if source == "OTP_ORG" and current != slug:
        typer.echo(f"note: OTP_ORG={current} is set and wins over this choice", err=True)
