"""Organization settings that code relies on (the OOS ones, drift_periods, the human-above rule)
are type-checked when written: a wrong value gets a 422 naming the setting, and nothing changes."""
from __future__ import annotations

import pytest

from tests.helpers import OrgKit


def patch(org: OrgKit, settings: dict):
    return org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": settings})


def settings_of(org: OrgKit) -> dict:
    return org.ok("GET", f"/api/v1/organizations/{org.org_id}")["settings"]


@pytest.mark.parametrize("key, value", [
    ("oos_public", "yes"), ("oos_public", 1), ("oos_use_real_name", "true"), ("oos_pseudonym", 42),
    ("oos_pseudonym", "x" * 201), ("oos_pseudonym", "bad\x00name"), ("oos_publik", True),
    ("drift_periods", 0), ("drift_periods", "3"), ("drift_periods", True), ("drift_periods", 53),
    ("require_human_above_agents", "no"),
])
def test_a_wrong_value_is_refused_naming_the_setting_and_nothing_changes(org, key, value):
    before, events = settings_of(org), org.event_count()
    response = patch(org, {"oos_public": True, key: value})  # the good one is not applied either
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == f"settings.{key}"
    assert settings_of(org) == before and org.event_count() == events


def test_an_unknown_oos_setting_names_the_known_ones(org):
    message = patch(org, {"oos_publik": True}).json()["error"]["message"]
    assert "oos_public" in message and "oos_pseudonym" in message


def test_good_values_are_stored_and_null_puts_the_default_back(org):
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {"oos_public": True, "oos_pseudonym": "  Acme Labs ", "drift_periods": 3,
                         "require_human_above_agents": False, "industry": "software"}})
    stored = settings_of(org)
    assert (stored["oos_public"], stored["oos_pseudonym"], stored["drift_periods"]) == (True, "Acme Labs", 3)
    assert stored["industry"] == "software"  # settings nobody checks stay free-form
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {"oos_pseudonym": None, "require_human_above_agents": None}})
    stored = settings_of(org)
    assert "oos_pseudonym" not in stored and "require_human_above_agents" not in stored
    root = org.seat("CEO")
    refused = org.call("PUT", f"/api/v1/seats/{root['id']}/occupant", {"kind": "agent", "id": org.agent()["id"]})
    assert refused.status_code == 409 and refused.json()["error"]["field"] == "occupant"  # the rule is on again
