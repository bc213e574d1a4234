"""Helpers for outbox tests: a real receiver on a free localhost port, a real uvicorn server in a
thread, SSE parsing, and one-line verbs for webhooks and events."""
from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import uvicorn
from sqlalchemy import select

from otp.auth.actor import system_actor
from otp.core import clock
from otp.events.service import record
from otp.outbox.jobs import deliver_webhooks
from otp.outbox.models import WebhookDelivery, WebhookSubscription
from tests.helpers import OrgKit

CLOSED_PORT_URL = "http://127.0.0.1:9/hooks"  # nothing listens: refused at once


class Receiver:
    """A tiny HTTP server that records every request and answers the given statuses in turn
    (then 200)."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]

    def seqs(self) -> list[int | None]:
        return [b["data"].get("seq") for b in self.bodies()]


def hook(org: OrgKit, url: str, filters: list[str] | None = None, fmt: str | None = None) -> dict:
    body = {"url": url} | ({"filters": filters} if filters else {}) | ({"format": fmt} if fmt else {})
    return org.ok("POST", "/api/v1/webhooks", body, status=201)


def poke(org: OrgKit, n: int = 1, action: str = "test.poked", entity_id: str | None = None) -> list[int]:
    """Record n events in the organization (about test entity `entity_id`); returns their seqs."""
    seqs = []
    for i in range(n):
        with org.db.write() as s:
            seqs.append(record(s, system_actor(org.org_id), action, "test", entity_id, {"n": i}).seq)
    return seqs


def deliver(org: OrgKit, db=None) -> int:
    return deliver_webhooks(db or org.db, clock.now(), org_id=org.org_id)


def row(db, webhook_id: str) -> WebhookSubscription:
    with db.read() as s:
        return s.get(WebhookSubscription, webhook_id)


def log(db, webhook_id: str) -> list[WebhookDelivery]:
    with db.read() as s:
        return list(s.execute(select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
                              .order_by(WebhookDelivery.id)).scalars())


@contextmanager
def serve(app):
    """Run `app` under uvicorn on a free localhost port in a thread; yields (base URL, server)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", server
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def sse_events(response: httpx.Response):
    """Yield each SSE message as a dict {"id", "event", "data"} (comments and retry hints yield as
    {"comment"} / {"retry"} so tests can see keep-alives)."""
    message: dict = {}
    for line in response.iter_lines():
        if line == "":
            if message:
                yield message
            message = {}
        elif line.startswith(":"):
            yield {"comment": line[1:].strip()}
        elif line.startswith("id: "):
            message["id"] = int(line[4:])
        elif line.startswith("event: "):
            message["event"] = line[7:]
        elif line.startswith("data: "):
            message["data"] = json.loads(line[6:])
        elif line.startswith("retry: "):
            message["retry"] = int(line[7:])
