"""Column types shared by every domain."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator):
    """Stores UTC, always returns timezone-aware UTC (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def iso(value: datetime | None) -> str | None:
    """Canonical text for a time: UTC, microseconds, 'Z'."""
    if value is None:
        return None
    if value.tzinfo is not timezone.utc:  # what the database hands back already is (UTCDateTime)
        value = value.astimezone(timezone.utc)
    # isoformat is the fast path (a briefing formats dozens); it also zero-pads years before 1000.
    return value.isoformat(timespec="microseconds")[:-6] + "Z"
