"""/settings/policy: an edit is previewed — which cells and rules change, which agents gain or
lose what — without changing anything; Save applies exactly the preview through the governed
policy service; a preview made stale by another edit is refused."""
from __future__ import annotations

from tests.web.kit import web
from tests.web.settings_kit import policy_doc, preview, save_preview

CELL = {"change": "cells", "cell.3.todo.create": "ask"}  # Scout, the demo's level-3 agent, loses it


def test_the_grid_shows_every_action_class_at_every_level(demo_db):
    with web(demo_db) as k:
        page = k.get("/settings/policy").text
        assert 'name="cell.1.read"' in page and 'name="cell.8.escalation.resolve"' in page
        assert 'name="cell.1.policy.change"' not in page and "Locked: agents may never perform policy.change" in page


def test_a_preview_names_who_loses_what_and_changes_nothing(demo_db):
    with web(demo_db) as k:
        before, events = policy_doc(k), k.events()
        page = preview(k, CELL)
        assert page.status_code == 200
        text = page.text
        assert "Preview: what this change would do" in text and "L3 Task executor" in text
        assert "<strong>Scout</strong>" in text and "▼ todo.create" in text
        assert policy_doc(k) == before and k.events() == events


def test_saving_the_preview_applies_it_with_one_event(demo_db):
    with web(demo_db) as k:
        version, changes = policy_doc(k)["version"], k.events("policy.changed")
        response = save_preview(k, preview(k, CELL).text)
        assert response.status_code == 303
        doc = policy_doc(k)
        assert doc["version"] == version + 1
        assert {"level": 3, "action": "todo.create", "effect": "ask"} in doc["matrix"]
        assert k.events("policy.changed") == changes + 1
        assert "Policy saved" in k.get("/settings/policy").text


def test_a_preview_made_stale_by_another_edit_is_refused(demo_db):
    with web(demo_db) as k:
        stale = preview(k, CELL).text
        assert save_preview(k, preview(k, {"change": "cells", "cell.2.todo.create": "allow"}).text).status_code == 303
        doc = policy_doc(k)
        response = save_preview(k, stale)
        assert response.status_code == 409 and "preview your change again" in response.text
        assert policy_doc(k) == doc


def test_an_untouched_grid_previews_as_no_change(demo_db):
    with web(demo_db) as k:
        assert "Nothing would change" in preview(k, {"change": "cells", "cell.1.read": "allow"}).text


def test_a_member_sees_the_policy_read_only_and_cannot_save(demo_db):
    with web(demo_db) as k:
        page = preview(k, CELL).text
        k.login("priya@example.com")
        assert 'name="cell.3.todo.create"' not in k.get("/settings/policy").text
        before = policy_doc(k)
        assert save_preview(k, page).status_code == 403 and policy_doc(k) == before
