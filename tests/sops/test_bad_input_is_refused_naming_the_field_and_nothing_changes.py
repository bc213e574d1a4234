"""Bad input answers 4xx naming the field to fix, and leaves no SOP, version or event behind."""
from __future__ import annotations

import pytest

from tests.sops.kit import STEPS, chain, sop


@pytest.mark.parametrize("body, field", [
    ({"key": "Not A Slug", "title": "T", "steps": STEPS}, "key"),
    ({"key": "k", "title": "", "steps": STEPS}, "title"),
    ({"key": "k", "title": "T", "steps": []}, "steps"),
    ({"key": "k", "title": "T", "steps": ["   "]}, "steps.0"),
    ({"key": "k", "title": "T", "steps": STEPS, "tools": ["x"] * 21}, "tools"),
    ({"key": "k", "title": "T"}, "steps"),
    ({"key": "k", "title": "T", "steps": STEPS, "owner": "me"}, "owner"),
])
def test_a_bad_create_changes_nothing(org, body, field):
    [root] = chain(org)
    before = org.event_count()
    response = org.post(f"/api/v1/seats/{root['id']}/sops", json=body)
    assert response.status_code == 422 and response.json()["error"]["field"] == field
    assert org.event_count() == before and org.ok("GET", f"/api/v1/seats/{root['id']}/sops") == []


def test_a_duplicate_key_on_the_same_seat_is_a_conflict_naming_key(org):
    [root] = chain(org)
    sop(org, root, "ship")
    before = org.event_count()
    response = org.post(f"/api/v1/seats/{root['id']}/sops", json={"key": "ship", "title": "Again", "steps": STEPS})
    assert response.status_code == 409 and response.json()["error"]["field"] == "key"
    assert org.event_count() == before


def test_a_bad_edit_changes_nothing_and_the_key_is_read_only(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    before = org.event_count()
    for body, field in [({"steps": []}, "steps"), ({"key": "other"}, "key"), ({"title": None}, "title")]:
        response = org.call("PATCH", f"/api/v1/sops/{created['id']}", json=body)
        assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text
    assert org.event_count() == before and org.ok("GET", f"/api/v1/sops/{created['id']}")["version"] == 1


def test_unknown_seats_and_sops_are_404s_naming_them(org):
    chain(org)
    response = org.post("/api/v1/seats/seat_nope/sops", json={"key": "k", "title": "T", "steps": STEPS})
    assert response.status_code == 404 and response.json()["error"]["field"] == "seat_id"
    response = org.call("PATCH", "/api/v1/sops/sop_nope", json={"title": "T"})
    assert response.status_code == 404 and response.json()["error"]["field"] == "sop_id"


def test_another_organizations_sop_is_invisible(org, db, client):
    from tests.helpers import OrgKit
    [root] = chain(org)
    created = sop(org, root, "ship")
    other = OrgKit.create(db, client)
    assert other.get(f"/api/v1/sops/{created['id']}").status_code == 404
    assert other.get(f"/api/v1/seats/{root['id']}/sops").status_code == 404


def test_editing_an_archived_sop_asks_to_restore_it_first(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    org.ok("DELETE", f"/api/v1/sops/{created['id']}")
    response = org.call("PATCH", f"/api/v1/sops/{created['id']}", json={"title": "New"})
    assert response.status_code == 409 and response.json()["error"]["field"] == "archived"
