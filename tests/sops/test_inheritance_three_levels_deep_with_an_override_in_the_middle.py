"""A seat works by its own SOPs and every ancestor's, nearest first; a nearer key overrides."""
from __future__ import annotations

from otp.sops.inherit import effective_sops
from tests.sops.kit import chain, edit, effective, keys_and_sources, own, sop


def test_the_leaf_sees_its_own_then_the_middle_override_then_the_root(org):
    root, middle, leaf = chain(org, "Head of Delivery", "Writer")
    sop(org, root, "escalate")
    root_report = sop(org, root, "report", title="Report weekly (company)")
    middle_report = sop(org, middle, "report", title="Report weekly (delivery)")
    sop(org, leaf, "draft")
    items = effective(org, leaf)
    assert keys_and_sources(items) == [("draft", "Writer"), ("report", "Head of Delivery"), ("escalate", "CEO")]
    assert [i["inherited"] for i in items] == [False, True, True]
    assert items[1]["id"] == middle_report["id"] and items[1]["title"] == "Report weekly (delivery)"
    assert items[1]["overrides"] == [{"sop_id": root_report["id"], "seat_id": root["id"], "version": 1}]


def test_each_level_sees_only_what_is_at_or_above_it(org):
    root, middle, leaf = chain(org, "Middle", "Leaf")
    sop(org, root, "report")
    sop(org, middle, "report")
    sop(org, leaf, "draft")
    assert keys_and_sources(effective(org, root)) == [("report", "CEO")]
    assert keys_and_sources(effective(org, middle)) == [("report", "Middle")]
    assert keys_and_sources(own(org, leaf)) == [("draft", "Leaf")]


def test_results_carry_the_source_version_and_follow_edits(org):
    root, middle, leaf = chain(org, "Middle", "Leaf")
    escalate = sop(org, root, "escalate")
    edit(org, escalate["id"], steps=["Raise an issue", "Tell the seat above"])
    [item] = effective(org, leaf)
    assert (item["version"], item["source_seat_id"], item["steps"][0]) == (2, root["id"], "Raise an issue")


def test_archiving_the_middle_override_brings_the_root_version_back(org):
    root, middle, leaf = chain(org, "Middle", "Leaf")
    sop(org, root, "report")
    override = sop(org, middle, "report")
    org.ok("DELETE", f"/api/v1/sops/{override['id']}")
    assert keys_and_sources(effective(org, leaf)) == [("report", "CEO")]


def test_the_service_reads_any_depth_in_order(org, db):
    seats = chain(org, *[f"Level {n}" for n in range(1, 7)])
    for n, seat in enumerate(seats):
        sop(org, seat, f"sop-{n}")
    with db.read() as s:
        result = effective_sops(s, org.org_id, seats[-1]["id"])
    assert [e.key for e in result] == [f"sop-{n}" for n in range(6, -1, -1)]
    assert [e.depth for e in result] == list(range(7))
