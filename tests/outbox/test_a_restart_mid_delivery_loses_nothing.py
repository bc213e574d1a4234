"""A worker that dies mid-delivery holds a lease that expires; a new worker (new Database object,
as after a restart) then delivers everything from the cursor, in order."""
from __future__ import annotations

from datetime import timedelta

import httpx

from otp.core import clock
from otp.core.db import Database
from otp.outbox import delivery, targets
from tests.outbox.kit import Receiver, deliver, hook, poke, row


def test_an_abandoned_lease_is_taken_over_after_it_expires(org, db):
    clock.freeze(clock.now())
    org.root()
    with Receiver() as rx:
        created = hook(org, rx.url)
        seqs = poke(org, 3)
        assert delivery.claim(db, clock.now(), "wrk_dead", org_id=org.org_id) == [created["id"]]
        restarted = Database(db.url)
        try:
            assert deliver(org, restarted) == 0 and rx.requests == []  # the lease still holds
            clock.advance(delivery.LEASE + timedelta(seconds=1))
            assert deliver(org, restarted) == 3
        finally:
            restarted.dispose()
    assert rx.seqs() == seqs and row(db, created["id"]).cursor_seq == seqs[-1]


def test_a_message_sent_before_the_crash_is_sent_again_not_lost(org, db):
    clock.freeze(clock.now())
    org.root()
    with Receiver() as rx:
        created = hook(org, rx.url)
        seqs = poke(org, 2)
        delivery.claim(db, clock.now(), "wrk_dead", org_id=org.org_id)
        with db.read() as s:
            messages, _ = delivery._pending(s, s.get(delivery.Sub, created["id"]))
        with httpx.Client() as client:  # the dead worker got its POST out, then died before recording it
            delivery._post(client, targets.pin(rx.url), created["secret"], messages[0])
        clock.advance(delivery.LEASE + timedelta(seconds=1))
        assert deliver(org) == 2
    assert rx.seqs() == [seqs[0], seqs[0], seqs[1]]  # at least once, in order
    assert rx.requests[0][0]["webhook-id"] == rx.requests[1][0]["webhook-id"]  # so the receiver can dedupe
