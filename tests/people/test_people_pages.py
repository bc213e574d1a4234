"""The people pages in the web app: the owner invites from /people (without mail the link is
shown to copy), opens a person's page, deactivates with the seats' fate chosen; the invitee's
link page sets a password and signs in; a used link shows a page saying so."""
from __future__ import annotations

import re

import pytest

from tests.people.kit import browser, csrf_of, post_form, sign_in


@pytest.fixture(autouse=True)
def _no_smtp(monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)


@pytest.fixture
def owner_tab(org, app):
    tab = browser(app)
    assert sign_in(tab, f"owner-{org.slug[4:]}@example.com", "pw-owner").status_code == 303
    return tab


def test_the_owner_invites_from_the_people_page_and_sees_the_link_to_copy(owner_tab, app, people):
    response = post_form(owner_tab, "/people", "/people/invitations", {"email": "ada@example.org", "role": "member"})
    assert response.status_code == 303
    page = owner_tab.get("/people").text
    link = re.search(r'value="(http[^"]+/join/[^"]+)"', page).group(1)
    assert "ada@example.org" in page and "Pending invitations" in page
    assert link not in owner_tab.get("/people").text  # shown once
    invitee = browser(app)
    path = "/join/" + link.rsplit("/", 1)[1]
    join = invitee.get(path)
    assert join.status_code == 200 and "Join" in join.text
    done = invitee.post(path, data={"csrf_token": csrf_of(join.text), "name": "Ada L", "password": "a-good-password"})
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert invitee.get("/").status_code == 200
    again = browser(app).get(path)
    assert again.status_code == 410 and "already used" in again.text and "Nothing was changed" in again.text


def test_a_bad_password_on_the_join_page_shows_the_form_again(people, app):
    invitation = people.invite()
    tab = browser(app)
    path = invitation["link"]
    page = tab.get(path)
    response = tab.post(path, data={"csrf_token": csrf_of(page.text), "name": "Bo", "password": "short"})
    assert response.status_code == 422 and "at least 8 characters" in response.text
    assert people.invitation(invitation["id"]).state == "pending"


def test_deactivating_from_the_person_page_vacates_the_chosen_seats(owner_tab, people, org):
    person = people.member()
    root = org.root()
    seat = org.seat("Support", parent=root["id"], holder={"id": person["id"]}, kind="person")
    page = owner_tab.get(f"/people/{person['id']}")
    assert page.status_code == 200 and "Support" in page.text and "Leave vacant" in page.text
    refused = post_form(owner_tab, f"/people/{person['id']}", f"/people/{person['id']}/deactivate", {"seats": ""})
    assert refused.status_code == 409 and "holds 1 seat(s) (Support)" in refused.text
    done = post_form(owner_tab, f"/people/{person['id']}", f"/people/{person['id']}/deactivate", {"seats": "vacate"})
    assert done.status_code == 303
    assert {s["id"]: s for s in org.chart()}[seat["id"]]["occupant"] is None
    listing = owner_tab.get("/people").text
    assert "deactivated" in listing


def test_a_member_sees_people_but_no_invite_form(people, app):
    member = people.member()
    tab = browser(app)
    sign_in(tab, member["email"], member["password"])
    page = tab.get("/people")
    assert page.status_code == 200 and "Invite someone" not in page.text
    own = tab.get(f"/people/{member['id']}")
    assert "this browser" in own.text and "Deactivate" not in own.text and "Mail you get" in own.text


def test_asking_for_a_reset_says_the_same_for_any_address(app, people, monkeypatch):
    tab = browser(app)
    member = people.member()
    for email in (member["email"], "nobody@example.com"):
        response = post_form(tab, "/reset", "/reset", {"email": email})
        assert response.status_code == 200 and "If <strong>" in response.text
    assert len(people.mails("password_reset")) == 1
