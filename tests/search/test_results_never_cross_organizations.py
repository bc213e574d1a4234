"""A search sees its own organization only: another organization's seats, people, work and
minutes never appear, not even for the same words."""
from otp.search.models import SearchEntry
from tests.helpers import OrgKit
from tests.search.kit import entries, find


def test_a_second_organization_with_the_same_words_never_leaks(org, db, client):
    other = OrgKit.create(db, client)
    for kit, title in ((org, "Capybara ours"), (other, "Capybara theirs")):
        root = kit.root()
        kit.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": root["id"]}, status=201)
    assert find(org, "capybara") == {"issue": ["Capybara ours"]}
    assert find(other, "capybara") == {"issue": ["Capybara theirs"]}


def test_a_person_in_two_organizations_has_an_entry_in_each_and_leaving_one_keeps_the_other(org, db, client):
    from otp.org.models import Membership
    other = OrgKit.create(db, client)
    pat = org.person("Pat Okonkwo")
    with db.write() as s:
        from otp.core.ids import new_id
        s.add(Membership(id=new_id("mem"), org_id=other.org_id, person_id=pat["id"], role="member"))
    assert find(other, "okonkwo") == {"person": ["Pat Okonkwo"]}
    org.ok("DELETE", f"/api/v1/people/{pat['id']}")
    assert find(org, "okonkwo") == {} and find(other, "okonkwo") == {"person": ["Pat Okonkwo"]}
    assert pat["id"] in entries(other) and SearchEntry.__tablename__
