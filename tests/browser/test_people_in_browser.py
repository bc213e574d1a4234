"""People in a real browser: the owner invites a person from /people (the demo has no mail
configured, so the page shows the link to copy), the invitee opens it in a browser of their
own, sets a name and password and lands signed in. Every new page has no serious or critical
axe-core violation; screenshots at 1366 and 390 px wide go to test-artifacts/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import WIDTHS, assert_accessible as _accessible, at_both_widths as _both_widths
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_owner_invites_and_the_invitee_joins_signed_in(page, browser, server):
    log_in(page)
    page.get_by_role("link", name="People", exact=True).first.click()
    page.wait_for_url(re.compile(r"/people$"))
    expect(page.get_by_role("heading", name="Pending invitations")).to_be_visible()
    expect(page.get_by_text("elena@example.com")).to_be_visible()  # the demo's pending invitation
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Role").select_option("member")
    page.get_by_role("button", name="Send invitation").click()
    link = page.get_by_role("textbox", name="Invitation link")
    expect(link).to_be_visible()
    _accessible(page)
    _both_widths(page, "people")
    url = link.input_value()
    path = "/join/" + url.rsplit("/", 1)[1]

    invitee = browser.new_context(base_url=server, viewport=WIDTHS["wide"])
    tab = invitee.new_page()
    tab.goto(path)
    expect(tab.get_by_role("heading", name="Join Brightline Digital")).to_be_visible()
    _accessible(tab)
    _both_widths(tab, "join")
    tab.set_viewport_size(WIDTHS["wide"])
    tab.get_by_label("Your name").fill("Robin Vale")
    tab.get_by_label("Choose a password").fill("robin-secret-1")
    tab.get_by_role("button", name="Join and sign in").click()
    tab.wait_for_url(re.compile(r"/$"))
    expect(tab.get_by_text("Welcome, Robin Vale")).to_be_visible()
    expect(tab.get_by_role("button", name="Log out")).to_be_visible()

    tab.goto(path)  # the link again: used, and the page says so
    expect(tab.get_by_role("heading", name="This link was already used")).to_be_visible()
    _accessible(tab)
    _both_widths(tab, "link-used")
    invitee.close()

    page.set_viewport_size(WIDTHS["wide"])
    page.goto("/people")
    page.get_by_role("link", name="Robin Vale").click()
    expect(page.get_by_role("heading", name="Signed-in sessions")).to_be_visible()
    _accessible(page)
    _both_widths(page, "person")


def test_the_reset_pages_and_a_deactivation_with_seats(page):
    page.goto("/reset")
    _accessible(page)
    _both_widths(page, "reset-request")
    page.set_viewport_size(WIDTHS["wide"])
    log_in(page)
    page.goto("/people")
    page.get_by_role("link", name="Priya Raman").click()
    expect(page.get_by_role("heading", name="Deactivate")).to_be_visible()
    _both_widths(page, "person-with-seats")
    page.set_viewport_size(WIDTHS["wide"])
    page.get_by_role("button", name="Make a password reset link").click()
    url = page.get_by_role("textbox", name="Password reset link").input_value()
    page.goto("/reset/" + url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    _accessible(page)
    _both_widths(page, "reset")


def test_a_person_turns_a_kind_of_mail_off_on_their_mail_page(page):
    log_in(page)
    page.goto("/me/mail")
    expect(page.get_by_role("heading", name="Your mail")).to_be_visible()
    _accessible(page)
    _both_widths(page, "mail-preferences")
    first = page.get_by_role("checkbox").first
    was = first.is_checked()
    first.set_checked(not was)
    page.get_by_role("button", name="Save mail preferences").click()
    expect(page.locator(".flash")).to_contain_text("Mail preferences saved.")
    page.goto("/me/mail")
    assert page.get_by_role("checkbox").first.is_checked() is (not was)
