from datetime import timedelta

from otp.core import clock
from otp.governance.jobs import escalation_sla
from tests.governance_runtime.kit import chart, escalations, inbox, later


def test_an_unanswered_escalation_climbs_one_seat_per_sla_up_to_the_top_and_stays(org, db):
    c = chart(org)
    clock.freeze(clock.now())
    created = org.ok("POST", "/api/v1/escalations", {"reason": "Client threatens to churn", "urgency": "high",
                                                     "needed": "A call today"}, token=c.agent_token, status=201)
    assert created["holder_seat_id"] == c.lead["id"] and created["holder_person_id"] == c.member["id"]
    holders = [created["holder_seat_id"]]
    for _ in range(4):
        later(3.9)  # inside the 4-hour SLA of 'high': nothing moves
        escalation_sla(db, clock.now())
        assert escalations(db, org.org_id)[0].holder_seat_id == holders[-1]
        later(0.2)
        escalation_sla(db, clock.now())
        holders.append(escalations(db, org.org_id)[0].holder_seat_id)
    assert holders == [c.lead["id"], c.coo["id"], c.ceo["id"], c.ceo["id"], c.ceo["id"]]
    [esc] = escalations(db, org.org_id)
    assert esc.hops == 2 and esc.at_top and esc.path == [c.lead["id"], c.coo["id"], c.ceo["id"]]
    assert len(org.events("escalation.climbed")) == 2
    assert len(inbox(db, "person", c.admin["id"], "escalation")) == 1
    assert len(inbox(db, "person", org.owner_id, "escalation")) == 1


def test_resolving_records_the_resolution_and_stops_the_climb(org, db):
    c = chart(org)
    esc = org.ok("POST", "/api/v1/escalations", {"reason": "Stuck"}, token=c.agent_token, status=201)
    out = org.ok("POST", f"/api/v1/escalations/{esc['id']}/resolve", {"resolution": "Unblocked"},
                 token=org.token_for(person=c.member))
    assert out["state"] == "resolved" and out["resolution"] == "Unblocked"
    later(100)
    escalation_sla(db, clock.now())
    assert escalations(db, org.org_id)[0].hops == 0
    again = org.post(f"/api/v1/escalations/{esc['id']}/resolve", {"resolution": "Twice"})
    assert again.status_code == 409


def test_urgency_must_be_one_of_the_four(org):
    c = chart(org)
    before = org.event_count()
    response = org.post("/api/v1/escalations", {"reason": "x", "urgency": "panic"}, token=c.agent_token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "urgency"
    assert org.event_count() == before


def test_the_respond_by_time_comes_from_the_organization_settings(org, db):
    c = chart(org)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"escalation_sla_hours": {"low": 2}}})
    clock.freeze(clock.now())
    esc = org.ok("POST", "/api/v1/escalations", {"reason": "Slow", "urgency": "low"}, token=c.agent_token, status=201)
    assert escalations(db, org.org_id)[0].respond_by == clock.now() + timedelta(hours=2)
    assert esc["urgency"] == "low"


def test_an_escalation_may_link_what_it_is_about(org, db):
    c = chart(org)
    rock = org.ok("POST", "/api/v1/outcomes", {"title": "Win Acme", "definition_of_done": "Signed",
                                               "owner_seat_id": c.worker["id"]}, status=201)
    link = {"type": "outcome", "id": rock["id"]}
    org.ok("POST", "/api/v1/escalations", {"reason": "Rock at risk", "link": link}, token=c.agent_token, status=201)
    [esc] = escalations(db, org.org_id)
    assert (esc.link_type, esc.link_id) == ("outcome", rock["id"])
    half = org.post("/api/v1/escalations", {"reason": "x", "link": {"type": "outcome"}}, token=c.agent_token)
    assert half.status_code == 422 and half.json()["error"]["field"] == "link.id"
