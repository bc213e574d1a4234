"""Database-backed `otp oos` commands: import, export, publish, generate, redact, and the stored-OOS
side of validate, score, diff and scan (cli.py calls the `stored_*` readers when no file is given).

They act as the organization's first owner (the operator at the machine), like every CLI
command, and go through the same services as REST. Given files, the commands in cli.py never
open a database.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

from . import drafts, live, publish as publishing, store
from .files import dumps
from .schemas import VersionOut

INSTRUCTION_FILES = ("claude.md", "agents.md")


def _version(row) -> dict:
    return VersionOut.of(row).model_dump(mode="json")


def _line(row) -> str:
    name = "draft" if row.number is None else f"version {row.number}"
    return f"{name}: {row.claim_count} claims, tier {row.tier} ({row.score:.2f})"


def _as_owner(database_url: str | None, org: str | None, fn):
    db = open_db(database_url)
    try:
        with db.write() as s:
            actor = owner_actor(s, pick_org(s, org))
            return run(lambda: fn(s, actor))
    finally:
        db.dispose()


def _read(database_url: str | None, org: str | None, fn):
    db = open_db(database_url)
    try:
        with db.read() as s:
            chosen = pick_org(s, org)
            return run(lambda: fn(s, chosen))
    finally:
        db.dispose()


def _label(org, version: dict) -> str:
    return f"{org.slug}:{'draft' if version['number'] is None else 'v' + str(version['number'])}"


def stored_validation(database_url: str | None, org: str | None, version: str, fix: bool):
    """(about, findings, fixed) for a stored version; with fix, the draft's counts are recomputed
    first (an oos.edit, as the owner)."""
    changes: list[str] = []
    if fix:
        if version != "draft":
            typer.echo("error: --fix rewrites the draft; published versions are frozen", err=True)
            raise typer.Exit(2)
        _, changes = _as_owner(database_url, org, lambda s, actor: drafts.fix_draft(s, actor))

    def read(s, chosen):
        report = live.validation(s, chosen.id, version)
        return {"org": chosen.slug, "version": report["version"], "label": _label(chosen, report["version"])}, \
            report["findings"]

    about, findings = _read(database_url, org, read)
    return about, findings, changes


def stored_score(database_url: str | None, org: str | None, version: str):
    def read(s, chosen):
        tier, level = live.quality(s, chosen.id, version), live.maturity(s, chosen.id, version)
        about = {"org": chosen.slug, "version": tier.pop("version")}
        level.pop("version")
        return about, tier, level

    return _read(database_url, org, read)


def stored_diff(database_url: str | None, org: str | None, old: str, new: str) -> dict:
    return _read(database_url, org, lambda s, chosen: live.version_diff(s, chosen.id, old, new))


def stored_text(database_url: str | None, org: str | None, version: str) -> tuple[str, str, list[str]]:
    """(label, text, names of the organization's people) of a stored version, for the scan."""
    def read(s, chosen):
        row = store.resolve(s, chosen.id, version)
        return _label(chosen, {"number": row.number}), row.text, publishing.chart_names(s, chosen.id)

    return _read(database_url, org, read)


def import_cmd(file: Path, instructions: bool = typer.Option(False, "--instructions",
                                                              help="FILE is a CLAUDE.md / AGENTS.md (auto for those names)."),
               publish: bool = typer.Option(False, "--publish", help="Publish the imported draft right away."),
               database_url: DatabaseUrl = None, org: OrgSlug = None, as_json: Json = False) -> None:
    """Import an OOS (Markdown or JSON) or agent instructions as the organization's draft."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(2)
    if instructions or file.name.lower() in INSTRUCTION_FILES:
        fmt = "instructions"
    else:
        fmt = "json" if file.suffix.lower() == ".json" or text.lstrip().startswith("{") else "md"

    def work(s, actor):
        row = drafts.import_document(s, actor, text=text, format=fmt, source=file.name)
        return publishing.publish(s, actor) if publish else row

    row = _as_owner(database_url, org, work)
    emit(_version(row), as_json, f"imported {file} ({fmt}) -> {_line(row)}")


def export_cmd(version: str = typer.Option("draft", "--version", help="draft, latest or a version number"),
               fmt: str = typer.Option("md", "--format", help="md or json"),
               output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
               database_url: DatabaseUrl = None, org: OrgSlug = None,
               as_json: bool = typer.Option(False, "--json", help="The JSON form (same as --format json).")) -> None:
    """Write any stored version as Markdown (byte for byte) or the JSON form."""
    fmt = "json" if as_json else fmt
    if fmt not in ("md", "json"):
        typer.echo("error: --format must be md or json", err=True)
        raise typer.Exit(2)
    db = open_db(database_url)
    try:
        with db.read() as s:
            row = run(lambda: store.resolve(s, pick_org(s, org).id, version))
            text = row.text if fmt == "md" else dumps(store.document_of(row), "json")
    finally:
        db.dispose()
    if output:
        with output.open("w", encoding="utf-8", newline="") as handle:  # keep the stored line endings
            handle.write(text)
    else:
        typer.echo(text, nl=False)


def publish_cmd(acknowledge: bool = typer.Option(False, "--acknowledge",
                                                help="Publish despite high privacy findings (recorded)."),
                database_url: DatabaseUrl = None, org: OrgSlug = None, as_json: Json = False) -> None:
    """Publish the draft (refused while critical privacy findings remain)."""
    row = _as_owner(database_url, org, lambda s, actor: publishing.publish(s, actor, acknowledge=acknowledge))
    emit(_version(row), as_json, f"published {_line(row)}")


def generate_cmd(database_url: DatabaseUrl = None, org: OrgSlug = None, as_json: Json = False) -> None:
    """Replace the draft with the OOS generated from the live organization."""
    row = _as_owner(database_url, org, lambda s, actor: drafts.generate_draft(s, actor))
    emit(_version(row), as_json, f"generated {_line(row)}")


def redact_cmd(min_severity: str = typer.Option("low", "--min-severity", help="critical, high, medium or low"),
               database_url: DatabaseUrl = None, org: OrgSlug = None, as_json: Json = False) -> None:
    """Replace privacy findings in the draft with placeholders (files: `otp oos scan FILE --redact OUT`)."""
    row, count = _as_owner(database_url, org, lambda s, actor: drafts.redact_draft(s, actor, min_severity=min_severity))
    emit({"redacted": count, "draft": _version(row)}, as_json, f"redacted {count} finding(s); {_line(row)}")


# The commands this module adds to `otp oos`, in the order of its help; cli.py registers them.
COMMANDS = {"import": import_cmd, "export": export_cmd, "publish": publish_cmd, "generate": generate_cmd, "redact": redact_cmd}
