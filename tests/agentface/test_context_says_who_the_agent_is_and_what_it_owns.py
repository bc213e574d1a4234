from tests.agentface.kit import world


def test_context_says_who_the_agent_is_whom_it_answers_to_and_what_it_owns(org):
    w = world(org, level=5)
    m = w.measurable("calls", target=10)
    org.ok("POST", f"/api/v1/measurables/{m['id']}/entries", {"value": 7, "period": "2026-01-05"}, status=201)
    outcome = w.outcome("Open the second shop", due_date="2026-06-30")
    todo = org.ok("POST", "/api/v1/todos", {"title": "Sign the lease", "owner_seat_id": w.seat["id"]}, status=201)
    issue = org.ok("POST", "/api/v1/issues", {"title": "Landlord slow", "owner_seat_id": w.seat["id"]}, status=201)
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})
    assert data["agent"]["level"] == 5 and data["agent"]["level_name"] == "Measurable owner"
    seat = data["seats"][0]
    assert seat["title"] == "Ops agent" and len(seat["responsibilities"]) == 3
    assert seat["reports_to"]["title"] == "Ops lead" and seat["reports_to"]["holder"]["name"] == "Hana Human"
    assert data["accountable_human"]["name"] == "Hana Human"
    assert [h["seat_title"] for h in data["escalation_path"]] == ["Ops lead", "CEO"]
    assert data["outcomes"][0]["id"] == outcome["id"] and data["outcomes"][0]["due_date"] == "2026-06-30"
    assert data["measurables"][0]["last"] == {"period": "2026-01-05", "value": 7.0, "on_target": False}
    assert [t["id"] for t in data["todos"]] == [todo["id"]] and [i["id"] for i in data["issues"]] == [issue["id"]]


def test_the_agents_level_is_explained_from_the_organizations_policy(org):
    w = world(org, level=2)
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})["authority"]
    may = {i["action"] for i in data["may_do"]}
    ask = {i["action"] for i in data["must_ask"]}
    never = {i["action"] for i in data["may_never"]}
    assert {"measurable.report", "headline.post"} <= may and "todo.create" in ask
    assert {"policy.change", "agent.level.change", "token.manage"} <= never
    org.ok("POST", "/api/v1/governance/matrix", {"level": 2, "action": "todo.create", "effect": "allow"})
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-spend", "actions": ["external.spend"],
                                                                 "reason": "No spending yet"}]})
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})
    authority = data["authority"]
    assert "todo.create" in {i["action"] for i in authority["may_do"]}
    spend = next(i for i in authority["may_never"] if i["action"] == "external.spend")
    assert spend["rule"] == "hard_deny:no-spend" and spend["note"] == "No spending yet"
    assert data["rules"]["hard_deny"][0]["id"] == "no-spend"


def test_the_cli_prints_the_same_bytes_as_rest(org, database_url):
    from typer.testing import CliRunner

    from otp.cli.main import app
    w = world(org, level=3)
    result = CliRunner().invoke(app, ["context", w.agent["id"], "-f", "claude-md", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert result.output == org.get(f"/api/v1/agents/{w.agent['id']}/context", params={"format": "claude-md"}).text
    by_name = CliRunner().invoke(app, ["context", w.agent["name"], "--json", "--org", org.slug,
                                       "--database-url", database_url])
    assert by_name.exit_code == 0 and '"level": 3' in by_name.output


def test_a_rock_says_which_company_outcome_it_contributes_to(org):
    w = world(org, level=5)
    company = org.ok("POST", "/api/v1/outcomes", {"title": "Double revenue", "definition_of_done": "2x ARR",
                                                  "owner_seat_id": w.root["id"]}, status=201)
    rock = w.outcome("Open the second shop", parent_id=company["id"])
    alone = w.outcome("Tidy the stockroom")
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})
    by_id = {o["id"]: o for o in data["outcomes"]}
    assert by_id[rock["id"]]["contributes_to"] == {"id": company["id"], "title": "Double revenue",
                                                   "status": company["status"]}
    assert by_id[alone["id"]]["contributes_to"] is None and company["id"] not in by_id
    page = org.get(f"/api/v1/agents/{w.agent['id']}/context", params={"format": "agents-md"}).text
    assert f"Contributes to: Double revenue (`{company['id']}`)" in page
