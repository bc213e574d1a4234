"""The web page /me/mail shows each kind with its box; saving the form turns unticked kinds off."""
from otp.mail.preferences import preferences
from tests.mail.kit import csrf_of, web_client


def test_unticking_a_kind_on_the_web_turns_it_off_and_the_page_shows_it(app, db, org):
    browser = web_client(app, f"owner-{org.slug[4:]}@example.com", "pw-owner")
    page = browser.get("/me/mail")
    assert page.status_code == 200 and "Daily digest of what needs you" in page.text
    response = browser.post("/me/mail-preferences", follow_redirects=False,
                            data={"csrf_token": csrf_of(page.text), "on": ["approval_waiting", "escalation_climbed"]},
                            headers={"referer": "http://testserver/me/mail"})
    assert response.status_code == 303 and response.headers["location"] == "http://testserver/me/mail"
    with db.read() as s:
        assert preferences(s, org.owner_id) == {"approval_waiting": True, "escalation_raised": False,
                                                "escalation_climbed": True, "digest": False}
    page = browser.get("/me/mail").text
    assert 'value="digest">' in page and 'value="approval_waiting" checked>' in page
    assert "Mail preferences saved." in page and len(org.events("mail.preferences_changed")) == 1
