"""Real `otp serve` and `otp worker` processes on one database, for the multi-process tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def processes(url: str, folder: Path, *, serves: int = 0, workers: int = 0, env: dict | None = None):
    """Start `serves` x `otp serve` (each ticking the worker in-process) and `workers` x `otp
    worker`; yields the list of Popen objects (serves first). All are stopped at the end."""
    environ = {**os.environ, "OTP_DATABASE_URL": url, "OTP_DATA_DIR": str(folder), **(env or {})}
    procs: list[subprocess.Popen] = []
    try:
        for _ in range(serves):
            port = free_port()
            proc = subprocess.Popen([sys.executable, "-m", "otp.cli.main", "serve", "--port", str(port)],
                                    env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(proc)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
        for _ in range(workers):
            procs.append(subprocess.Popen([sys.executable, "-m", "otp.cli.main", "worker"], env=environ,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
