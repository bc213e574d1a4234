"""`column_value` reads one column by primary key without loading an ORM object; in every state
a session can be in it must answer what `session.get(Model, key).column` answers then."""
from __future__ import annotations

from sqlalchemy import update

from otp.core.lookup import column_value
from otp.org.models import Agent, Organization


def _via_get(session, key):
    row = session.get(Agent, key)
    return None if row is None else row.name


def test_a_row_not_loaded_is_read_from_the_database(db, org):
    agent = org.agent("reader-one")
    with db.read() as s:
        assert column_value(s, Agent.name, agent["id"]) == "reader-one"
        assert s.identity_map.get((Agent, (agent["id"],), None)) is None  # no ORM object was loaded


def test_a_missing_row_or_no_key_is_none(db, org):
    with db.read() as s:
        assert column_value(s, Agent.name, "agt_does_not_exist") is None
        assert column_value(s, Agent.name, None) is None
        assert _via_get(s, "agt_does_not_exist") is None


def test_an_unflushed_rename_is_seen_as_session_get_sees_it(db, org):
    agent = org.agent("before-rename")
    with db.write() as s:
        row = s.get(Agent, agent["id"])
        row.name = "after-rename"  # not flushed: a plain read of the table would still say the old name
        assert column_value(s, Agent.name, agent["id"]) == "after-rename" == _via_get(s, agent["id"])
        s.rollback()


def test_an_object_added_but_not_flushed_is_found_as_session_get_finds_it(db, org):
    with db.write() as s:
        org_row = s.get(Organization, org.org_id)
        probe = Agent(id="agt_unflushed_probe", org_id=org.org_id, name="pending", level=1)
        s.add(probe)
        assert column_value(s, Agent.name, "agt_unflushed_probe") == _via_get(s, "agt_unflushed_probe")
        assert column_value(s, Organization.name, org.org_id) == org_row.name
        s.rollback()


def test_a_loaded_object_answers_from_the_identity_map_like_session_get(db, org):
    agent = org.agent("loaded-once")
    with db.write() as s:
        loaded = s.get(Agent, agent["id"])
        # A Core update behind the ORM's back: session.get answers from the identity map, and so
        # must the lookup (the two never disagree within one session).
        s.connection().execute(update(Agent.__table__).where(Agent.__table__.c.id == agent["id"]).values(name="by-core"))
        assert column_value(s, Agent.name, agent["id"]) == loaded.name == _via_get(s, agent["id"]) == "loaded-once"
        s.rollback()


def test_a_committed_change_is_seen_by_the_next_session(db, org):
    agent = org.agent("first-name")
    with db.write() as s:
        s.get(Agent, agent["id"]).name = "second-name"
    with db.read() as s:
        assert column_value(s, Agent.name, agent["id"]) == "second-name"
