"""Which state of an organization's governance a per-process cache may serve: its *epoch*.

Every mutation records an event in its own transaction, and recording row-locks and advances the
chain head (`event_chains.seq`). What the gate reads — an actor's level, status, role and seats,
the stop switch, the chart's parent pointers, the policy, the tokens — changes only through
services that record such an event. Keying caches on the sequence alone would make every write
(a to-do is an event too) throw them all away; so the epoch moves only when an event arrived
whose action is *not* known to leave those inputs alone (WORK_ONLY: to-dos, issues, headlines,
numbers, meetings, outcomes, ...). Any other action, including one added tomorrow, moves it.

`epoch(session, org_id)` is one statement per transaction: a read of the chain head's row, which
`record` keeps with the sequence of the last event of the moving kind (`governance_seq`, set in
the same UPDATE that advances the head). The epoch moved when that is past the sequence this
process last checked. An epoch is an opaque token minted by this process, never reused, so a
database restored or recreated under the same URL cannot match an old entry by accident. Three
rules make it trustworthy:

- The epoch is read *before* the rows it labels: an entry holds rows at least as new as its label.
- The chain head is locked until commit, so every event up to the sequence read is visible.
- Only a transaction that has written nothing may use or fill a cache: after a write, what it
  reads is its own uncommitted state, which a rollback would turn into a lie. `epoch` answers None
  then, and callers read fresh (otp.core.tx_writes notices the writes).
"""
from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from otp.core.prepared import Prepared
from otp.core.tx_writes import read_only_state
from otp.events.models import EventChain

_HEAD = Prepared(select(EventChain.seq, EventChain.governance_seq).where(EventChain.org_id == bindparam("org_id")))


# Actions that never change what the gate reads (see the module docstring): a prefix where it
# ends with a dot, else the whole action.
WORK_ONLY = ("todo.", "issue.", "headline.", "measurable.", "meeting.", "outcome.", "sop.", "run.progress",
             "external.authorized", "governance.denied")
_WORK_PREFIXES = tuple(p for p in WORK_ONLY if p.endswith("."))
_WORK_ACTIONS = frozenset(p for p in WORK_ONLY if not p.endswith("."))


def moves_governance(action: str) -> bool:
    """Whether an event of this action may change what the gate reads: every action not known
    to leave it alone (one added tomorrow included)."""
    return not (action.startswith(_WORK_PREFIXES) or action in _WORK_ACTIONS)


_STATE: dict[tuple, tuple[int, int]] = {}  # (database, org) -> (sequence checked, epoch)
_STATE_LOCK = threading.Lock()
_minted = itertools.count(1)


def epoch(session: Session, org_id: str) -> int | None:
    """The organization's governance epoch as this transaction sees it; None when the transaction
    has written (its reads are not committed state) or the organization has no chain."""
    conn = session.connection()
    seen = read_only_state(conn)
    if seen is None:
        return None
    found = seen.get(("epoch", org_id))
    if found is not None:
        return found
    key = (_database(conn), org_id)
    known = _STATE.get(key)
    rows = _HEAD.all(conn, {"org_id": org_id})
    if not rows:
        return None
    seq, governance_seq = rows[0]
    # Moved: first sight; a governance event after the sequence last checked; or a chain that went
    # backwards (a database restored or recreated under the same URL).
    moved = known is None or governance_seq > known[0] or seq < known[0]
    token = next(_minted) if moved else known[1]
    with _STATE_LOCK:
        if _STATE.get(key) is known:  # another thread may have moved on meanwhile: keep its word
            _STATE[key] = (seq, token)
    seen[("epoch", org_id)] = token
    return token


_URLS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def database_of(session: Session) -> str:
    """Which database a session talks to, as a cache key (tests hold several in one process)."""
    return _database(session.connection())


def _database(conn: Connection) -> str:
    engine = conn.engine
    url = _URLS.get(engine)
    if url is None:
        url = _URLS[engine] = engine.url.render_as_string(hide_password=True)
    return url


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class EpochCache(Generic[K, V]):
    """A bounded LRU of values, each valid only in the epoch it was read in."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, epoch: int | None) -> V | None:
        if epoch is None:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != epoch:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: K, epoch: int | None, value: V) -> None:
        if epoch is None:
            return
        with self._lock:
            self._items[key] = (epoch, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
