"""The audit chain is an HMAC under a key that is not in the database: someone who can write the
database, change an event and recompute every hash with the project's own code but without the
key is caught by `otp audit verify`. A key rotation is recorded in the chain; a signed checkpoint
kept elsewhere proves that nothing before it changed, even to someone holding the key."""
from __future__ import annotations

import json

from sqlalchemy import select, update
from typer.testing import CliRunner

from otp.auth.actor import system_actor
from otp.cli.main import app as cli
from otp.core.audit_keys import AuditKey
from otp.core.db import Database
from otp.events.models import Event, EventChain
from otp.events.service import GENESIS, canonical, chain_hash, record, verify_chain

ORG = "org_keyed_test"


def seeded(url: str, key: str = "test-audit-key", events: int = 4) -> Database:
    """An organization with a few events, written under `key`."""
    from otp.org.models import Organization
    db = Database(url, audit_key=AuditKey.of(key))
    with db.write() as s:
        if s.get(Organization, ORG) is None:
            s.add(Organization(id=ORG, name="Keyed", slug="keyed", timezone="UTC"))
            s.flush()
            s.add(EventChain(org_id=ORG, seq=0, head_hash=GENESIS))
            s.flush()
        for i in range(events):
            record(s, system_actor(ORG), "note.added", "note", f"n{i}", {"text": f"note {i}"})
    return db


def rewrite_chain(db: Database, key: AuditKey, change_seq: int, payload: dict) -> None:
    """What an intruder with write access does: change one payload, then recompute every hash."""
    with db.write() as s:
        rows = s.execute(select(Event).where(Event.org_id == ORG).order_by(Event.seq)).scalars().all()
        prev = GENESIS
        for ev in rows:
            if ev.seq == change_seq:
                ev.payload = payload
            ev.prev_hash = prev
            ev.hash = chain_hash(key, prev, canonical(ev.org_id, ev.seq, ev.occurred_at, ev.actor_kind, ev.actor_id,
                                                      ev.action, ev.entity_type, ev.entity_id, ev.payload))
            prev = ev.hash
        s.execute(update(EventChain).where(EventChain.org_id == ORG).values(head_hash=prev))


def verify(url: str, *extra: str):
    return CliRunner().invoke(cli, ["audit", "verify", "--database-url", url, *extra])


def test_a_payload_changed_and_every_hash_recomputed_without_the_key_fails_verify_naming_the_event(isolated_db):
    db = seeded(isolated_db.url)
    assert verify(db.url).exit_code == 0
    rewrite_chain(db, AuditKey.of("a guess at the key"), change_seq=2, payload={"text": "forged"})
    result = verify(db.url)
    with db.read() as s:
        forged = s.execute(select(Event).where(Event.org_id == ORG, Event.seq == 1)).scalar_one()
    assert result.exit_code == 1
    assert f"event id {forged.id} (seq 1): content does not match its hash" in result.output


def test_a_new_key_is_recorded_in_the_chain_and_the_old_events_verify_with_the_previous_key(isolated_db, monkeypatch):
    seeded(isolated_db.url, key="test-audit-key", events=2)
    monkeypatch.setenv("OTP_AUDIT_KEY", "the-new-key")
    monkeypatch.setenv("OTP_AUDIT_PREVIOUS_KEYS", "test-audit-key")
    db = seeded(isolated_db.url, key="the-new-key", events=1)
    with db.read() as s:
        actions = [e.action for e in s.execute(select(Event).where(Event.org_id == ORG).order_by(Event.seq)).scalars()]
        rotated = s.execute(select(Event).where(Event.action == "audit.key_rotated")).scalar_one()
        assert verify_chain(s, ORG) is None
    assert actions == ["note.added", "note.added", "audit.key_rotated", "note.added"]
    assert rotated.payload == {"from_key_id": AuditKey.of("test-audit-key").id,
                               "to_key_id": AuditKey.of("the-new-key").id}
    monkeypatch.delenv("OTP_AUDIT_PREVIOUS_KEYS")
    result = verify(db.url)
    assert result.exit_code == 1 and "(seq 1): hashed under a key this installation does not hold" in result.output


def test_a_checkpoint_proves_nothing_before_it_changed_even_to_someone_holding_the_key(isolated_db, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.setenv("OTP_DATA_DIR", str(tmp_path))
    db = seeded(isolated_db.url)
    saved = tmp_path / "checkpoint.json"
    made = CliRunner().invoke(cli, ["audit", "checkpoint", "--out", str(saved), "--database-url", db.url])
    assert made.exit_code == 0, made.output
    seeded(db.url, events=2)  # the chain goes on after the checkpoint
    ok = verify(db.url, "--checkpoint", str(saved))
    assert ok.exit_code == 0 and "unchanged up to checkpoint" in ok.output
    rewrite_chain(db, AuditKey.of("test-audit-key"), change_seq=3, payload={"text": "rewritten"})
    assert verify(db.url).exit_code == 0  # the key holder's rewrite is consistent...
    result = verify(db.url, "--checkpoint", str(saved))
    assert result.exit_code == 1  # ...but not with the checkpoint
    assert "the chain up to the checkpoint's head was rewritten" in result.output


def test_an_edited_checkpoint_file_fails_verify_and_names_the_file(isolated_db, tmp_path, monkeypatch):
    monkeypatch.setenv("OTP_DATA_DIR", str(tmp_path))
    db = seeded(isolated_db.url)
    saved = tmp_path / "checkpoint.json"
    assert CliRunner().invoke(cli, ["audit", "checkpoint", "--out", str(saved), "--database-url", db.url]).exit_code == 0
    doc = json.loads(saved.read_text())
    doc["chains"][0]["seq"] -= 1
    saved.write_text(json.dumps(doc))
    result = verify(db.url, "--checkpoint", str(saved))
    assert result.exit_code == 1
    assert f"checkpoint {saved}: the checkpoint's signature does not match its content" in result.output
