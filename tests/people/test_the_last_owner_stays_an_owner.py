"""Roles change through one rule: only an owner makes or demotes an owner, and the last active
owner can be neither demoted nor deactivated."""
from __future__ import annotations


def test_the_last_owner_cannot_be_demoted_or_deactivated(people, org):
    second = people.member(role="admin")
    admin = org.token_for(person={"id": second["id"]}, scopes=["read", "write", "admin"])
    demote = org.call("PUT", f"/api/v1/people/{org.owner_id}/role", {"role": "admin"})
    assert demote.status_code == 409 and demote.json()["error"]["field"] == "role"
    deactivate = org.post(f"/api/v1/people/{org.owner_id}/deactivate", {}, token=admin)
    assert deactivate.status_code == 403  # an admin may not deactivate an owner at all
    assert org.ok("GET", f"/api/v1/people/{org.owner_id}")["role"] == "owner"


def test_a_role_change_is_recorded_once_and_a_no_op_records_nothing(people, org):
    person = people.member(role="member")
    assert org.ok("PUT", f"/api/v1/people/{person['id']}/role", {"role": "observer"})["role"] == "observer"
    before = org.event_count()
    org.ok("PUT", f"/api/v1/people/{person['id']}/role", {"role": "observer"})
    assert org.event_count() == before
    [event] = org.events("person.role_changed")
    assert event.payload == {"from": "member", "to": "observer"}


def test_with_a_second_owner_the_first_can_step_down(people, org):
    person = people.member(role="member")
    org.ok("PUT", f"/api/v1/people/{person['id']}/role", {"role": "owner"})
    assert org.ok("PUT", f"/api/v1/people/{org.owner_id}/role", {"role": "admin"})["role"] == "admin"
