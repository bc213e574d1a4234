"""16 HTTP writers against a real `otp serve` process; the process is killed with SIGKILL in the
middle of the load. After a restart every to-do whose POST got a 2xx is there, with its event,
and the organization's event chain verifies: an acknowledged write is a committed write."""
from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest
from sqlalchemy import select

from otp.events.models import Event
from otp.events.service import verify_chain
from otp.work.models import Todo
from tests.agentface.kit import served, start_serve

WRITERS = 16
ACKNOWLEDGED_BEFORE_THE_KILL = 150


def hammer(base: str, token: str, seat_id: str, writer: int, stop: threading.Event, acked: dict[str, str]) -> None:
    """POST to-dos until stopped or the server is gone; keep the id of every 2xx."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
        i = 0
        while not stop.is_set():
            i += 1
            title = f"Writer {writer} to-do {i}"
            try:
                r = http.post("/api/v1/todos", json={"title": title, "owner_seat_id": seat_id})
            except httpx.HTTPError:
                return  # the server died under us: this write was never acknowledged
            if 200 <= r.status_code < 300:
                acked[r.json()["id"]] = title
            else:
                assert r.status_code >= 500, r.text  # nothing here may be refused as bad input


@pytest.mark.slow
def test_every_acknowledged_write_survives_a_kill_9_under_16_concurrent_writers(org, db, database_url, tmp_path):
    seat_id = org.root()["id"]
    acked: dict[str, str] = {}
    stop = threading.Event()
    proc, base = start_serve(database_url, tmp_path)
    writers = [threading.Thread(target=hammer, args=(base, org.token, seat_id, n, stop, acked))
               for n in range(WRITERS)]
    try:
        for w in writers:
            w.start()
        deadline = time.monotonic() + 120
        while len(acked) < ACKNOWLEDGED_BEFORE_THE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)  # mid-load: writers are in flight
        proc.wait(timeout=30)
    finally:
        stop.set()
        for w in writers:
            w.join(timeout=60)
        if proc.poll() is None:
            proc.kill()
    assert len(acked) >= ACKNOWLEDGED_BEFORE_THE_KILL

    with served(database_url, tmp_path) as base:  # restarted: it opens and migrates the same database
        r = httpx.get(f"{base}/api/v1/health", timeout=30)
        assert r.status_code == 200
    with db.read() as s:
        stored = dict(s.execute(select(Todo.id, Todo.title).where(Todo.org_id == org.org_id)).all())
        created = set(s.execute(select(Event.entity_id).where(Event.org_id == org.org_id,
                                                              Event.action == "todo.created")).scalars())
        assert verify_chain(s, org.org_id) is None
    assert {i: stored.get(i) for i in acked} == acked
    assert set(acked) <= created
