"""/settings/policy: seat overrides, hard-deny rules and spend limits go through the same
preview-then-save; bad input is refused naming the field, nothing changed."""
from __future__ import annotations

from tests.web.kit import web
from tests.web.settings_kit import policy_doc, preview, save_preview


def test_a_seat_override_is_previewed_for_the_seats_holder_then_saved(demo_db):
    with web(demo_db) as k:
        page = preview(k, {"change": "add_override", "seat_id": k.seat("SEO Analyst"), "action": "issue.raise",
                           "effect": "deny"}).text
        assert "Seat SEO Analyst: issue.raise is deny" in page and "<strong>Scout</strong>" in page
        assert save_preview(k, page).status_code == 303
        [override] = policy_doc(k)["seat_overrides"]
        assert (override["action"], override["effect"]) == ("issue.raise", "deny")
        removal = preview(k, {"change": "remove_override", "id": override["id"]}).text
        assert "removed" in removal and save_preview(k, removal).status_code == 303
        assert policy_doc(k)["seat_overrides"] == []


def test_a_hard_deny_rule_with_a_condition_is_added(demo_db):
    with web(demo_db) as k:
        page = preview(k, {"change": "add_hard_deny", "id": "no-crm-wipe", "actions": "data.delete, deploy",
                           "applies_to": "everyone", "when_field": "amount_cents", "when_op": ">",
                           "when_value": "100", "reason": "Ask finance"}).text
        assert "Hard-deny &#39;no-crm-wipe&#39;" in page and "everyone, people included" in page
        assert save_preview(k, page).status_code == 303
        rule = next(r for r in policy_doc(k)["hard_deny"] if r["id"] == "no-crm-wipe")
        assert rule["when"] == [{"field": "amount_cents", "op": ">", "value": 100}]


def test_a_hard_deny_rule_without_actions_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        response = preview(k, {"change": "add_hard_deny", "id": "x", "actions": " "})
        assert response.status_code == 422 and "name at least one action class" in response.text
        response = preview(k, {"change": "add_hard_deny", "id": "x", "actions": "nonsense.action"})
        assert response.status_code == 404 and "nonsense.action" in response.text


def test_spend_limits_in_currency_are_stored_in_cents(demo_db):
    with web(demo_db) as k:
        page = preview(k, {"change": "spend", "level.6": "20", "action.external.spend": "500.00"}).text
        assert "Spend limit for level 6: none → 20.00" in page and "<strong>Bidwell</strong>" in page
        assert save_preview(k, page).status_code == 303
        assert policy_doc(k)["spend_limits"]["per_level"] == {"6": 2000}


def test_a_bad_amount_is_refused_naming_it_and_nothing_changes(demo_db):
    with web(demo_db) as k:
        before, events = policy_doc(k), k.events()
        response = preview(k, {"change": "spend", "level.6": "twenty"})
        assert response.status_code == 422 and "enter an amount like 50 or 12.50" in response.text
        assert policy_doc(k) == before and k.events() == events
