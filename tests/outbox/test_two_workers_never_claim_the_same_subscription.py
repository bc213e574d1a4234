"""Claims are atomic: workers racing for due subscriptions get disjoint sets."""
from __future__ import annotations

import threading

from otp.core import clock
from otp.outbox import delivery
from tests.outbox.kit import CLOSED_PORT_URL, hook, poke


def test_racing_workers_get_disjoint_claims(org, db):
    clock.freeze(clock.now())
    ids = {hook(org, CLOSED_PORT_URL)["id"] for _ in range(6)}
    poke(org)
    claims: dict[str, list[str]] = {}
    barrier = threading.Barrier(4)

    def work(name: str) -> None:
        barrier.wait()
        claims[name] = delivery.claim(db, clock.now(), name, limit=3, org_id=org.org_id)

    threads = [threading.Thread(target=work, args=(f"wrk_{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    taken = [i for got in claims.values() for i in got]
    assert len(taken) == len(set(taken)) == 6 and set(taken) == ids
    for sub_id in ids:  # leave nothing leased to a worker that will never come back
        delivery._release(db, sub_id, next(n for n, got in claims.items() if sub_id in got), 0)
