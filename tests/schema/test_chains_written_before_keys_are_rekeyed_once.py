"""Upgrading an installation whose audit chains were hashed without a key: the migration checks
each chain as it is, re-hashes it under the installation's key and says so at its end with an
`audit.rekeyed` event; a chain already broken is not re-keyed (that would launder the
tampering): the migration stops and names the event."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, select, update

from otp.core.audit_keys import AuditKey
from otp.core.db import Database
from otp.core.migrate import alembic_config, upgrade
from otp.events.models import Event
from otp.events.service import GENESIS, canonical, legacy_hash, verify_chain
from tests.dbs import empty_database

KEY = AuditKey.of("test-audit-key")


def legacy_installation(url: str, org_id: str = "org_legacy", events: int = 3) -> None:
    """A database as the previous release left it: everything but the keyed chain, and an
    organization whose chain was hashed with plain SHA-256."""
    upgrade(url)
    command.downgrade(alembic_config(url), "0021_audit_keyed@-1")
    engine = create_engine(url)
    from sqlalchemy import MetaData
    meta = MetaData()
    meta.reflect(engine, only=["organizations", "events", "event_chains"])
    orgs, ev, chains = meta.tables["organizations"], meta.tables["events"], meta.tables["event_chains"]
    with engine.begin() as conn:
        conn.execute(insert(orgs).values(id=org_id, name="Legacy", slug="legacy", timezone="UTC", week_start=0,
                                         settings={}, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
        prev = GENESIS
        for seq in range(1, events + 1):
            at = datetime(2026, 1, 1, 0, 0, seq, tzinfo=timezone.utc)
            payload = {"n": seq}
            digest = legacy_hash(prev, canonical(org_id, seq, at, "system", None, "note.added", "note", f"n{seq}",
                                                 payload))
            conn.execute(insert(ev).values(org_id=org_id, seq=seq, occurred_at=at, actor_kind="system",
                                           actor_id=None, action="note.added", entity_type="note",
                                           entity_id=f"n{seq}", payload=payload, prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(insert(chains).values(org_id=org_id, seq=events, head_hash=prev))
    engine.dispose()


@pytest.mark.slow
def test_a_legacy_chain_is_rekeyed_once_and_then_verifies_under_the_key(tmp_path):
    with empty_database(tmp_path) as url:
        legacy_installation(url)
        upgrade(url, audit_key=KEY)
        upgrade(url, audit_key=KEY)  # a second start finds nothing to do
        db = Database(url, audit_key=KEY)
        try:
            with db.read() as s:
                rows = s.execute(select(Event).where(Event.org_id == "org_legacy").order_by(Event.seq)).scalars().all()
                assert [e.action for e in rows] == ["note.added"] * 3 + ["audit.rekeyed"]
                assert {e.key_id for e in rows} == {KEY.id}
                assert rows[-1].payload == {"events": 3, "from": "sha256 (unkeyed)", "to_key_id": KEY.id}
                assert verify_chain(s, "org_legacy") is None
        finally:
            db.dispose()


@pytest.mark.slow
def test_a_legacy_chain_already_broken_is_not_rekeyed_and_the_event_is_named(tmp_path):
    with empty_database(tmp_path) as url:
        legacy_installation(url)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(update(Event.__table__).where(Event.__table__.c.seq == 2).values(payload={"n": 99}))
            victim = conn.execute(select(Event.__table__.c.id).where(Event.__table__.c.seq == 2)).scalar_one()
        engine.dispose()
        with pytest.raises(RuntimeError, match=f"broken at event id {victim} \\(seq 2\\)"):
            upgrade(url, audit_key=KEY)
