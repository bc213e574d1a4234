"""A run's output: only the last 64 KB is kept (a run that prints 100 MB costs 64 KB of memory
and of database), and what is stored or shown is redacted by the privacy scanner first."""
from __future__ import annotations

import threading

from otp.oos.scan import redact, scan

KEEP = 64 * 1024


class Tail:
    """The last KEEP bytes written, and how many were written in all. Thread-safe."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.total = 0
        self.version = 0  # bumps on every write, so a flush knows when nothing is new

    def write(self, chunk: bytes) -> None:
        with self._lock:
            self.total += len(chunk)
            self.version += 1
            if len(chunk) >= KEEP:
                self._buf[:] = chunk[-KEEP:]
            else:
                self._buf += chunk
                if len(self._buf) > KEEP:
                    del self._buf[:len(self._buf) - KEEP]

    def snapshot(self) -> tuple[bytes, int, int]:
        with self._lock:
            return bytes(self._buf), self.total, self.version


def text_of(raw: bytes) -> str:
    """Decoded and redacted: a secret or personal datum a run printed is not kept."""
    text = raw.decode("utf-8", errors="replace").replace("\x00", "")
    findings = scan(text)
    return redact(text, findings) if findings else text
