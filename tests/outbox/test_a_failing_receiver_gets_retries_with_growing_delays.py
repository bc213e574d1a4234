"""A receiver that fails three times is retried with growing delays (never early), then succeeds,
and the cursor advances past exactly what it confirmed — in seq order."""
from __future__ import annotations

from datetime import timedelta

from standardwebhooks.webhooks import Webhook

from otp.core import clock
from tests.outbox.kit import Receiver, deliver, hook, log, poke, row


def test_three_failures_then_success(org, db):
    clock.freeze(clock.now())
    org.root()
    with Receiver([500, 503, 500]) as rx:
        created = hook(org, rx.url)
        first, second = poke(org, 2)
        assert deliver(org) == 0
        delays = []
        for attempt in (2, 3, 4):
            delay = row(db, created["id"]).next_attempt_at - clock.now()
            delays.append(delay)
            clock.advance(delay - timedelta(seconds=1))
            assert deliver(org) == 0 and len(rx.requests) == attempt - 1  # not yet due
            clock.advance(timedelta(seconds=1))
            deliver(org)
            assert len(rx.requests) == attempt + (attempt == 4)  # the 4th try succeeds; the next event follows
        assert delays[0] < delays[1] < delays[2]
    assert rx.seqs() == [first, first, first, first, second]
    assert len({h["webhook-id"] for h, _ in rx.requests[:4]}) == 1  # a retry is the same message
    Webhook(created["secret"]).verify(rx.requests[-1][1], rx.requests[-1][0])
    sub = row(db, created["id"])
    assert (sub.cursor_seq, sub.failure_count, sub.active) == (second, 0, True)
    assert [(d.event_seq, d.attempt, d.success, d.status_code) for d in log(db, created["id"])] == [
        (first, 1, False, 500), (first, 2, False, 503), (first, 3, False, 500), (first, 4, True, 200),
        (second, 1, True, 200)]
