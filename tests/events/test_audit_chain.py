"""The event log is hash-chained per organization; `otp audit verify` finds tampering."""
from __future__ import annotations

from sqlalchemy import update
from typer.testing import CliRunner

from otp.cli.main import app as cli
from otp.events.models import Event
from otp.events.service import verify_chain
from tests.helpers import OrgKit


def build_chart(org: OrgKit) -> None:
    root = org.root()
    for i in range(3):
        org.seat(f"Seat {i}", parent=root["id"])


def test_untouched_chains_verify(isolated_db, client):
    from fastapi.testclient import TestClient

    from otp.api.app import create_app
    from otp.core.config import Settings
    app = create_app(Settings(database_url=isolated_db.url, data_dir=None, secret_key="k"), isolated_db)
    with TestClient(app) as c:
        build_chart(OrgKit.create(isolated_db, c))
        build_chart(OrgKit.create(isolated_db, c))
    result = CliRunner().invoke(cli, ["audit", "verify", "--database-url", isolated_db.url])
    assert result.exit_code == 0, result.output
    assert "2 organization chain(s) verified" in result.output


def test_changing_one_stored_event_makes_verify_fail_and_name_it(isolated_db):
    from fastapi.testclient import TestClient

    from otp.api.app import create_app
    from otp.core.config import Settings
    app = create_app(Settings(database_url=isolated_db.url, data_dir=None, secret_key="k"), isolated_db)
    with TestClient(app) as c:
        org = OrgKit.create(isolated_db, c)
        build_chart(org)
    target = org.events("seat.created")[1]
    with isolated_db.write() as s:
        s.execute(update(Event).where(Event.id == target.id).values(payload={"title": "Forged"}))
    result = CliRunner().invoke(cli, ["audit", "verify", "--database-url", isolated_db.url])
    assert result.exit_code == 1
    assert f"event id {target.id} (seq {target.seq})" in result.output
    assert "content does not match its hash" in result.output


def test_deleting_an_event_breaks_the_chain_at_the_gap(org, db):
    build_chart(org)
    victim = org.events()[2]
    with db.write() as s:
        s.execute(Event.__table__.delete().where(Event.id == victim.id))
    with db.read() as s:
        broken = verify_chain(s, org.org_id)
    assert broken is not None and broken.seq == victim.seq + 1
    with db.write() as s:  # put it back so the shared database stays valid
        s.execute(Event.__table__.insert().values(
            id=victim.id, org_id=victim.org_id, seq=victim.seq, occurred_at=victim.occurred_at,
            actor_kind=victim.actor_kind, actor_id=victim.actor_id, action=victim.action,
            entity_type=victim.entity_type, entity_id=victim.entity_id, payload=victim.payload,
            prev_hash=victim.prev_hash, hash=victim.hash, key_id=victim.key_id))
    with db.read() as s:
        assert verify_chain(s, org.org_id) is None


def test_each_event_links_to_the_previous_one(org):
    build_chart(org)
    events = org.events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:]))
