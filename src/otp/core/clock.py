"""The one clock. Tests and the worker can freeze or advance it; nothing else calls datetime.now()."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc) + _offset


def freeze(at: datetime) -> None:
    global _frozen
    _frozen = at.astimezone(timezone.utc)


def advance(delta: timedelta) -> None:
    global _offset, _frozen
    if _frozen is not None:
        _frozen = _frozen + delta
    else:
        _offset += delta


def reset() -> None:
    global _offset, _frozen
    _offset = timedelta(0)
    _frozen = None
