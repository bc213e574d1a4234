"""The cap is checked when it is written: not a whole number of cents from 0 to 10^12 is a 422
naming settings.org_monthly_budget_cents, and nothing changes; null removes the cap."""
import pytest

from tests.stop_switch.kit import org_row, set_cap


@pytest.mark.parametrize("bad", [-1, 10**12 + 1, 12.5, "1000", True])
def test_a_bad_cap_is_refused_naming_the_setting_and_nothing_changes(org, bad):
    before = org.event_count()
    response = set_cap(org, bad)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "settings.org_monthly_budget_cents"
    assert org.event_count() == before and "org_monthly_budget_cents" not in org_row(org).settings


def test_null_removes_the_cap(org):
    set_cap(org, 5000)
    assert org_row(org).settings["org_monthly_budget_cents"] == 5000
    set_cap(org, None)
    assert "org_monthly_budget_cents" not in org_row(org).settings
