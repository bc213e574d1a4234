"""After N consecutive failures (organization setting webhook_max_failures) the subscription is
disabled and that is recorded; re-enabling resumes at the cursor with nothing lost."""
from __future__ import annotations

from otp.core import clock
from tests.outbox.kit import Receiver, deliver, hook, log, poke, row


def test_disabled_after_the_configured_failures_then_re_enabled(org, db):
    clock.freeze(clock.now())
    org.root()
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"webhook_max_failures": 3}})
    with Receiver([500, 500, 500]) as rx:
        created = hook(org, rx.url)
        [seq] = poke(org)
        for _ in range(5):
            deliver(org)
            clock.advance(row(db, created["id"]).next_attempt_at - clock.now())
        assert len(rx.requests) == 3
        sub = row(db, created["id"])
        assert not sub.active and "3 consecutive failed deliveries" in sub.disabled_reason
        [event] = org.events("webhook.disabled")
        assert event.actor_kind == "system" and event.payload["failures"] == 3
        assert org.ok("GET", f"/api/v1/webhooks/{created['id']}")["active"] is False
        org.ok("PATCH", f"/api/v1/webhooks/{created['id']}", {"active": True})
        assert deliver(org) >= 1
    assert rx.seqs()[3] == seq and row(db, created["id"]).failure_count == 0
    assert [d.attempt for d in log(db, created["id"])][:4] == [1, 2, 3, 1]
