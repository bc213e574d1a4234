"""One column of one row by its primary key, as cheaply as the session's state allows.

`session.get(Model, id).column` loads a whole ORM object through SQLAlchemy's loading machinery:
some 130 µs on this hardware, where the indexed read itself costs a few. Hot read paths that only
need a name or a title (the one-line question of an approval request, shown in every briefing)
call `column_value` instead, which answers exactly what `session.get` would:

- while the session holds unflushed changes (new, changed or deleted objects), through
  `session.get` itself: a plain read would not see them;
- from the identity map when the row is already loaded (what `session.get` returns then);
- otherwise with one `Prepared` SELECT of that column on the session's connection, inside its
  transaction.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from otp.core.prepared import Prepared


@cache
def _statement(column: InstrumentedAttribute) -> Prepared:
    (key,) = inspect(column.class_).primary_key
    return Prepared(select(column).where(key == bindparam("key")))


def column_value(session: Session, column: InstrumentedAttribute, key: Any) -> Any:
    """`column` of the row whose primary key is `key`; None when there is no such row (or no key)."""
    if key is None:
        return None
    model = column.class_
    if session.new or session.dirty or session.deleted:
        row = session.get(model, key)
        return None if row is None else getattr(row, column.key)
    held = session.identity_map.get(inspect(model).identity_key_from_primary_key((key,)))
    if held is not None:
        return getattr(held, column.key)
    rows = _statement(column).all(session.connection(), {"key": key})
    return rows[0][0] if rows else None
