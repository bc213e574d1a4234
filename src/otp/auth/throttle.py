"""Sign-in throttling, per account and per address, with a growing delay and a lockout.

Each failed try (a wrong password, or any try made while the key must still wait) counts
against both keys. After `free` failures every further try must wait 1 s, 2 s, 4 s … (up to
`max_delay`) after the last failure; at `lock_after` failures the key is locked for `lock_for`,
whatever the password. A try during a wait counts as a failure too, so hammering at five a
second reaches the lockout instead of slipping through between delays. A success clears the
account's count; a count whose last failure is older than `lock_for` starts again.

Rows, not memory: two app instances on one PostgreSQL share the counts, and the row lock
serializes concurrent tries on one key."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.models import LoginThrottle
from otp.core import clock
from otp.core.errors import OTPError
from otp.core.ids import new_id


@dataclass(frozen=True)
class Policy:
    free: int  # failures allowed before any delay
    lock_after: int  # failures that lock the key
    lock_for: timedelta
    max_delay: timedelta


ACCOUNT = Policy(free=3, lock_after=10, lock_for=timedelta(minutes=15), max_delay=timedelta(seconds=60))
# An address may try several accounts (a shared office), so its thresholds are higher.
ADDRESS = Policy(free=10, lock_after=50, lock_for=timedelta(minutes=15), max_delay=timedelta(seconds=60))
POLICIES = {"account": ACCOUNT, "address": ADDRESS}


class TooManyAttempts(OTPError):
    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, locked: bool):
        super().__init__(message, field="password")
        self.retry_after = retry_after
        self.locked = locked


def _row(session: Session, scope: str, key: str, create: bool) -> LoginThrottle | None:
    query = select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
    row = session.execute(query.with_for_update()).scalar_one_or_none()
    if row is None and create:
        try:
            with session.begin_nested():
                row = LoginThrottle(id=new_id("thr"), scope=scope, key=key, failures=0, last_failure_at=clock.now())
                session.add(row)
        except IntegrityError:  # a concurrent first failure made it: use theirs
            row = session.execute(query.with_for_update()).scalar_one()
    return row


def wait_until(row: LoginThrottle, policy: Policy, now: datetime) -> tuple[datetime | None, bool]:
    """When the key may try again (None: now) and whether that is a lockout."""
    if row.locked_until is not None:
        # Locked: wait it out. Served: free to try (the next failure starts a fresh count).
        return (row.locked_until, True) if row.locked_until > now else (None, False)
    if now - row.last_failure_at > policy.lock_for:
        return None, False
    if row.failures < policy.free:
        return None, False
    delay = min(timedelta(seconds=2 ** (row.failures - policy.free)), policy.max_delay)
    ready = row.last_failure_at + delay
    return (ready, False) if ready > now else (None, False)


def check(session: Session, keys: dict[str, str]) -> None:
    """Refuse (TooManyAttempts) when any key must still wait; the caller counts a refused try as
    a failure (fail)."""
    now = clock.now()
    blocked: list[tuple[datetime, bool]] = []
    for scope, key in keys.items():
        row = _row(session, scope, key, create=False)
        if row is None:
            continue
        until, locked = wait_until(row, POLICIES[scope], now)
        if until is not None:
            blocked.append((until, locked))
    if not blocked:
        return
    until, locked = max(blocked)
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if locked:
        raise TooManyAttempts(f"Too many failed sign-ins: locked for {duration(seconds)}. "
                              "Try again later, or reset your password.", retry_after=seconds, locked=True)
    raise TooManyAttempts(f"Too many failed sign-ins: wait {duration(seconds)} before trying again.",
                          retry_after=seconds, locked=False)


def fail(session: Session, keys: dict[str, str]) -> set[str]:
    """Count one failure against each key; returns the scopes that became locked by it."""
    now = clock.now()
    locked: set[str] = set()
    for scope, key in keys.items():
        policy = POLICIES[scope]
        row = _row(session, scope, key, create=True)
        if row.locked_until is not None and row.locked_until <= now:
            row.failures, row.locked_until = 0, None  # a lockout served starts a fresh count
        elif now - row.last_failure_at > policy.lock_for and row.locked_until is None:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= policy.lock_after and (row.locked_until is None or row.locked_until <= now):
            row.locked_until = now + policy.lock_for
            locked.add(scope)
    session.flush()
    return locked


def succeed(session: Session, account: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.scope == "account", LoginThrottle.key == account))


def duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
