"""Bad or unauthorized switching changes nothing: a member, an observer or an agent is refused,
a missing reason is a 422 naming it, pausing twice or resuming when running is a 409."""
from tests.stop_switch.kit import org_row, pause_all, resume_all, stoppable


def test_a_member_an_observer_and_an_agent_may_not_pause_all_agents(org):
    w = stoppable(org)
    for role in ("member", "observer"):
        token = org.token_for(person=org.person(f"Sam {role}", role=role))
        assert pause_all(org, token=token).status_code == 403
    assert pause_all(org, token=w.token).status_code == 403
    assert org_row(org).agents_paused_at is None and not org.events("organization.agents_paused")


def test_an_admin_pauses_and_resumes_all_agents(org):
    admin = org.person("Ada Admin", role="admin")
    token = org.token_for(person=admin, scopes=["read", "write", "admin"])
    assert pause_all(org, token=token).status_code == 200
    assert org_row(org).agents_paused_by == admin["id"]
    assert resume_all(org, token=token).status_code == 200


def test_pausing_without_a_reason_is_a_422_naming_the_reason_and_changes_nothing(org):
    before = org.event_count()
    response = org.post("/api/v1/org/agents/pause", {"reason": "   "})
    assert response.status_code == 422 and response.json()["error"]["field"] == "reason"
    assert org.post("/api/v1/org/agents/pause", {}).json()["error"]["field"] == "reason"
    assert org.event_count() == before and org_row(org).agents_paused_at is None


def test_pausing_twice_or_resuming_when_running_is_a_409_and_changes_nothing(org):
    assert resume_all(org).status_code == 409
    pause_all(org, "First")
    before = org.event_count()
    second = pause_all(org, "Second")
    assert second.status_code == 409 and "First" in second.json()["error"]["message"]
    assert org.event_count() == before and org_row(org).agents_paused_reason == "First"
