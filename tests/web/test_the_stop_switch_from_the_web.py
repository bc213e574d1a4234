"""The stop switch on /agents: pausing needs a reason (shown next to the field, nothing changes),
the banner says who and why, and resuming brings the agents back."""
from tests.web.agents_kit import org_row
from tests.web.kit import web


def test_pausing_all_agents_shows_who_and_why_until_someone_resumes(demo_db):
    with web(demo_db) as k:
        assert k.post("/agents/pause-all", {"reason": "Client data incident"}).status_code == 303
        page = k.get("/agents").text
        assert "All agents are paused" in page and "“Client data incident”" in page and "Maya Chen" in page
        assert ">stopped</span>" in page
        assert k.post("/agents/resume-all", {"reason": "Cleared"}).status_code == 303
        assert org_row(k).agents_paused_at is None and "All agents are paused" not in k.get("/agents").text
        assert k.events("organization.agents_paused") == k.events("organization.agents_resumed") == 1


def test_pausing_without_a_reason_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        before = k.events()
        response = k.post("/agents/pause-all", {"reason": " "})
        assert response.status_code == 422 and 'id="err-switch-reason"' in response.text
        assert org_row(k).agents_paused_at is None and k.events() == before
