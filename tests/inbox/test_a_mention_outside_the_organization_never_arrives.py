from tests.helpers import OrgKit
from tests.inbox.kit import mentions


def test_a_seat_of_the_same_title_in_another_organization_never_receives_the_mention(org, db, client):
    other = OrgKit.create(db, client)
    other.seat("Finance", holder={"id": other.owner_id}, kind="person")
    fay = org.person("Fay Finance")
    org.seat("Finance", holder=fay)
    org.ok("POST", "/api/v1/headlines", {"kind": "customer", "text": "Acme paid early, thanks @finance"}, status=201)
    assert other.ok("GET", "/api/v1/me/inbox") == []
    assert mentions(other) == []
    assert [i.recipient_id for i in mentions(org)] == [fay["id"]]


def test_a_mention_of_a_seat_that_exists_only_in_another_organization_is_ignored(org, db, client):
    other = OrgKit.create(db, client)
    other.seat("Legal", holder={"id": other.owner_id}, kind="person")
    ceo = org.root()
    response = org.post("/api/v1/issues", {"title": "Contract question for @[Legal]", "owner_seat_id": ceo["id"]})
    assert response.status_code == 201
    assert mentions(other) == [] and mentions(org) == []
