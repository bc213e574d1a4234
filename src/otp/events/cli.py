"""otp audit verify | checkpoint: the tamper-evident event log from the command line."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, emit, open_db, settings

audit_app = typer.Typer(help="The tamper-evident event log", no_args_is_help=True)

CheckpointFile = Annotated[Path | None, typer.Option(
    "--checkpoint", help="A file written by `otp audit checkpoint`: also prove nothing before it changed")]
PublicKey = Annotated[str | None, typer.Option(
    "--public-key", help="The checkpoint signer's public key (base64); default: this installation's")]


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(checkpoint: CheckpointFile = None, public_key: PublicKey = None, as_json: Json = False,
                 database_url: DatabaseUrl = None) -> None:
    """Walk every organization's hash chain; exit 1 naming the first broken event. With
    --checkpoint, also check that every event up to each checkpointed head is unchanged."""
    from sqlalchemy import select

    from otp.events import checkpoint as checkpoints
    from otp.events.service import verify_chain
    from otp.org.models import Organization

    db = open_db(database_url)
    broken = []
    checked = 0
    with db.read() as s:
        slugs = dict(s.execute(select(Organization.id, Organization.slug)).all())
        for org_id, slug in slugs.items():
            checked += 1
            result = verify_chain(s, org_id)
            if result:
                broken.append({"org": slug, "event_id": result.event_id, "seq": result.seq, "reason": result.reason})
        if checkpoint is not None:
            try:
                doc = json.loads(checkpoint.read_text())
            except (OSError, ValueError) as exc:
                doc = {"unreadable": str(exc)}
            trusted = public_key or checkpoints.public_text(
                checkpoints.signing_key(settings(database_url).data_dir).public_key())
            for p in checkpoints.check(s, doc, trusted):
                broken.append({"org": slugs.get(p.org_id, p.org_id) if p.org_id else None, "event_id": p.event_id,
                               "seq": p.seq, "reason": f"checkpoint {checkpoint}: {p.reason}"})
    if as_json:
        emit({"ok": not broken, "organizations": checked, "broken": broken}, True)
    elif broken:
        for b in broken:
            where = f"organization {b['org']}: event id {b['event_id']} (seq {b['seq']}): " if b["org"] else ""
            typer.echo(f"BROKEN: {where}{b['reason']}")
    else:
        typer.echo(f"ok: {checked} organization chain(s) verified"
                   + (f", unchanged up to checkpoint {checkpoint}" if checkpoint else ""))
    if broken:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout")] = None,
                     database_url: DatabaseUrl = None) -> None:
    """Write a signed checkpoint (Ed25519) of every chain's head. Keep it where the database's
    writers cannot reach; `otp audit verify --checkpoint FILE` proves nothing before it changed."""
    from otp.events import checkpoint as checkpoints

    db = open_db(database_url)
    key = checkpoints.signing_key(settings(database_url).data_dir)
    with db.read() as s:
        doc = checkpoints.write(s, key)
    text = json.dumps(doc, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n")
        typer.echo(f"checkpoint of {len(doc['chains'])} chain(s) written to {out}; public key {doc['public_key']}",
                   err=True)
