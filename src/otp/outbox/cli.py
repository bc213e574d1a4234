"""otp webhooks [--json]."""
from __future__ import annotations

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run


def register(app: typer.Typer) -> None:
    app.command("webhooks")(list_webhooks)


def list_webhooks(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """List webhook subscriptions with their delivery state (secrets are never shown again)."""
    from otp.outbox import webhooks
    from otp.outbox.schemas import WebhookOut
    db = open_db(database_url)

    def go():
        with db.read() as s:
            actor = owner_actor(s, pick_org(s, org))
            return [WebhookOut.of(w).model_dump(mode="json") for w in webhooks.list_webhooks(s, actor)]
    items = run(go)
    if as_json:
        emit({"webhooks": items}, True)
        return
    lines = []
    for w in items:
        state = "active" if w["active"] else f"DISABLED ({w['disabled_reason']})"
        lines.append(f"- {w['id']} {w['url']} [{', '.join(w['filters'])}] {w['format']} {state}; cursor {w['cursor_seq']}, "
                     f"{w['failure_count']} consecutive failure(s)")
    typer.echo("\n".join(lines) if lines else "(no webhooks)")
