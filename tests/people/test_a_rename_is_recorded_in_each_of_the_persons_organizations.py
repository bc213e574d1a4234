"""A person's name is one for all their organizations, so a rename made in one is recorded in the
chain of each: the others' logs and webhooks learn the new name, from the organization's system,
without learning who renamed them or where. A role change stays in its own organization."""
from __future__ import annotations

from otp.core.ids import new_id
from otp.events.service import verify_chain
from otp.org.models import Membership
from tests.helpers import OrgKit


def _also_member_of(db, other: OrgKit, person_id: str) -> None:
    with db.write() as s:
        s.add(Membership(id=new_id("mem"), org_id=other.org_id, person_id=person_id, role="member"))


def test_a_rename_in_one_organization_is_recorded_in_the_other_too(org, db, client):
    other, third = OrgKit.create(db, client), OrgKit.create(db, client)
    pat = org.person("Pat Okonkwo")
    _also_member_of(db, other, pat["id"])
    org.ok("PATCH", f"/api/v1/people/{pat['id']}", {"name": "Pat Zimmer"})

    [here] = org.events("person.updated")
    assert here.payload == {"name": "Pat Zimmer"} and here.actor_kind == "person"
    [there] = other.events("person.updated")
    assert there.entity_id == pat["id"] and there.payload == {"name": "Pat Zimmer"}
    assert there.actor_kind == "system" and org.org_id not in str(there.payload)
    assert third.events("person.updated") == []  # not a member there: nothing recorded
    with db.read() as s:
        assert verify_chain(s, other.org_id) is None


def test_a_role_change_is_recorded_only_where_it_was_made(org, db, client):
    other = OrgKit.create(db, client)
    pat = org.person("Pat Okonkwo")
    _also_member_of(db, other, pat["id"])
    org.ok("PATCH", f"/api/v1/people/{pat['id']}", {"role": "admin"})
    assert [e.payload for e in org.events("person.updated")] == [{"role": "admin"}]
    assert other.events("person.updated") == []
