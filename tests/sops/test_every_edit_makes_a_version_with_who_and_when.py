"""Every content change makes a new version holding the full content, who made it and when."""
from __future__ import annotations

from tests.sops.kit import chain, edit, sop


def test_two_edits_make_three_versions_with_full_content_and_author(org):
    [root] = chain(org)
    created = sop(org, root, "ship", steps=["Check the brief"])
    edit(org, created["id"], steps=["Check the brief", "Run QA"])
    edit(org, created["id"], notes="After the March mix-up")
    versions = org.ok("GET", f"/api/v1/sops/{created['id']}/versions")
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert versions[0]["content"]["steps"] == ["Check the brief"]
    assert versions[2]["content"]["notes"] == "After the March mix-up"
    assert versions[2]["content"]["steps"] == ["Check the brief", "Run QA"]
    assert all(v["actor"] == {"kind": "person", "id": org.owner_id} for v in versions)
    assert versions[0]["created_at"] <= versions[2]["created_at"]
    assert org.ok("GET", f"/api/v1/sops/{created['id']}")["version"] == 3


def test_each_change_records_one_event_and_a_no_op_records_none(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    before = org.event_count()
    edit(org, created["id"], title="Ship it")
    edit(org, created["id"], title="Ship it")
    assert org.event_count() == before + 1
    [event] = org.events("sop.updated")
    assert event.payload == {"seat_id": root["id"], "key": "ship", "version": 2, "changes": {"title": "Ship it"}}


def test_archive_and_restore_keep_the_history(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    org.ok("DELETE", f"/api/v1/sops/{created['id']}")
    assert org.ok("GET", f"/api/v1/seats/{root['id']}/sops") == []
    restored = edit(org, created["id"], archived=False)
    # Restoring is a version of its own (same content), so the seats below see the SOP come back.
    assert restored["archived"] is False and restored["version"] == 2
    versions = org.ok("GET", f"/api/v1/sops/{created['id']}/versions")
    assert [v["number"] for v in versions] == [1, 2] and versions[0]["content"] == versions[1]["content"]
    assert [e.action for e in org.events() if e.entity_type == "sop"] == ["sop.created", "sop.archived", "sop.restored"]
    assert org.events("sop.restored")[-1].payload["version"] == 2
