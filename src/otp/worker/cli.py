"""otp worker [--once] [--interval SECONDS] [--database-url URL].

`otp serve` ticks the worker in-process by default; to run it as its own process instead,
start serve with `--no-worker` (or OTP_WORKER=external) and run `otp worker` next to it —
as many as you like: every task claims its rows atomically.
"""
from __future__ import annotations

import json
import signal
import threading
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, open_db


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


def worker(once: Annotated[bool, typer.Option("--once", help="Run every task once and exit")] = False,
           interval: Annotated[float, typer.Option("--interval", min=0.05, help="Seconds between ticks")] = 5.0,
           database_url: DatabaseUrl = None) -> None:
    """Run the periodic tasks: approval deadlines, escalation SLAs, budget and loop checks, ..."""
    from otp.core import telemetry
    from otp.worker.loop import run
    telemetry.configure()  # traces only when OTEL_EXPORTER_OTLP_ENDPOINT is set
    db = open_db(database_url)
    stop = threading.Event()
    if not once:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        typer.echo(f"worker running every {interval}s; Ctrl-C to stop")
    result = run(db, interval=interval, stop=stop, once=once)
    if once:
        typer.echo(json.dumps(result, sort_keys=True))
    db.dispose()
