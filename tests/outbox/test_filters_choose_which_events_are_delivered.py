"""Only events matching a subscription's action patterns are sent; the cursor still moves past
the others, so they are never looked at again."""
from __future__ import annotations

from tests.outbox.kit import Receiver, deliver, hook, poke, row


def test_a_family_filter_sends_only_that_family(org, db):
    org.root()
    with Receiver() as rx:
        created = hook(org, rx.url, filters=["test.kept.*", "test.exact"])
        poke(org, 2, action="test.dropped")
        kept = poke(org, 1, action="test.kept.one") + poke(org, 1, action="test.exact")
        last = poke(org, 1, action="test.dropped")[0]
        assert deliver(org) == 2
    assert rx.seqs() == kept
    assert row(db, created["id"]).cursor_seq == last
    assert deliver(org) == 0
