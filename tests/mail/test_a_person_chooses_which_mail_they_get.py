"""Each person turns optional kinds of mail off and on, over REST and on the web; an opted-out
kind is still recorded in the outbox but never sent; bad input changes nothing."""
from tests.governance_runtime.kit import chart, declare
from tests.mail.kit import outbox, send, smtp_server

PATH = "/api/v1/me/mail-preferences"


def _enabled(body: dict) -> dict:
    return {p["kind"]: p["enabled"] for p in body["preferences"]}


def test_every_kind_is_on_until_the_person_turns_it_off_and_on_again(org):
    assert set(_enabled(org.ok("GET", PATH)).values()) == {True}
    assert _enabled(org.ok("PUT", PATH, {"digest": False}))["digest"] is False
    assert _enabled(org.ok("GET", PATH)) == {"approval_waiting": True, "escalation_raised": True,
                                             "escalation_climbed": True, "digest": False}
    assert _enabled(org.ok("PUT", PATH, {"digest": True}))["digest"] is True
    assert len(org.events("mail.preferences_changed")) == 2


def test_an_unknown_kind_or_a_non_boolean_is_refused_naming_it_and_nothing_changes(org):
    before = org.event_count()
    response = org.call("PUT", PATH, {"invitation": False})
    assert response.status_code == 422 and response.json()["error"]["field"] == "invitation"
    response = org.call("PUT", PATH, {"digest": "no"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "digest"
    assert org.event_count() == before and set(_enabled(org.ok("GET", PATH)).values()) == {True}


def test_an_approver_who_turned_approval_mail_off_gets_none(db, org, monkeypatch):
    c = chart(org, level=1)
    member_token = org.token_for(person=c.member)
    org.ok("PUT", PATH, {"approval_waiting": False}, token=member_token)
    assert declare(org, c.agent_token, amount_cents=700).status_code == 202
    with smtp_server(monkeypatch) as inbox:
        assert send(db, org.org_id) == 0
    assert inbox.messages == [] and [m.state for m in outbox(db, org.org_id)] == ["suppressed"]


def test_an_agent_has_no_mail_preferences(org):
    c = chart(org)
    response = org.call("GET", PATH, token=c.agent_token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "actor"
