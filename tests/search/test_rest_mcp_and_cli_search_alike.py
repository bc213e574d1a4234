"""The faces are thin: REST `GET /api/v1/search`, the MCP tool `search` and `otp search` give the
same grouped answer, refuse bad input naming the field, and need only the read scope."""
import pytest

from tests.agentface.kit import call, world
from tests.cli.kit import otp, otp_json


def _issue(org, title="Acquisition stalled"):
    root = org.root()
    return org.ok("POST", "/api/v1/issues", {"title": title, "details": "Waiting on the lawyers",
                                             "owner_seat_id": root["id"]}, status=201)


def test_rest_answers_groups_with_ids_links_and_excerpts(org):
    issue = _issue(org)
    found = org.ok("GET", "/api/v1/search?q=acq")
    assert found["total"] == 1 and found["q"] == "acq"
    [group] = found["groups"]
    assert group["kind"] == "issue" and group["label"] == "Issues"
    [hit] = group["items"]
    assert hit["id"] == issue["id"] and hit["url"] == f"/issues#{issue['id']}"
    assert hit["excerpt"] == "Waiting on the lawyers"
    assert org.ok("GET", "/api/v1/search?q=acq&kind=seat")["groups"] == []


@pytest.mark.parametrize("query,field", [("", "q"), ("q=", "q"), ("q=%20%20", "q"), ("q=" + "a" * 201, "q"),
                                         ("q=acq&kind=rocks", "kind"), ("q=acq&limit=0", "limit"),
                                         ("q=acq&limit=51", "limit"), ("q=acq&sort=x", "sort")])
def test_rest_refuses_bad_input_naming_the_field(org, query, field):
    response = org.get(f"/api/v1/search?{query}")
    assert response.status_code in (400, 422), response.text
    assert response.json()["error"]["field"] == field, response.text


def test_rest_needs_the_read_scope_only(org):
    _issue(org)
    person = org.person("Rea Reader")
    reader = org.token_for(person=person, scopes=["read"])
    assert org.ok("GET", "/api/v1/search?q=acq", token=reader)["total"] == 1
    writer = org.token_for(person=person, scopes=["write"])
    assert org.get("/api/v1/search?q=acq", token=writer).status_code == 403


def test_an_agent_finds_over_mcp_what_rest_finds(org):
    w = world(org, level=1)
    issue = org.ok("POST", "/api/v1/issues", {"title": "Acquisition stalled", "owner_seat_id": w.seat["id"]},
                   status=201)
    answer = call(org, w.token, "search", q="acq")
    assert answer["status"] == "done"
    assert answer["result"]["groups"][0]["items"][0]["id"] == issue["id"]
    assert org.ok("GET", "/api/v1/search?q=acq", token=w.token)["groups"] == org.ok("GET", "/api/v1/search?q=acq")["groups"]
    bad = call(org, w.token, "search", q="acq", kind="nope")
    assert bad["is_error"] and "kind" in bad["text"]
    blank = call(org, w.token, "search", q="   ")
    assert blank["is_error"] and blank["error"]["field"] == "q"


def test_otp_search_prints_groups_and_json(tmp_path):
    from tests.dbs import fresh_database
    with fresh_database(tmp_path) as url:
        assert otp(url, "init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
                   "--owner-password", "secret").exit_code == 0
        found = otp_json(url, "search", "boss")
        assert [g["kind"] for g in found["groups"]] == ["person"]
        text = otp(url, "search", "boss")
        assert text.exit_code == 0 and "People:" in text.stdout
        nothing = otp(url, "search", "zzzz")
        assert nothing.exit_code == 0 and "nothing found" in nothing.stdout
        bad = otp(url, "search", "boss", "--kind", "nope")
        assert bad.exit_code == 1 and "kind" in bad.output
