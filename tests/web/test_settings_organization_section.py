"""/settings/organization: every declared setting with its meaning and default, saved through
the service the API uses (one event), refused next to the field when wrong, read-only to members."""
from __future__ import annotations

from markupsafe import escape

from otp.governance import settings as governance_settings
from otp.org import settings_catalog
from tests.web.kit import web
from tests.web.settings_kit import org_row

FORM = {"name": "Brightline Digital", "timezone": "America/New_York", "week_start": "0"}


def test_the_page_shows_every_declared_setting_with_its_meaning_and_default(demo_db):
    with web(demo_db) as k:
        page = k.get("/settings/organization").text
        for s in settings_catalog.declared():
            assert str(escape(s.label)) in page and str(escape(s.help)) in page
        assert "Default: 24 hours" in page and 'name="settings.escalation_sla_hours.critical"' in page


def test_saving_stores_typed_values_and_records_one_event(demo_db):
    with web(demo_db) as k:
        before = k.events("organization.updated")
        response = k.post("/settings/organization", {**FORM, "settings.approval_sla_hours": "8",
                                                      "settings.escalation_sla_hours.critical": "0.5",
                                                      "settings.oos_public": "true"})
        assert response.status_code == 303
        stored = org_row(k).settings
        assert (stored["approval_sla_hours"], stored["escalation_sla_hours"], stored["oos_public"]) == \
            (8, {"critical": 0.5}, True)
        assert k.events("organization.updated") == before + 1
        assert k.post("/settings/organization", {**FORM, "settings.approval_sla_hours": "8",
                                                 "settings.escalation_sla_hours.critical": "0.5",
                                                 "settings.oos_public": "true"}).status_code == 303
        assert k.events("organization.updated") == before + 1  # an unchanged save is no change


def test_a_blank_field_puts_the_default_back(demo_db):
    with web(demo_db) as k:
        k.post("/settings/organization", {**FORM, "settings.loop_guard_heartbeats": "4"})
        k.post("/settings/organization", {**FORM, "settings.loop_guard_heartbeats": ""})
        assert "loop_guard_heartbeats" not in org_row(k).settings


def test_a_wrong_value_is_refused_next_to_its_field_and_nothing_changes(demo_db):
    with web(demo_db) as k:
        before, events = org_row(k).settings, k.events()
        for field, value, error_id in (("settings.approval_sla_hours", "0", "err-settings-approval_sla_hours"),
                                       ("settings.escalation_sla_hours.high", "soon", "err-settings-escalation_sla_hours"),
                                       ("timezone", "Mars/Olympus", "err-timezone")):
            response = k.post("/settings/organization", {**FORM, field: value})
            assert response.status_code == 422 and f'id="{error_id}"' in response.text, (field, response.text[:300])
            assert f'value="{value}"' in response.text  # what was typed stays in the form
        assert org_row(k).settings == before and k.events() == events


def test_a_member_reads_the_settings_but_cannot_change_them(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        page = k.get("/settings/organization").text
        assert "Only owners and admins change them" in page and "Save settings" not in page
        denied = k.events("governance.denied")
        response = k.post("/settings/organization", {**FORM, "name": "Taken over"})
        assert response.status_code == 403 and org_row(k).name == "Brightline Digital"
        assert k.events("organization.updated") == 0 and k.events("governance.denied") == denied + 1


def test_a_newly_declared_setting_appears_by_itself(demo_db, monkeypatch):
    monkeypatch.setitem(governance_settings.DEFAULTS, "stuck_run_minutes", 45)
    settings_catalog._declared.cache_clear()
    try:
        with web(demo_db) as k:
            assert 'name="settings.stuck_run_minutes"' in k.get("/settings/organization").text
            assert k.post("/settings/organization", {**FORM, "settings.stuck_run_minutes": "-1"}).status_code == 422
            assert k.post("/settings/organization", {**FORM, "settings.stuck_run_minutes": "30"}).status_code == 303
            assert org_row(k).settings["stuck_run_minutes"] == 30
    finally:
        monkeypatch.undo()
        settings_catalog._declared.cache_clear()
