"""sop_changes_since: the SOP versions a seat works by that changed after a time (for briefings)."""
from __future__ import annotations

from datetime import timedelta

from otp.core import clock
from otp.sops.inherit import sop_changes_since
from tests.sops.kit import chain, edit, sop


def changes(db, org, seat, since):
    with db.read() as s:
        return [(c.key, c.change, c.previous_version, c.version, c.source_seat_id)
                for c in sop_changes_since(s, org.org_id, seat["id"], since)]


def test_edits_above_and_new_sops_show_and_overridden_ones_do_not(org, db):
    clock.freeze(clock.now())
    root, middle, leaf = chain(org, "Middle", "Leaf")
    escalate = sop(org, root, "escalate")
    root_report = sop(org, root, "report")
    sop(org, middle, "report")
    clock.advance(timedelta(hours=1))
    since = clock.now()
    clock.advance(timedelta(minutes=1))
    edit(org, escalate["id"], title="Escalate v2")
    edit(org, escalate["id"], title="Escalate v3")
    edit(org, root_report["id"], title="Overridden below, so irrelevant")
    clock.advance(timedelta(minutes=1))
    sop(org, leaf, "draft")
    assert changes(db, org, leaf, since) == [("escalate", "edited", 1, 3, root["id"]),
                                             ("draft", "created", None, 1, leaf["id"])]
    assert changes(db, org, leaf, clock.now()) == []


def test_an_archived_override_is_reported_as_withdrawn(org, db):
    clock.freeze(clock.now())
    root, middle, leaf = chain(org, "Middle", "Leaf")
    sop(org, root, "report")
    override = sop(org, middle, "report")
    since = clock.now()
    clock.advance(timedelta(minutes=1))
    org.ok("DELETE", f"/api/v1/sops/{override['id']}")
    assert changes(db, org, leaf, since) == [("report", "archived", 1, 1, middle["id"])]


def test_a_restored_sop_shows_as_a_new_version_in_force(org, db):
    clock.freeze(clock.now())
    root, middle, leaf = chain(org, "Middle", "Leaf")
    sop(org, root, "report")
    override = sop(org, middle, "report")
    org.ok("DELETE", f"/api/v1/sops/{override['id']}")
    clock.advance(timedelta(minutes=1))
    since = clock.now()
    clock.advance(timedelta(minutes=1))
    edit(org, override["id"], archived=False)
    assert changes(db, org, leaf, since) == [("report", "edited", 1, 2, middle["id"])]
