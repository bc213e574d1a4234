"""`inserted.as_row` builds the ORM object of a row just written without the constructor's
per-attribute instrumentation; it must be the same object a constructor would give, and join a
session as a clean persistent row (nothing to flush, nothing expired)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from otp.core.inserted import as_row
from otp.work.models import Todo


def _values() -> dict:
    values = dict.fromkeys(column.key for column in Todo.__table__.columns)
    values.update(id="todo_01test", org_id="org_x", title="Ship it", owner_seat_id="seat_x",
                  due_at=datetime(2026, 12, 9, tzinfo=timezone.utc), source="manual", created_by_kind="person",
                  created_by_id="per_x", created_at=datetime(2026, 12, 2, tzinfo=timezone.utc))
    return values


def test_the_row_holds_every_value_as_the_constructor_sets_it():
    values = _values()
    built, constructed = as_row(Todo, values), Todo(**values)
    assert {k: getattr(built, k) for k in values} == {k: getattr(constructed, k) for k in values}
    assert inspect(built).transient


def test_the_row_joins_a_session_as_a_clean_persistent_object(db):
    row = as_row(Todo, _values())
    make_transient_to_detached(row)
    with db.read() as session:
        session.add(row)
        state = inspect(row)
        assert state.persistent and not state.modified and not state.expired_attributes
        assert not session.dirty and not session.new
        row.title = "Changed"  # a later change is tracked as on any loaded object
        assert state.modified and session.dirty
        session.expunge(row)


def test_a_fresh_process_whose_first_orm_use_it_is_gets_a_complete_row():
    """Before any query or constructor has configured the mappers, the row must still be whole
    (nothing left unloaded, to be expired and lazily loaded) and join a session as persistent."""
    import subprocess
    import sys
    import textwrap
    script = textwrap.dedent("""
        from datetime import datetime, timezone
        from sqlalchemy import inspect
        from sqlalchemy.orm import make_transient_to_detached
        import otp.all_models
        from otp.core.inserted import as_row
        from otp.work.models import Todo
        assert not Todo.__mapper__.configured
        values = dict.fromkeys(c.key for c in Todo.__table__.columns)
        values.update(id="todo_1", org_id="org_1", title="t", owner_seat_id="s", source="manual",
                      due_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
        row = as_row(Todo, values)
        state = inspect(row)
        assert state.unloaded == set(), state.unloaded
        make_transient_to_detached(row)
        assert not state.expired_attributes and row.title == "t"
        print("whole")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "whole", done.stderr
