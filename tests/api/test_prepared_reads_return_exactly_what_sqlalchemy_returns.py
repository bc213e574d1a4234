"""otp.core.prepared: the briefing's and the token lookup's statements, run straight on the DB-API
cursor, give the rows SQLAlchemy gives for the same statement and parameters — dates, times,
JSON, NULLs and numbers converted the same way — on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, select

from otp.agentface import briefing, mywork, seats
from otp.auth import tokens
from otp.core import clock
from otp.core.prepared import Prepared
from otp.work.models import Todo
from tests.agentface.kit import call, world


def _same(conn, prepared: Prepared, params: dict) -> list[tuple]:
    ours = prepared.all(conn, params)
    theirs = [tuple(row) for row in conn.execute(prepared.statement, params)]
    assert ours == theirs
    assert [[type(v) for v in row] for row in ours] == [[type(v) for v in row] for row in theirs]
    return ours


def test_every_hot_statement_returns_the_rows_and_types_sqlalchemy_returns(org, db):
    w = world(org, level=3)
    w.measurable("calls")
    w.measurable("demos", target=2.5, unit="count")
    call(org, w.token, "report_measurable", measurable="calls", value=11.25)
    w.outcome(due_date=(clock.now() + timedelta(days=20)).date().isoformat())
    w.outcome("No due date")
    org.ok("POST", "/api/v1/todos", {"title": "Soon", "owner_seat_id": w.seat["id"],
                                     "due_at": (clock.now() + timedelta(hours=3)).isoformat()}, status=201)
    org.ok("POST", "/api/v1/todos", {"title": "Undated", "owner_seat_id": w.seat["id"]}, status=201)
    outcome = w.outcome("Needs approval")
    approval = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="on_track")["approval"]
    org.ok("POST", f"/api/v1/approvals/{approval['approval_id']}/approve", {}, token=org.token_for(person=w.human))
    call(org, w.token, "escalate", reason="Need a decision", needed="Yes or no")
    person_token = org.token_for(person=w.human)
    w.meeting()  # within the next week

    since = clock.now() - timedelta(days=7)
    with db.read() as s:
        conn = s.connection()
        agent, _ = tokens.lookup_token(s, w.token)
        person, _ = tokens.lookup_token(s, person_token)
        seat_ids = [w.seat["id"]]
        looked_up = _same(conn, tokens._LOOKUP, {"digest": tokens._digest(w.token)})
        assert isinstance(looked_up[0][3], list) and "read" in looked_up[0][3]  # JSON decoded
        for actor in (agent, person):
            _same(conn, briefing._state_statement(actor.kind == "agent", False),
                  {"org_id": actor.org_id, "agent_id": actor.id})
            # With the meetings probe: a window without the meeting, and one that holds it.
            for days in (0, 30):
                row = _same(conn, briefing._state_statement(actor.kind == "agent", True), {
                    "org_id": actor.org_id, "agent_id": actor.id, "start": clock.now(),
                    "end": clock.now() + timedelta(days=days, minutes=1)})
                assert row[0][2] == (days == 30)
            for statement in (briefing._DECISIONS, briefing._ESCALATIONS_RESOLVED):
                _same(conn, statement, {"org_id": actor.org_id, "kind": actor.kind, "actor_id": actor.id,
                                        "since": since})
            _same(conn, briefing._INBOX, briefing._who(actor))
            _same(conn, briefing._UNREAD_COUNT_PREPARED, briefing._who(actor))
        held = _same(conn, briefing._ESCALATIONS_HELD, {"org_id": person.org_id, "actor_id": person.id})
        assert held, "the lead holds the agent's escalation"
        reported = _same(conn, briefing._to_report_statement(1), {
            "org_id": agent.org_id, "recent": (clock.now() - briefing.RECENT).date(), **seats.ids_params(seat_ids)})
        assert {r[6] for r in reported} == {10, 2.5} and any(r[9] is not None for r in reported)
        outcomes = _same(conn, briefing._owned_outcomes_statement(1), {"org_id": agent.org_id,
                                                                       **seats.ids_params(seat_ids)})
        assert {o[4] is None for o in outcomes} == {True, False}  # a date and a NULL date
        for due in (True, False):
            params = {"org_id": agent.org_id, "limit": 100, **seats.ids_params(seat_ids)}
            if due:
                params["due_before"] = clock.now() + timedelta(days=1)
            todos = _same(conn, mywork._todos_statement(1, due), params)
            assert len(todos) == (1 if due else 2)


def test_a_statement_with_an_expanding_parameter_is_refused_not_run_wrongly(db):
    statement = Prepared(select(Todo.id).where(Todo.id.in_(bindparam("ids", expanding=True))))
    with db.read() as s:
        with pytest.raises(ValueError, match="plain binds"):
            statement.all(s.connection(), {"ids": ["a", "b"]})


def test_one_insists_on_exactly_one_row(db):
    statement = Prepared(select(Todo.id).where(Todo.id == bindparam("id")))
    with db.read() as s:
        with pytest.raises(LookupError, match="expected one row, got 0"):
            statement.one(s.connection(), {"id": "todo_nothing"})


def test_on_a_connection_without_a_transaction_it_begins_one_as_sqlalchemy_would(db):
    statement = Prepared(select(Todo.id).where(Todo.id == bindparam("id")))
    with db.engine.connect() as conn:
        assert not conn.in_transaction()
        assert statement.all(conn, {"id": "todo_nothing"}) == []
        assert conn.in_transaction()
        conn.rollback()


def test_parameters_reach_the_driver_as_sqlalchemy_sends_them_repeated_defaulted_and_converted(db):
    from datetime import datetime, timezone

    from sqlalchemy import Integer, String, literal_column

    from otp.core.types import UTCDateTime
    when = datetime(2026, 12, 7, 18, 30, 1, 250, tzinfo=timezone.utc)
    statement = select(
        bindparam("n", type_=Integer) + bindparam("n", type_=Integer),  # one parameter in two places
        bindparam("when", type_=UTCDateTime),  # converted on the way in and on the way out
        bindparam("label", value="the default", type_=String),  # a default when it is not given
        literal_column("1"))
    prepared = Prepared(statement)
    with db.read() as s:
        conn = s.connection()
        given = _same(conn, prepared, {"n": 20, "when": when, "label": "given"})
        defaulted = _same(conn, prepared, {"n": 1, "when": when})
    assert given == [(40, when, "given", 1)]
    assert defaulted == [(2, when, "the default", 1)]
