"""Shared CLI plumbing: the --database-url option, opening the database, printing JSON or text."""
from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Any

import typer

import otp.all_models  # noqa: F401  every domain's tables and flush hooks (the search index) before any write
from otp.core.config import Settings, load_settings
from otp.core.db import Database
from otp.core.errors import OTPError

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="OTP_DATABASE_URL",
                                                 help="SQLAlchemy URL; default: SQLite in the data folder")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
OrgSlug = Annotated[str | None, typer.Option("--org", help="Organization slug; default: OTP_ORG, else the one "
                                                               "`otp use` chose, else the only one")]


def settings(database_url: str | None) -> Settings:
    return load_settings(database_url=database_url)


def open_db(database_url: str | None, migrate: bool = True) -> Database:
    cfg = settings(database_url)
    if migrate:
        from otp.core.migrate import upgrade
        upgrade(cfg.database_url, audit_key=cfg.audit())
    return Database(cfg.database_url, audit_key=cfg.audit())


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


CHOICE_FILE = "org"  # in the data folder: the slug `otp use` chose


def chosen_file():
    from otp.core.config import data_dir
    return data_dir() / CHOICE_FILE


def saved_choice() -> str | None:
    """The slug `otp use SLUG` kept in the data folder, if any."""
    path = chosen_file()
    try:
        return path.read_text().strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None


def org_choice(slug: str | None) -> tuple[str | None, str]:
    """(slug, where it came from): --org, then OTP_ORG, then `otp use`; (None, '') if none."""
    if slug:
        return slug, "--org"
    env = os.environ.get("OTP_ORG", "").strip()
    if env:
        return env, "OTP_ORG"
    saved = saved_choice()
    if saved:
        return saved, "otp use"
    return None, ""


def pick_org(session, slug: str | None):
    """The organization a command acts on: --org SLUG, else OTP_ORG, else the one `otp use` kept,
    else the only one there is. Said on stderr (stdout stays clean for --json) whenever the choice
    was made elsewhere (OTP_ORG, `otp use`) or a person watches the terminal; a command given
    --org already says it."""
    from sqlalchemy import func, select

    from otp.org.models import Organization
    chosen, source = org_choice(slug)
    count = session.execute(select(func.count()).select_from(Organization)).scalar_one()
    if chosen:
        org = session.execute(select(Organization).where(Organization.slug == chosen)).scalar_one_or_none()
        if org is None:
            fix = {"--org": "pass another --org", "OTP_ORG": "set OTP_ORG to another slug",
                   "otp use": "run `otp use SLUG` again"}[source]
            fail(f"no organization with slug {chosen!r} (chosen by {source}); {fix}: " + _slugs(session), 2)
    elif count == 0:
        fail("no organization yet: run `otp init` or `otp demo`")
    elif count > 1:
        fail("several organizations: choose one with `otp use SLUG`, OTP_ORG=SLUG or --org SLUG (" + _slugs(session)
             + ")", 2)
    else:
        org = session.execute(select(Organization)).scalar_one()
        source = "the only one"
    overridden, by = org_choice(None) if source == "--org" else (None, "")
    if overridden and overridden != org.slug:
        source = f"--org, over {by} {overridden}"
    if source in ("OTP_ORG", "otp use") or overridden or sys.stderr.isatty():
        typer.echo(f"organization: {org.slug} ({org.name}; chosen by {source})", err=True)
    return org


def _slugs(session) -> str:
    from sqlalchemy import select

    from otp.org.models import Organization
    return ", ".join(session.execute(select(Organization.slug).order_by(Organization.created_at)).scalars())


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
