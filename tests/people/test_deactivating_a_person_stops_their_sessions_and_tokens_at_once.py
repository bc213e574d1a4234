"""Deactivation ends the person's browser session and API token at once (401 / back to the
login page), reactivation does not bring them back, and the person cannot sign in meanwhile."""
from __future__ import annotations

from tests.people.kit import browser, sign_in


def test_an_existing_session_and_token_stop_at_once(people, org, app):
    person = people.member()
    token = org.token_for(person={"id": person["id"]})
    tab = browser(app)
    assert sign_in(tab, person["email"], person["password"]).status_code == 303
    assert tab.get("/chart").status_code == 200 and org.get("/api/v1/chart", token=token).status_code == 200
    org.ok("POST", f"/api/v1/people/{person['id']}/deactivate", {})
    assert tab.get("/chart").headers["location"].startswith("/login")
    assert tab.get("/api/v1/chart").status_code == 401
    assert org.get("/api/v1/chart", token=token).status_code == 401
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 401
    [event] = org.events("person.deactivated")
    assert event.payload["sessions_ended"] == 1 and event.payload["tokens_revoked"] == 1


def test_reactivating_restores_the_membership_not_the_old_credentials(people, org, app):
    person = people.member()
    token = org.token_for(person={"id": person["id"]})
    org.ok("POST", f"/api/v1/people/{person['id']}/deactivate", {})
    assert org.ok("POST", f"/api/v1/people/{person['id']}/reactivate")["status"] == "active"
    assert org.get("/api/v1/chart", token=token).status_code == 401
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 303


def test_nobody_deactivates_themselves(org):
    response = org.post(f"/api/v1/people/{org.owner_id}/deactivate", {})
    assert response.status_code == 409 and response.json()["error"]["field"] == "person_id"
