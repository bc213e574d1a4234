from tests.inbox.kit import mentions
from tests.work.kit import issue, outcome, status, team, walk


def test_editing_an_issue_notifies_only_the_mentions_the_edit_adds(org):
    t = team(org)
    raised = issue(org, t.ceo["id"], details="@lead please look")
    robo = t.bot["occupant"]["id"]
    org.ok("PATCH", f"/api/v1/issues/{raised['id']}", {"details": "@lead please look, with @bot"})
    org.ok("PATCH", f"/api/v1/issues/{raised['id']}", {"details": "@lead please look, with @bot. Updated."})
    org.ok("PATCH", f"/api/v1/issues/{raised['id']}", {"title": "Churn is up (@Lead)"})
    assert len(mentions(org, t.ann["id"])) == 1
    agent_items = [i for i in mentions(org) if i.recipient_kind == "agent"]
    assert [i.recipient_id for i in agent_items] == [robo]
    assert "with @bot" in agent_items[0].body


def test_a_mention_removed_and_the_issue_saved_again_does_not_notify(org):
    t = team(org)
    raised = issue(org, t.ceo["id"], details="@lead please look")
    org.ok("PATCH", f"/api/v1/issues/{raised['id']}", {"details": "@lead please look", "title": "Same text again"})
    assert len(mentions(org)) == 1


def test_the_solution_and_the_todos_it_creates_mention_their_seats(org):
    t = team(org)
    raised = issue(org, t.ceo["id"])
    walk(org, raised["id"], "identified", "discussed")
    solved = org.ok("POST", f"/api/v1/issues/{raised['id']}/solve",
                    {"solution": "@lead owns the fix", "todos": [{"title": "@bot send the survey"}]})
    links = sorted((i.link_type, i.link_id, i.recipient_kind) for i in mentions(org))
    assert links == sorted([("issue", raised["id"], "person"), ("todo", solved["todos"][0]["id"], "agent")])


def test_a_status_note_mentions_once_even_when_kept_for_the_next_status(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    for value in ("on_track", "off_track"):
        assert status(org, rock["id"], value, "@ceo fine so far", token=t.ann_token).status_code == 200
    items = mentions(org, org.owner_id)
    assert len(items) == 1 and items[0].link_id == rock["id"] and items[0].body == "@ceo fine so far"
    assert status(org, rock["id"], "on_track", "@ceo back on track", token=t.ann_token).status_code == 200
    assert len(mentions(org, org.owner_id)) == 2  # a new note is a new text


def test_a_status_note_copied_into_a_drift_issue_is_not_delivered_twice(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    response = status(org, rock["id"], "off_track", "@ceo we are behind", token=t.ann_token)
    assert response.status_code == 200, response.text
    assert [(i.link_type, i.recipient_id) for i in mentions(org)] == [("outcome", org.owner_id)]
