"""Creating an agent from /agents: name, runtime, model, description, a vacant seat and a
budget, in one transaction; bad input is shown next to its field and creates nothing."""
from tests.web.agents_kit import agent_named, seat_row, vacant_seat
from tests.web.kit import web

FORM = {"name": "Pathfinder", "runtime": "claude-code", "model": "claude-sonnet-4",
        "description": "Researches prospects.", "monthly_budget": "120.50"}


def test_the_new_agent_starts_at_level_1_in_its_seat_with_its_budget(demo_db):
    with web(demo_db) as k:
        seat = vacant_seat(k)
        response = k.post("/agents", {**FORM, "seat_id": seat})
        agent = agent_named(k, "Pathfinder")
        assert response.status_code == 303 and response.headers["location"] == f"/agents/{agent.id}"
        assert (agent.level, agent.status, agent.monthly_budget_cents, agent.model) == (1, "active", 12050,
                                                                                        "claude-sonnet-4")
        assert seat_row(k, seat).occupant_agent_id == agent.id
        assert "Pathfinder" in k.get(f"/agents/{agent.id}").text


def test_a_bad_budget_is_refused_next_to_its_field_and_creates_nothing(demo_db):
    with web(demo_db) as k:
        before = k.events()
        response = k.post("/agents", {**FORM, "monthly_budget": "lots"})
        assert response.status_code == 422 and 'id="err-new-monthly_budget_cents"' in response.text
        assert agent_named(k, "Pathfinder") is None and k.events() == before


def test_an_occupied_seat_refuses_the_whole_creation(demo_db):
    with web(demo_db) as k:
        before = k.events()
        response = k.post("/agents", {**FORM, "seat_id": k.seat("Content Writer")})
        assert response.status_code == 409 and "already has an occupant" in response.text
        assert agent_named(k, "Pathfinder") is None and k.events() == before


def test_a_member_sees_no_forms_and_is_refused_a_post(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        assert "Create agent" not in k.get("/agents").text and "Pause all agents" not in k.get("/agents").text
        assert k.post("/agents", FORM).status_code == 403 and agent_named(k, "Pathfinder") is None
