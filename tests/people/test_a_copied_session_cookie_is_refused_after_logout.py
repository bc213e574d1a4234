"""Sessions live on the server: the cookie carries a random id (stored hashed), so logging out
ends every copy of the cookie, and "sign out everywhere" ends the person's other browsers."""
from __future__ import annotations

from sqlalchemy import select

from otp.auth.models import WebSession
from tests.people.kit import browser, post_form, sign_in


def test_a_copied_cookie_stops_working_after_logout(people, app):
    person = people.member()
    tab = browser(app)
    sign_in(tab, person["email"], person["password"])
    thief = browser(app)
    thief.cookies.set("otp_session", tab.cookies["otp_session"])
    assert thief.get("/chart").status_code == 200
    assert post_form(tab, "/chart", "/logout").status_code == 303
    assert thief.get("/chart").headers["location"].startswith("/login")
    assert thief.get("/api/v1/chart").status_code == 401


def test_the_cookie_holds_no_person_and_the_database_no_session_id(people, app, db):
    person = people.member()
    tab = browser(app)
    sign_in(tab, person["email"], person["password"])
    cookie = tab.cookies["otp_session"]
    assert person["id"] not in cookie
    with db.read() as s:
        [row] = s.execute(select(WebSession).where(WebSession.person_id == person["id"])).scalars()
    assert len(row.token_hash) == 64 and row.token_hash not in cookie


def test_sign_out_everywhere_ends_the_other_browsers(people, org, app):
    person = people.member()
    phone, laptop = browser(app), browser(app)
    for tab in (phone, laptop):
        sign_in(tab, person["email"], person["password"])
    assert len(org.ok("GET", f"/api/v1/people/{person['id']}/sessions")) == 2
    assert org.call("DELETE", f"/api/v1/people/{person['id']}/sessions").json() == {"ended": 2}
    assert phone.get("/chart").status_code == 303 and laptop.get("/chart").status_code == 303


def test_a_password_reset_ends_every_session(people, org, app, monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)
    person = people.member()
    tab = browser(app)
    sign_in(tab, person["email"], person["password"])
    link = org.ok("POST", f"/api/v1/people/{person['id']}/password-reset", status=201)["link"]
    done = org.client.post("/api/v1/password-resets/complete",
                           json={"token": link.rsplit("/", 1)[1], "password": "a-new-password"})
    assert done.status_code == 200
    assert tab.get("/chart").status_code == 303
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 401
    assert sign_in(browser(app), person["email"], "a-new-password").status_code == 303
