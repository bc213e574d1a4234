"""Issues, escalations and headlines that name something (linked_type/linked_id, link_type/link_id,
meeting_id) must name an existing thing of the agent's own organization: a link to nothing is a
tool error naming the field, and nothing is written."""
import pytest

from tests.agentface.kit import call, world


def refused_naming(org, answer: dict, field: str, events_before: int) -> None:
    assert answer.get("is_error"), answer
    assert field in answer["text"], answer
    assert org.event_count() == events_before


def test_an_issue_linked_to_an_unknown_type_or_a_missing_id_is_refused(org):
    w = world(org, level=3)
    before = org.event_count()
    refused_naming(org, call(org, w.token, "raise_issue", title="Late", linked_type="bogus", linked_id="x"),
                   "linked_type", before)
    refused_naming(org, call(org, w.token, "raise_issue", title="Late", linked_type="outcome", linked_id="out_nope"),
                   "linked_id", before)
    refused_naming(org, call(org, w.token, "raise_issue", title="Late", linked_type="outcome"), "linked_id", before)
    refused_naming(org, call(org, w.token, "raise_issue", title="Late", linked_id="out_nope"), "linked_type", before)


def test_an_issue_linked_to_a_real_outcome_is_raised_with_the_link(org):
    w = world(org, level=3)
    outcome = w.outcome()
    answer = call(org, w.token, "raise_issue", title="Late", linked_type="outcome", linked_id=outcome["id"])
    assert answer["status"] == "done"
    issue = org.ok("GET", f"/api/v1/issues/{answer['result']['issue_id']}")
    assert issue["linked"] == {"type": "outcome", "id": outcome["id"]}


def test_an_escalation_about_nothing_is_refused(org):
    w = world(org, level=3)
    before = org.event_count()
    refused_naming(org, call(org, w.token, "escalate", reason="Stuck", link_type="bogus", link_id="x"),
                   "link_type", before)
    refused_naming(org, call(org, w.token, "escalate", reason="Stuck", link_type="issue", link_id="iss_nope"),
                   "link_id", before)
    outcome = w.outcome()
    assert call(org, w.token, "escalate", reason="Stuck", link_type="outcome", link_id=outcome["id"])["status"] == "done"


def test_a_headline_for_a_meeting_that_does_not_exist_is_refused(org):
    w = world(org, level=3)
    before = org.event_count()
    refused_naming(org, call(org, w.token, "post_headline", text="Big win", meeting_id="mtg_nope"), "meeting_id",
                   before)


@pytest.mark.parametrize("path,body,status,field", [
    ("/api/v1/issues", {"title": "Late", "linked_type": "outcome", "linked_id": "out_nope"}, 404, "linked_id"),
    ("/api/v1/todos", {"title": "Call", "linked_type": "issue", "linked_id": "iss_nope"}, 404, "linked_id"),
    ("/api/v1/todos", {"title": "Call", "linked_type": "issue"}, 422, "linked_id"),
    ("/api/v1/escalations", {"reason": "Stuck", "link": {"type": "todo", "id": "todo_nope"}}, 404, "link_id"),
])
def test_rest_refuses_a_link_to_nothing_naming_the_field(org, path, body, status, field):
    w = world(org, level=3)
    if "owner_seat_id" not in body and path != "/api/v1/escalations":
        body = {**body, "owner_seat_id": w.lead["id"]}
    before = org.event_count()
    response = org.post(path, body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field and org.event_count() == before
