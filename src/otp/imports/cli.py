"""otp import chart|scorecard|rocks|issues|todos FILE [--format csv|ninety|bloom] [--dry-run]

Runs as the organization's first owner, through the same import service as the web and REST:
a preview (--dry-run) writes nothing; without it the file is imported in one transaction or, on
any error, not at all. Errors are printed one per line with the file's line and column."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from otp.cli.common import (
    DatabaseUrl,
    Json,
    OrgSlug,
    emit,
    fail,
    open_db,
    owner_actor,
    pick_org,
)
from otp.core.errors import OTPError
from otp.imports.layouts import FORMATS, KINDS

app = typer.Typer(name="import", no_args_is_help=True,
                  help="Import the chart, scorecard (with history), rocks, issues or to-dos from a CSV file "
                       "(OTP's columns, or a Ninety or Bloom Growth export).")

FormatOpt = Annotated[str, typer.Option("--format", "-f", help=f"File layout: {', '.join(FORMATS)}")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Preview only: show what would change, write nothing")]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="import")


def _run(kind: str, file: Path, fmt: str, dry_run: bool, org: str | None, as_json: bool,
         database_url: str | None) -> None:
    from otp.imports import service
    from otp.imports.report import ImportRefused
    if fmt not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(2) from None
    db = open_db(database_url)
    organization_name = ""
    try:
        with db.write() as s:
            organization = pick_org(s, org)
            organization_name = organization.slug
            actor = owner_actor(s, organization)
            result = (service.preview if dry_run else service.run_import)(s, actor, kind, fmt, text)
    except ImportRefused as exc:
        if as_json:
            emit({"ok": False, "errors": [e.as_dict() for e in exc.errors]}, True)
        else:
            typer.echo(f"import into {organization_name} refused, nothing written:", err=True)
            for error in exc.errors:
                typer.echo(f"  {error}", err=True)
        raise typer.Exit(1) from None
    except OTPError as exc:  # not a CSV at all, an unknown organization...
        fail(exc.message + (f" ({exc.field})" if exc.field else ""))
    data = result.as_dict()
    if as_json:
        emit(data, True)
    else:
        typer.echo(describe(data, organization_name, dry_run))
    if data["errors"]:
        raise typer.Exit(1)


def describe(data: dict, org_slug: str, dry_run: bool) -> str:
    verb = "would import" if dry_run else "imported"
    lines = [f"{data['kind']} ({data['format']}, {data['rows']} rows) {verb} into {org_slug}:"]
    for what, ops in data["counts"].items():
        lines.append(f"  {what}: " + ", ".join(f"{n} {op}" for op, n in sorted(ops.items())))
    if data["ignored_columns"]:
        lines.append("  ignored columns: " + ", ".join(data["ignored_columns"]))
    if data["errors"]:
        lines[0] = f"{data['kind']} ({data['format']}) has errors; nothing would be written:"
        lines += [f"  line {e['line']}, column {e['column']}: {e['message']}" for e in data["errors"]]
    elif dry_run:
        lines.append("nothing written (--dry-run); run again without it to import")
    return "\n".join(lines)


def _command(kind: str):
    def command(file: Annotated[Path, typer.Argument(help="The CSV file", exists=True, dir_okay=False)],
                fmt: FormatOpt = "csv", dry_run: DryRun = False, org: OrgSlug = None, as_json: Json = False,
                database_url: DatabaseUrl = None) -> None:
        _run(kind, file, fmt, dry_run, org, as_json, database_url)
    command.__doc__ = {
        "chart": "People, agents and seats (reports-to by seat title).",
        "scorecard": "Measurables and their history (one column per period).",
        "rocks": "Rocks (quarterly priorities) with owner, quarter, due date, status.",
        "issues": "Open issues with owner and rank (solved ones are skipped).",
        "todos": "Open to-dos with owner and due date (done ones are skipped).",
    }[kind]
    return command


for _kind in KINDS:
    app.command(_kind)(_command(_kind))
