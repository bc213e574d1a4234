"""A promotion checks eligibility: not eligible → refused naming the unmet criteria, unless the
promoter overrides with a reason (marked on the ledger, told to the person above the promoter);
one level at a time unless overridden. Demotion per incident kind is a setting, with a cool-down
before eligibility returns."""
from tests.governance_runtime.kit import agent_row, chart, inbox, later, ledger

EASY = {"promotion": {"min_days_at_level": 0, "min_completed_items": 0}}


def _promote(org, c, token=None, **body):
    return org.call("POST", f"/api/v1/agents/{c.agent['id']}/promote", {"why": "Good work", **body}, token=token)


def test_an_ineligible_promotion_is_refused_naming_the_unmet_criteria(org, db):
    c = chart(org, level=3)
    before = org.event_count()
    r = _promote(org, c)
    assert r.status_code == 409 and r.json()["error"]["field"] == "to_level"
    assert "days_at_level" in r.json()["error"]["message"] and "completed_items" in r.json()["error"]["message"]
    assert agent_row(db, c.agent["id"]).level == 3 and org.event_count() == before


def test_an_override_without_a_reason_is_a_422_naming_reason(org, db):
    c = chart(org, level=3)
    r = _promote(org, c, override=True)
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason", r.text
    assert agent_row(db, c.agent["id"]).level == 3


def test_an_override_is_marked_on_the_ledger_and_told_to_the_person_above_the_promoter(org, db):
    c = chart(org, level=3)
    # Mel (the Lead, a member) cannot change levels; Ada, the COO (an admin), can: the owner above is told.
    r = _promote(org, c, token=org.token_for(person=c.admin, scopes=["read", "write", "admin"]), override=True, reason="Ran this process for a year")
    assert r.status_code == 200, r.text
    entry = ledger(db, c.agent["id"])[-1]
    assert entry.evidence["override"]["reason"] == "Ran this process for a year"
    assert "days_at_level" in entry.evidence["override"]["unmet"]
    told = inbox(db, "person", org.owner_id, "warning")
    assert told and "by override" in told[-1].title and told[-1].link_id == c.agent["id"]
    assert not inbox(db, "person", c.admin["id"], "warning")


def test_promotions_go_one_level_at_a_time_unless_overridden(org, db):
    c = chart(org, level=3)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": EASY})
    r = _promote(org, c, to_level=5)
    assert r.status_code == 409 and "one level at a time" in r.json()["error"]["message"]
    assert _promote(org, c).json()["to_level"] == 4  # eligible, one level: no override needed
    assert "override" not in ledger(db, c.agent["id"])[-1].evidence
    assert _promote(org, c, to_level=6, override=True, reason="Covering a leave").json()["to_level"] == 6


def test_demotion_per_incident_kind_is_a_setting_with_a_cool_down(org, db):
    c = chart(org, level=8)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {**EASY, "demotion": {"hard_deny": 2}, "demotion_cooldown_hours": 48}})
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-deploy", "actions": ["deploy"]}]})
    r = org.post("/api/v1/governance/declare", {"action": "deploy", "environment": "prod"}, token=c.agent_token)
    assert r.status_code == 403
    assert agent_row(db, c.agent["id"]).level == 6  # two down, not to level 1
    eligibility = org.ok("GET", f"/api/v1/agents/{c.agent['id']}/eligibility")
    assert not eligibility["criteria"]["cool_down_hours"]["met"]
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"promotion": {
        "min_days_at_level": 0, "min_completed_items": 0, "incident_free_days": 1}}})
    later(49)
    assert org.ok("GET", f"/api/v1/agents/{c.agent['id']}/eligibility")["eligible"]


def test_bad_demotion_and_cool_down_settings_are_refused_naming_them(org):
    chart(org)
    for settings, field in [({"demotion": {"hard_deny": -1}}, "settings.demotion.hard_deny"),
                            ({"demotion": {"typo": 1}}, "settings.demotion.typo"),
                            ({"demotion_cooldown_hours": -5}, "settings.demotion_cooldown_hours")]:
        r = org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": settings})
        assert r.status_code == 422 and r.json()["error"]["field"] == field, r.text
