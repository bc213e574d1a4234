"""otp serve / demo / migrate / init."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, fail, run, settings


def register(app: typer.Typer) -> None:
    app.command()(migrate)
    app.command()(init)
    app.command()(serve)
    app.command()(demo)


def migrate(database_url: DatabaseUrl = None) -> None:
    """Apply database migrations (serve and demo do this by themselves)."""
    from otp.core.migrate import upgrade
    cfg = settings(database_url)
    upgrade(cfg.database_url, audit_key=cfg.audit())
    typer.echo(f"migrated {cfg.database_url.split('@')[-1]}")


def init(name: Annotated[str, typer.Option(help="Organization name")],
         slug: Annotated[str, typer.Option(help="Short id used in URLs")],
         owner_email: Annotated[str, typer.Option("--owner-email")],
         owner_name: Annotated[str, typer.Option("--owner-name")] = "Owner",
         owner_password: Annotated[str, typer.Option("--owner-password", prompt=True, hide_input=True)] = ...,
         timezone: Annotated[str, typer.Option(help="IANA timezone, e.g. Europe/Berlin")] = "UTC",
         database_url: DatabaseUrl = None) -> None:
    """Create an organization and its owner."""
    from otp.cli.common import open_db
    from otp.org.orgs import create_organization
    from otp.org.people import create_person

    db = open_db(database_url)

    def go():
        with db.write() as s:
            person = create_person(s, email=owner_email, name=owner_name, password=owner_password)
            org = create_organization(s, name=name, slug=slug, owner_person_id=person.id, timezone=timezone)
            return org.slug
    created = run(go)
    typer.echo(f"created organization {created}; log in as {owner_email}")


def default_public_url(host: str, port: int) -> None:
    """Links in mail and the URL handed to the agents OTP runs (OTP_URL) point at this server
    unless OTP_PUBLIC_URL says otherwise: `otp demo --port 8011` must not send Tally to :8000."""
    import os
    if not os.environ.get("OTP_PUBLIC_URL", "").strip():
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        shown = f"[{shown}]" if ":" in shown else shown
        os.environ["OTP_PUBLIC_URL"] = f"http://{shown}:{port}"


def _serve(app_settings, db, host: str, port: int, worker: bool) -> None:
    import uvicorn

    from otp.api.app import create_app
    app = create_app(app_settings, db)
    app.state.owns_db = True
    app.state.run_worker = worker
    app.state.freeze_heap = True
    uvicorn.run(app, host=host, port=port, log_level="info")


def serve(host: Annotated[str, typer.Option()] = "127.0.0.1",
          port: Annotated[int, typer.Option()] = 8000,
          no_worker: Annotated[bool, typer.Option("--no-worker", help="Run `otp worker` separately")] = False,
          database_url: DatabaseUrl = None) -> None:
    """Serve the web app, REST API and MCP on one port (migrates first)."""
    default_public_url(host, port)
    from otp.cli.common import open_db
    cfg = settings(database_url)
    db = open_db(database_url)
    _serve(cfg, db, host, port, worker=not no_worker and cfg.worker_mode == "inline")


def demo(host: Annotated[str, typer.Option()] = "127.0.0.1",
         port: Annotated[int, typer.Option()] = 8000,
         database_url: DatabaseUrl = None,
         no_serve: Annotated[bool, typer.Option("--no-serve", help="Create the demo data and exit")] = False) -> None:
    """Create the demo organization (if absent) and serve it."""
    default_public_url(host, port)
    from otp.cli.common import open_db
    from otp.demo.seed import DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, ensure_demo
    cfg = settings(database_url)
    db = open_db(database_url)
    created = run(lambda: ensure_demo(db))
    typer.echo(("Created" if created else "Found") + " the demo organization 'demo'.")
    typer.echo(f"Log in at http://{host}:{port}/login as {DEMO_OWNER_EMAIL} / password: {DEMO_OWNER_PASSWORD}")
    if no_serve:
        return
    _serve(cfg, db, host, port, worker=cfg.worker_mode == "inline")
