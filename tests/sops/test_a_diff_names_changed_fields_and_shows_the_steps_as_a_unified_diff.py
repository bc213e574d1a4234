"""GET /sops/{id}/diff compares two versions field by field, with a unified diff of the steps."""
from __future__ import annotations

from tests.sops.kit import chain, edit, sop


def test_diff_between_the_first_and_third_version(org):
    [root] = chain(org)
    created = sop(org, root, "ship", steps=["Check the brief", "Run QA"])
    edit(org, created["id"], steps=["Check the brief", "Run QA", "Get sign-off"])
    edit(org, created["id"], steps=["Read the brief", "Run QA", "Get sign-off"], tools=["otp"])
    diff = org.ok("GET", f"/api/v1/sops/{created['id']}/diff", params={"from": 1, "to": 3})
    assert (diff["from_version"], diff["to_version"]) == (1, 3)
    assert [f["field"] for f in diff["fields"]] == ["steps", "tools"]
    assert diff["fields"][1] == {"field": "tools", "before": [], "after": ["otp"]}
    lines = diff["steps_diff"].splitlines()
    assert lines[:2] == ["--- ship v1", "+++ ship v3"]
    assert {"-Check the brief", "+Read the brief", "+Get sign-off", " Run QA"} <= set(lines)


def test_without_parameters_it_compares_the_latest_with_the_one_before(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    edit(org, created["id"], title="Ship carefully")
    diff = org.ok("GET", f"/api/v1/sops/{created['id']}/diff")
    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    assert diff["fields"] == [{"field": "title", "before": "Ship", "after": "Ship carefully"}]
    assert diff["steps_diff"] == ""


def test_a_missing_version_is_a_404_naming_the_parameter(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    response = org.get(f"/api/v1/sops/{created['id']}/diff", params={"from": 1, "to": 9})
    assert response.status_code == 404 and response.json()["error"]["field"] == "to"
    response = org.get(f"/api/v1/sops/{created['id']}/diff")
    assert response.status_code == 422 and response.json()["error"]["field"] == "from"
