"""Rows a service inserts past the ORM's unit of work, announced to whoever a flush would have told.

The ORM's flush costs more than the database does for a small hot INSERT (a to-do: about a third
of a governed write's time). A service may insert such a row with a prepared Core statement and
then `announce` the object; listeners that keep derived rows current in the same transaction (the
search index, otp.search.flush_hooks) register here as they register for the flush, so a row
inserted either way is seen the same way. Registered at import, like SQLAlchemy's event hooks
(otp.all_models imports every domain's hooks)."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from sqlalchemy.orm import Session, configure_mappers

Listener = Callable[[Session, list], None]
M = TypeVar("M")
_listeners: list[Listener] = []


def listen(listener: Listener) -> Listener:
    """Register `listener(session, objects)`; usable as a decorator."""
    _listeners.append(listener)
    return listener


def announce(session: Session, objects: list) -> None:
    """Tell every listener these objects were inserted in the session's transaction."""
    for listener in _listeners:
        listener(session, objects)


def as_row(model: type[M], values: dict[str, Any]) -> M:
    """An ORM object holding exactly `values`, the row a service has just written, built as the
    ORM builds an object it loads: straight into its dictionary, nothing marked as changed. The
    mapped constructor sets each attribute through its instrumentation, and for a row of a dozen
    columns that cost more than the INSERT itself. The object is transient, as a constructed one
    is: `make_transient_to_detached` and `session.add` make it the session's persistent row."""
    mapper = model.__mapper__  # type: ignore[attr-defined]
    if not mapper.configured:  # a fresh process whose first ORM use this is: set up the attributes
        configure_mappers()
    obj = mapper.class_manager.new_instance()
    obj.__dict__.update(values)
    return obj
