"""A person who holds seats is deactivated only with a choice, as deleting a seat that owns work
is: `reassign_to` someone who takes every seat, or `vacate` (the seats stay, visibly vacant).
Without one: 409 naming the seats, nothing changed."""
from __future__ import annotations


def _holder(people, org):
    person = people.member()
    root = org.root()
    seats = [org.seat(title, parent=root["id"], holder={"id": person["id"]}, kind="person")
             for title in ("Sales", "Support")]
    return person, seats


def test_without_a_choice_it_is_refused_naming_the_seats(people, org):
    person, seats = _holder(people, org)
    before = org.event_count()
    response = org.post(f"/api/v1/people/{person['id']}/deactivate", {})
    assert response.status_code == 409 and response.json()["error"]["field"] == "reassign_to"
    assert "Sales" in response.json()["error"]["message"] and "Support" in response.json()["error"]["message"]
    assert org.event_count() == before
    assert org.ok("GET", f"/api/v1/people/{person['id']}")["status"] == "active"


def test_vacate_leaves_the_seats_vacant_on_the_chart(people, org):
    person, seats = _holder(people, org)
    org.ok("POST", f"/api/v1/people/{person['id']}/deactivate", {"vacate": True})
    chart = {s["id"]: s for s in org.chart()}
    assert all(chart[s["id"]]["occupant"] is None for s in seats)
    assert len(org.events("seat.vacated")) == 2


def test_reassign_to_hands_every_seat_to_the_new_holder(people, org):
    person, seats = _holder(people, org)
    successor = people.member()
    org.ok("POST", f"/api/v1/people/{person['id']}/deactivate", {"reassign_to": f"person:{successor['id']}"})
    chart = {s["id"]: s for s in org.chart()}
    assert all(chart[s["id"]]["occupant"]["id"] == successor["id"] for s in seats)


def test_both_choices_at_once_or_a_bad_holder_are_refused(people, org):
    person, _ = _holder(people, org)
    both = org.post(f"/api/v1/people/{person['id']}/deactivate", {"vacate": True, "reassign_to": "agent:x"})
    assert both.status_code == 422 and both.json()["error"]["field"] == "reassign_to"
    nobody = org.post(f"/api/v1/people/{person['id']}/deactivate", {"reassign_to": "person:per_nobody"})
    assert nobody.status_code == 404 and nobody.json()["error"]["field"] == "id"
    assert org.ok("GET", f"/api/v1/people/{person['id']}")["status"] == "active"
