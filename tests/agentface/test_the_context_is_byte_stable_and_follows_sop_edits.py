"""The compiled context is deterministic (same state, same bytes, in every format and on every
face) and the next fetch after an SOP edit shows the edit."""
import pytest

from tests.agentface.kit import world
from tests.sops.kit import edit, sop


def context(org, agent_id, fmt="agents-md"):
    response = org.get(f"/api/v1/agents/{agent_id}/context", params={"format": fmt})
    assert response.status_code == 200, response.text
    return response.content


@pytest.mark.parametrize("fmt", ["agents-md", "claude-md", "json"])
def test_the_same_state_gives_the_same_bytes(org, fmt):
    w = world(org, level=4)
    w.measurable("calls")
    w.outcome()
    sop(org, w.lead, "handover", "Hand over")
    first = context(org, w.agent["id"], fmt)
    assert first == context(org, w.agent["id"], fmt) == context(org, w.agent["id"], fmt)
    assert b"generated" not in first.lower()


def test_editing_an_inherited_sop_changes_the_next_context(org):
    w = world(org, level=4)
    handover = sop(org, w.lead, "handover", "Hand over", steps=["Write notes"])
    before = context(org, w.agent["id"]).decode()
    edit(org, handover["id"], steps=["Write notes", "Call the next shift"])
    after = context(org, w.agent["id"]).decode()
    assert after != before
    assert "Call the next shift" in after and "v2, inherited from Ops lead" in after


def test_formats_carry_the_same_facts(org):
    w = world(org, level=4)
    agents_md = context(org, w.agent["id"]).decode()
    claude_md = context(org, w.agent["id"], "claude-md").decode()
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})
    assert agents_md.startswith("# AGENTS.md") and claude_md.startswith("# CLAUDE.md")
    assert data["agent"]["id"] == w.agent["id"] and data["accountable_human"]["name"] == "Hana Human"
    assert agents_md.split("## Who you are")[1] == claude_md.split("## Who you are")[1]


def test_an_unknown_agent_or_format_is_refused_naming_the_field(org):
    w = world(org)
    assert org.get("/api/v1/agents/agt_nope/context").json()["error"]["field"] == "agent_id"
    bad = org.get(f"/api/v1/agents/{w.agent['id']}/context", params={"format": "yaml"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "format"


def test_another_organizations_agent_is_not_found(org, db, client):
    from tests.helpers import OrgKit
    w = world(org)
    other = OrgKit.create(db, client)
    assert other.get(f"/api/v1/agents/{w.agent['id']}/context").status_code == 404
