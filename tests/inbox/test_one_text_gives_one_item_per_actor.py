from otp.inbox.mentions import MAX_MENTIONS
from tests.inbox.kit import mentions, recipients
from tests.work.kit import team


def test_the_same_seat_mentioned_in_both_forms_and_both_fields_gives_one_item(org):
    t = team(org)
    org.ok("POST", "/api/v1/issues", {"title": "@lead churn is up", "owner_seat_id": t.ceo["id"],
                                      "details": "@[Lead] again, and @LEAD once more, @[ lead ]."}, status=201)
    assert recipients(org) == [t.ann["id"]]


def test_two_seats_held_by_one_person_give_that_person_one_item(org):
    t = team(org)
    org.seat("Sales", parent=t.ceo["id"], holder=t.ann)
    org.ok("POST", "/api/v1/todos", {"title": "@lead and @sales: one call", "owner_seat_id": t.ceo["id"]}, status=201)
    [item] = mentions(org)
    assert item.recipient_id == t.ann["id"] and "@[Lead]" in item.title


def test_a_title_shared_by_two_seats_reaches_both_occupants(org):
    t = team(org)
    bea, cal = org.person("Bea Rep"), org.person("Cal Rep")
    org.seat("Account manager", parent=t.ceo["id"], holder=bea)
    org.seat("Account manager", parent=t.ceo["id"], holder=cal)
    org.ok("POST", "/api/v1/headlines", {"kind": "customer", "text": "Renewals are in, @account-manager"}, status=201)
    assert recipients(org) == sorted([bea["id"], cal["id"]])


def test_only_the_first_mentions_of_a_text_count(org):
    t = team(org)
    people = [org.person(f"P{i} Person") for i in range(MAX_MENTIONS + 2)]
    for i, p in enumerate(people):
        org.seat(f"Seat {i}", parent=t.ceo["id"], holder=p)
    details = " ".join(f"@seat-{i}" for i in range(len(people)))
    org.ok("POST", "/api/v1/issues", {"title": "Everyone", "details": details, "owner_seat_id": t.ceo["id"]}, status=201)
    assert recipients(org) == sorted(p["id"] for p in people[:MAX_MENTIONS])
