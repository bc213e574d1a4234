"""The organization's `session_idle_timeout_minutes`: a session unused that long ends; one in
use stays; the setting is validated with a 422 naming it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from otp.core import clock
from tests.people.kit import browser, sign_in


def test_an_idle_session_ends_and_a_busy_one_does_not(people, org, app):
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"session_idle_timeout_minutes": 30}})
    person = people.member()
    busy, idle = browser(app), browser(app)
    for tab in (busy, idle):
        sign_in(tab, person["email"], person["password"])
    for _ in range(3):
        clock.advance(timedelta(minutes=20))
        assert busy.get("/chart").status_code == 200
    assert idle.get("/chart").status_code == 303


@pytest.mark.parametrize("value", [0, -5, "ten", True, 20161])
def test_a_bad_idle_timeout_is_refused_naming_the_setting(org, value):
    before = org.event_count()
    response = org.call("PATCH", f"/api/v1/organizations/{org.org_id}",
                        {"settings": {"session_idle_timeout_minutes": value}})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "settings.session_idle_timeout_minutes"
    assert org.event_count() == before
