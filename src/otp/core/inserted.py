"""Rows a service inserts past the ORM's unit of work, announced to whoever a flush would have told.

The ORM's flush costs more than the database does for a small hot INSERT (a to-do: about a third
of a governed write's time). A service may insert such a row with a prepared Core statement and
then `announce` the object; listeners that keep derived rows current in the same transaction (the
search index, otp.search.flush_hooks) register here as they register for the flush, so a row
inserted either way is seen the same way. Registered at import, like SQLAlchemy's event hooks
(otp.all_models imports every domain's hooks)."""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

Listener = Callable[[Session, list], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Listener:
    """Register `listener(session, objects)`; usable as a decorator."""
    _listeners.append(listener)
    return listener


def announce(session: Session, objects: list) -> None:
    """Tell every listener these objects were inserted in the session's transaction."""
    for listener in _listeners:
        listener(session, objects)
