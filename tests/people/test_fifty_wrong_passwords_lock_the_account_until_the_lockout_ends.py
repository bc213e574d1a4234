"""Sign-in throttling: after a few failures each try waits a growing delay, past the threshold
the account is locked (the right password too) until the lockout ends; the owner is mailed."""
from __future__ import annotations

from datetime import timedelta

from otp.auth import throttle
from otp.core import clock
from tests.people.kit import browser, sign_in


def test_fifty_wrong_passwords_then_the_right_one_is_refused_until_the_lockout_ends(people, app):
    person = people.member()
    tab = browser(app)
    answers = [sign_in(tab, person["email"], "wrong-password").status_code for _ in range(50)]
    assert answers[:3] == [401, 401, 401] and set(answers[3:]) == {429}
    right = sign_in(tab, person["email"], person["password"])
    assert right.status_code == 429 and "locked" in right.text and int(right.headers["retry-after"]) > 60
    clock.advance(throttle.ACCOUNT.lock_for - timedelta(seconds=5))
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 429
    clock.advance(timedelta(seconds=6))
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 303
    [mail] = people.mails("signin_locked", to=person["email"])
    assert "15 minutes" in mail.text and len(people.org.events("person.signin_locked")) == 1


def test_the_delay_grows_with_each_failure(people, app):
    person = people.member()
    tab = browser(app)
    waits = []
    for _ in range(8):
        response = sign_in(tab, person["email"], "wrong-password")
        assert response.status_code == 401
        waits.append(int(response.headers.get("retry-after", 0)))
        clock.advance(timedelta(seconds=waits[-1]))
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32]
    assert sign_in(tab, person["email"], person["password"]).status_code == 303


def test_one_address_trying_many_accounts_is_locked_too(people, app):
    tab = browser(app)
    for n in range(throttle.ADDRESS.lock_after):
        sign_in(tab, f"nobody-{n}@example.com", "guess")
    person = people.member()
    assert sign_in(tab, person["email"], person["password"]).status_code == 429
    assert sign_in(browser(app), person["email"], person["password"]).status_code == 303
