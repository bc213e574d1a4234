"""events: the audit chain is keyed (HMAC); chains written before keys are re-keyed once

Each event records the id of the key its hash is an HMAC under. Chains written with the old
unkeyed SHA-256 are checked as they are, then re-hashed under the installation's key, and an
`audit.rekeyed` event says so at the end of each. A chain that is already broken is not
re-keyed (that would launder the tampering): the migration stops and names the event.

Revision ID: 0021_audit_keyed
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from otp.core.types import UTCDateTime

revision = "0021_audit_keyed"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    with op.batch_alter_table("event_chains") as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    rekey_legacy_chains(op.get_bind(), context.config.attributes.get("audit_key"))


def downgrade() -> None:
    with op.batch_alter_table("event_chains") as batch_op:
        batch_op.drop_column("key_id")
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("key_id")


def rekey_legacy_chains(conn, key) -> None:
    from otp.auth.actor import system_actor
    from otp.core import clock
    from otp.events.service import GENESIS, canonical, chain_hash, legacy_hash

    events = sa.table("events", *(sa.column(c) for c in (
        "id", "org_id", "seq", "actor_kind", "actor_id", "action", "entity_type", "entity_id", "prev_hash",
        "hash", "key_id")), sa.column("payload", sa.JSON), sa.column("occurred_at", UTCDateTime()))
    chains = sa.table("event_chains", sa.column("org_id"), sa.column("seq"), sa.column("head_hash"),
                      sa.column("key_id"))
    org_ids = [r[0] for r in conn.execute(sa.select(chains.c.org_id).where(chains.c.seq > 0))]
    if not org_ids:
        return
    if key is None:
        raise RuntimeError("existing audit chains must be re-keyed: run `otp migrate` (it passes the "
                           "installation's audit key) or set OTP_AUDIT_KEY")
    for org_id in org_ids:
        rows = conn.execute(sa.select(events).where(events.c.org_id == org_id).order_by(events.c.seq)).all()
        prev_legacy, prev_keyed, updates = GENESIS, GENESIS, []
        for i, ev in enumerate(rows, start=1):
            body = canonical(ev.org_id, ev.seq, ev.occurred_at, ev.actor_kind, ev.actor_id, ev.action,
                             ev.entity_type, ev.entity_id, ev.payload)
            if ev.seq != i or ev.prev_hash != prev_legacy or legacy_hash(prev_legacy, body) != ev.hash:
                raise RuntimeError(f"audit chain of organization {org_id} is broken at event id {ev.id} "
                                   f"(seq {ev.seq}): not re-keyed; investigate before migrating")
            prev_legacy = ev.hash
            keyed = chain_hash(key, prev_keyed, body)
            updates.append({"b_id": ev.id, "b_prev": prev_keyed, "b_hash": keyed})
            prev_keyed = keyed
        if updates:
            conn.execute(events.update().where(events.c.id == sa.bindparam("b_id")).values(
                prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash"), key_id=key.id), updates)
        seq, at = len(rows) + 1, clock.now()
        actor = system_actor(org_id)
        payload = {"events": len(rows), "from": "sha256 (unkeyed)", "to_key_id": key.id}
        digest = chain_hash(key, prev_keyed, canonical(org_id, seq, at, actor.kind, actor.id, "audit.rekeyed",
                                                      "audit_chain", org_id, payload))
        conn.execute(events.insert().values(org_id=org_id, seq=seq, occurred_at=at, actor_kind=actor.kind,
                                            actor_id=actor.id, action="audit.rekeyed", entity_type="audit_chain",
                                            entity_id=org_id, payload=payload, prev_hash=prev_keyed,
                                            hash=digest, key_id=key.id))
        conn.execute(chains.update().where(chains.c.org_id == org_id).values(seq=seq, head_hash=digest,
                                                                              key_id=key.id))
