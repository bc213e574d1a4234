"""Shared CLI plumbing: the --database-url option, opening the database, printing JSON or text."""
from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from otp.core.config import Settings, load_settings
from otp.core.db import Database
from otp.core.errors import OTPError

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="OTP_DATABASE_URL",
                                                 help="SQLAlchemy URL; default: SQLite in the data folder")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
OrgSlug = Annotated[str | None, typer.Option("--org", help="Organization slug (default: the only one)")]


def settings(database_url: str | None) -> Settings:
    return load_settings(database_url=database_url)


def open_db(database_url: str | None, migrate: bool = True) -> Database:
    cfg = settings(database_url)
    if migrate:
        from otp.core.migrate import upgrade
        upgrade(cfg.database_url)
    return Database(cfg.database_url)


def emit(data: Any, as_json: bool, text: str | None = None) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        typer.echo(text if text is not None else json.dumps(data, indent=2, default=str))


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def run(fn):
    """Turn domain errors into a clear message and exit code 1 (2 for usage-like errors)."""
    try:
        return fn()
    except OTPError as exc:
        where = f" ({exc.field})" if exc.field else ""
        fail(f"{exc.message}{where}", 1)


def pick_org(session, slug: str | None):
    from sqlalchemy import select

    from otp.org.models import Organization
    from otp.org.orgs import by_slug
    if slug:
        return by_slug(session, slug)
    orgs = session.execute(select(Organization).order_by(Organization.created_at)).scalars().all()
    if not orgs:
        fail("no organization yet: run `otp init` or `otp demo`")
    if len(orgs) > 1:
        fail("several organizations: pass --org SLUG (" + ", ".join(o.slug for o in orgs) + ")", 2)
    return orgs[0]


def owner_actor(session, org):
    """CLI commands run as the operator at the machine: the organization's first owner."""
    from sqlalchemy import select

    from otp.auth.tokens import person_actor
    from otp.org.models import Membership
    member = session.execute(select(Membership).where(Membership.org_id == org.id, Membership.role == "owner")
                             .order_by(Membership.created_at)).scalars().first()
    if member is None:
        fail("organization has no owner")
    return person_actor(session, member.person_id, org.id)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
