"""SQLite's WAL checkpoints, moved off the write path.

By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that one
request copies some 4 MB back into the database file and syncs it while its caller waits, and
every writer in line waits behind it. A governed write adds ~22 pages, so one write in ~45 paid
5 ms: the service layer's p99 was 5–6 ms against a median of 0.6 ms.

Here the database's own connections set `wal_autocheckpoint=0`, and a thread per database file
and process does the copying, woken by the writes (`nudge`):

- A PASSIVE checkpoint at most every INTERVAL while writes come: it copies committed pages into
  the database file without the write lock, so writers and readers go on meanwhile (its file I/O
  runs outside the GIL).
- A passive checkpoint alone never lets the WAL start over while writes keep coming: a writer
  rewinds the WAL only once every page in it has been copied back. So when the WAL holds more
  than REWIND_PAGES, one more passive checkpoint runs in the process's line of writers
  (`WriterQueue`), like a write: little is left to copy by then, and the next writer starts the
  WAL from its beginning (`journal_size_limit` trims the file then).
- After IDLE seconds without a write the thread checkpoints once more and ends; the next write
  starts it again. `close` stops it.

Durability is unchanged: a checkpoint copies only committed pages, and SQLite replays the WAL on
open after a crash. Readers are never waited for (PASSIVE): one holding an old snapshot only
delays the rewind, as it did with SQLite's own checkpoints.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from urllib.request import pathname2url

from otp.core.writer_queue import WriterQueue

log = logging.getLogger(__name__)

INTERVAL = 0.02  # seconds between checkpoints while writes come: a few writes' pages each
REWIND_PAGES = 1000  # SQLite's own autocheckpoint threshold
IDLE = 5.0
WAL_SIZE_LIMIT = 16 * 1024 * 1024  # bytes the WAL file is trimmed to when it starts over
TURN_TIMEOUT = 5.0  # seconds to wait in the writers' line; past it the rewind waits for the next round


def connection_pragmas() -> tuple[str, ...]:
    """What a connection of a database with a checkpointer runs when it opens."""
    return ("PRAGMA wal_autocheckpoint=0", f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")


class Checkpointer:
    def __init__(self, path: str, writers: WriterQueue):
        self.path = path
        self._writers = writers
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._stopping = False
        self.checkpoints = 0  # how many ran (tests and diagnostics)
        self.rewinds = 0

    def nudge(self) -> None:
        """A write committed: checkpoint soon (starts the thread when none runs)."""
        with self._lock:
            self._wake.set()
            if self._pid != os.getpid():  # forked: the parent's thread did not come along
                self._pid, self._thread = os.getpid(), None
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="otp-wal-checkpoint", daemon=True)
                self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread after one last checkpoint (a later write starts it again)."""
        with self._lock:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
            self._wake.set()
        if thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        conn = None
        try:
            # mode=rw: a database file removed meanwhile is an error here, never a new empty file
            conn = sqlite3.connect(f"file:{pathname2url(self.path)}?mode=rw", uri=True, isolation_level=None,
                                   check_same_thread=False)
            while True:
                self._wake.wait(IDLE)
                with self._lock:
                    if not self._wake.is_set() or self._stopping:  # idle, or closing
                        self._thread, self._stopping = None, False
                        break
                    self._wake.clear()
                self._checkpoint(conn)
                time.sleep(INTERVAL)  # let the next writes gather
            self._checkpoint(conn)
        except Exception:  # a checkpoint is an optimisation: never take the process down with it
            log.exception("WAL checkpoint of %s failed; the next write retries", self.path)
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread, self._stopping = None, False
        finally:
            if conn is not None:
                conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        _busy, pages, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.checkpoints += 1
        if pages >= REWIND_PAGES:
            with self._writers.turn(TURN_TIMEOUT):  # no writer of this process commits meanwhile
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.rewinds += 1
