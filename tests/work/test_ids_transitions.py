"""Issues move open → identified → discussed → solved, or are dropped; nothing else."""
from __future__ import annotations

import pytest

from tests.work.kit import issue, refused, team, walk


def test_the_ids_path_is_followed_in_order(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    assert walk(org, raised["id"], "identified", "discussed")["state"] == "discussed"
    events = org.events("issue.transitioned")
    assert [(e.payload["from"], e.payload["to"]) for e in events] == [("open", "identified"), ("identified", "discussed")]


def test_skipping_a_step_is_refused_naming_the_allowed_moves(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    before = org.event_count()
    response = org.post(f"/api/v1/issues/{raised['id']}/transition", {"state": "discussed"})
    error = refused(org, response, 409, "state", before)
    assert "identified, dropped" in error["message"]


@pytest.mark.parametrize("state", ["open", "identified", "discussed"])
def test_any_unsolved_issue_can_be_dropped(org, state):
    t = team(org)
    raised = issue(org, t.lead["id"])
    walk(org, raised["id"], *["identified", "discussed"][:["open", "identified", "discussed"].index(state)])
    assert walk(org, raised["id"], "dropped")["state"] == "dropped"


def test_a_dropped_issue_is_final(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    walk(org, raised["id"], "dropped")
    before = org.event_count()
    error = refused(org, org.post(f"/api/v1/issues/{raised['id']}/transition", {"state": "open"}), 409, "state", before)
    assert "final" in error["message"]


def test_solving_goes_through_solve_not_transition(org):
    t = team(org)
    raised = issue(org, t.lead["id"])
    walk(org, raised["id"], "identified", "discussed")
    before = org.event_count()
    refused(org, org.post(f"/api/v1/issues/{raised['id']}/transition", {"state": "solved"}), 409, "state", before)
