"""Deleting a seat that still owns work: refused with a 409 that counts the work per kind (and
nothing changes), or, with reassign_to, the work moves to that seat in the same transaction."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from otp.cli.main import app as cli
from tests.helpers import OrgKit
from tests.work.kit import outcome, todo

runner = CliRunner()


@pytest.fixture
def busy(org: OrgKit) -> dict:
    """CEO > Sales (owns an outcome, an issue, two to-dos (one done), a measurable, an SOP and a
    place in a meeting series) and Ops, a sibling that can take the work over."""
    ceo = org.root()
    sales = org.seat("Sales", parent=ceo["id"], holder=org.person("Sam Sales"))
    ops = org.seat("Ops", parent=ceo["id"], holder=org.person("Oli Ops"))
    rock = outcome(org, sales["id"], reviewer_seat_id=ceo["id"])
    issue = org.ok("POST", "/api/v1/issues", {"title": "Churn", "owner_seat_id": sales["id"]}, status=201)
    first, second = todo(org, sales["id"]), todo(org, sales["id"], title="Send the deck")
    org.ok("POST", f"/api/v1/todos/{second['id']}/complete")
    number = org.ok("POST", "/api/v1/measurables", {"title": "Leads", "owner_seat_id": sales["id"], "target": 5},
                    status=201)
    sop = org.ok("POST", f"/api/v1/seats/{sales['id']}/sops",
                 {"key": "weekly-pipeline", "title": "Weekly pipeline", "steps": ["Count the deals"]}, status=201)
    series = org.ok("POST", "/api/v1/meetings/series",
                    {"team": "Leadership", "weekday": 0, "time_of_day": "09:00",
                     "attendee_seat_ids": [ceo["id"], sales["id"]]}, status=201)
    return {"ceo": ceo, "sales": sales, "ops": ops, "rock": rock, "issue": issue, "todos": [first, second],
            "measurable": number, "sop": sop, "series": series}


def owners(org: OrgKit, b: dict) -> dict:
    return {"rock": org.ok("GET", f"/api/v1/outcomes/{b['rock']['id']}")["owner_seat_id"],
            "issue": org.ok("GET", f"/api/v1/issues/{b['issue']['id']}")["owner_seat_id"],
            "todos": [org.ok("GET", f"/api/v1/todos/{t['id']}")["owner_seat_id"] for t in b["todos"]],
            "measurable": org.ok("GET", f"/api/v1/measurables/{b['measurable']['id']}")["owner_seat_id"],
            "sop": org.ok("GET", f"/api/v1/sops/{b['sop']['id']}")["source_seat_id"],
            "attendees": org.ok("GET", f"/api/v1/meetings/series/{b['series']['id']}")["attendee_seat_ids"]}


def test_a_seat_that_owns_work_is_refused_with_counts_per_kind_and_nothing_changes(org, busy):
    before = (org.chart(), org.event_count(), owners(org, busy))
    response = org.call("DELETE", f"/api/v1/seats/{busy['sales']['id']}")
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["field"] == "reassign_to"
    for part in ("1 outcome,", "1 issue,", "2 to-dos (1 open)", "1 measurable,", "1 SOP,", "1 meeting series"):
        assert part in error["message"]
    assert (org.chart(), org.event_count(), owners(org, busy)) == before


def test_the_holdings_endpoint_counts_what_the_seat_owns(org, busy):
    rows = {r["kind"]: r for r in org.ok("GET", f"/api/v1/seats/{busy['sales']['id']}/holdings")}
    assert rows["to-dos"] == {"kind": "to-dos", "total": 2, "open": 1}
    assert {"outcomes", "issues", "measurables", "SOPs", "meeting series"} <= set(rows)
    assert "outcome reviews" in {r["kind"] for r in org.ok("GET", f"/api/v1/seats/{busy['ceo']['id']}/holdings")}
    assert org.ok("GET", f"/api/v1/seats/{busy['ops']['id']}/holdings") == []


def test_reassign_to_hands_every_kind_of_work_over_with_an_event_each(org, busy):
    sales, ops = busy["sales"]["id"], busy["ops"]["id"]
    events = org.event_count()
    org.ok("DELETE", f"/api/v1/seats/{sales}", params={"reassign_to": ops})
    assert owners(org, busy) == {"rock": ops, "issue": ops, "todos": [ops, ops], "measurable": ops, "sop": ops,
                                 "attendees": [busy["ceo"]["id"], ops]}
    assert sales not in {s["id"] for s in org.chart()}
    actions = [e.action for e in org.events()][events:]
    assert sorted(actions) == sorted(["outcome.owner_changed", "issue.updated", "todo.assigned", "todo.assigned",
                                      "measurable.updated", "sop.moved", "meeting_series.updated", "seat.deleted"])
    deleted = org.events("seat.deleted")[-1].payload
    assert deleted["reassigned_to"] == ops and deleted["reassigned"]["to-dos"] == 2


def test_an_unknown_or_the_same_reassign_seat_is_refused_and_nothing_changes(org, busy):
    sales = busy["sales"]["id"]
    before = (org.chart(), org.event_count(), owners(org, busy))
    missing = org.call("DELETE", f"/api/v1/seats/{sales}", params={"reassign_to": "seat_nope"})
    same = org.call("DELETE", f"/api/v1/seats/{sales}", params={"reassign_to": sales})
    foreign = OrgKit.create(org.db, org.client).root()["id"]
    other_org = org.call("DELETE", f"/api/v1/seats/{sales}", params={"reassign_to": foreign})
    assert [(r.status_code, r.json()["error"]["field"]) for r in (missing, same, other_org)] == [
        (404, "reassign_to"), (409, "reassign_to"), (404, "reassign_to")]
    assert (org.chart(), org.event_count(), owners(org, busy)) == before


def test_an_sop_key_the_new_seat_already_has_refuses_the_whole_hand_over(org, busy):
    ops = busy["ops"]["id"]
    org.ok("POST", f"/api/v1/seats/{ops}/sops", {"key": "weekly-pipeline", "title": "Ops pipeline",
                                                  "steps": ["Count"]}, status=201)
    before = (org.chart(), org.event_count(), owners(org, busy))
    response = org.call("DELETE", f"/api/v1/seats/{busy['sales']['id']}", params={"reassign_to": ops})
    assert response.status_code == 409 and response.json()["error"]["field"] == "reassign_to"
    assert "weekly-pipeline" in response.json()["error"]["message"]
    assert (org.chart(), org.event_count(), owners(org, busy)) == before


def test_a_reviewer_that_would_review_itself_falls_back_to_the_owners_manager(org, busy):
    """Ops reviews a Sales rock; Sales is deleted and Ops takes the rock, so Ops cannot stay its reviewer."""
    sales, ops = busy["sales"]["id"], busy["ops"]["id"]
    reviewed = outcome(org, sales, title="Reviewed by Ops", reviewer_seat_id=ops)
    org.ok("DELETE", f"/api/v1/seats/{sales}", params={"reassign_to": ops})
    after = org.ok("GET", f"/api/v1/outcomes/{reviewed['id']}")
    assert after["owner_seat_id"] == ops and after["reviewer_seat_id"] is None


def test_a_deleted_reviewer_seat_hands_its_reviews_over(org, busy):
    ceo, sales, ops = busy["ceo"]["id"], busy["sales"]["id"], busy["ops"]["id"]
    lead = org.seat("Lead", parent=ops)
    reviewed = outcome(org, sales, title="Reviewed by Lead", reviewer_seat_id=lead["id"])
    assert org.call("DELETE", f"/api/v1/seats/{lead['id']}").status_code == 409
    org.ok("DELETE", f"/api/v1/seats/{lead['id']}", params={"reassign_to": ceo})
    assert org.ok("GET", f"/api/v1/outcomes/{reviewed['id']}")["reviewer_seat_id"] == ceo


def test_a_seat_that_owns_nothing_is_deleted_without_reassign_to(org):
    ceo = org.root()
    empty = org.seat("Empty", parent=ceo["id"])
    org.ok("DELETE", f"/api/v1/seats/{empty['id']}")
    assert [s["title"] for s in org.chart()] == ["CEO"]


def test_the_cli_refuses_then_hands_the_work_over(org, busy, database_url):
    sales, ops = busy["sales"]["id"], busy["ops"]["id"]
    base = ["--org", org.slug, "--database-url", database_url]
    held = runner.invoke(cli, ["seat", "holdings", sales, "--json", *base])
    assert held.exit_code == 0, held.output
    assert {r["kind"]: r["total"] for r in json.loads(held.output)}["to-dos"] == 2
    events = org.event_count()
    refused = runner.invoke(cli, ["seat", "delete", sales, *base])
    assert refused.exit_code == 1 and "reassign_to" in refused.output and "2 to-dos" in refused.output
    assert org.event_count() == events
    done = runner.invoke(cli, ["seat", "delete", sales, "--reassign-to", ops, *base])
    assert done.exit_code == 0, done.output
    assert owners(org, busy)["rock"] == ops
