"""The consent page offers only the agents whose tokens governance lets the person manage; a
consent posted for any other agent is refused (403) and nothing is issued or recorded. Denying
sends access_denied back to the client."""
from sqlalchemy import select

from otp.auth.tokens import person_actor
from otp.oauth.models import OAuthCode
from otp.org.agents import retire_agent
from tests.oauth.kit import oauth, returned


def test_a_member_sees_no_agent_and_a_forged_consent_is_refused(org):
    agent = org.agent("Quill")
    member = org.person("Mia Member", role="member")
    kit = oauth(org)
    kit.register()
    kit.sign_in(member["id"], password="pw-person")
    path = kit.consent_page()
    page = kit.browser.get(path)
    assert page.status_code == 200 and "Quill" not in page.text and "You may not manage" in page.text
    events = len(org.events())
    refused = kit.decide(path, agent["id"])
    assert refused.status_code == 403 and "location" not in refused.headers
    assert kit.counts() == (0, 0) and len(org.events()) == events


def test_an_agent_of_another_organization_is_not_found(org, db, client):
    from tests.helpers import OrgKit
    other = OrgKit.create(db, client).agent("Elsewhere")
    kit = oauth(org)
    kit.register()
    kit.sign_in()
    refused = kit.decide(kit.consent_page(), other["id"])
    assert refused.status_code == 404 and kit.counts() == (0, 0)


def test_a_retired_agent_is_not_offered(org):
    agent = org.agent("Quill")
    with org.db.write() as s:
        retire_agent(s, person_actor(s, org.owner_id, org.org_id), agent["id"], reason="done")
    kit = oauth(org)
    kit.register()
    kit.sign_in()
    path = kit.consent_page()
    assert "Quill" not in kit.browser.get(path).text
    assert kit.decide(path, agent["id"]).status_code == 409 and kit.counts() == (0, 0)


def test_denying_sends_access_denied_back_and_issues_nothing(org):
    agent = org.agent("Quill")
    kit = oauth(org)
    kit.register()
    kit.sign_in()
    answer = kit.decide(kit.consent_page(), agent["id"], decision="deny")
    assert answer.status_code == 303
    query = returned(answer)
    assert query["error"] == "access_denied" and query["state"] == "st-1" and "code" not in query
    with org.db.read() as s:
        assert s.execute(select(OAuthCode).where(OAuthCode.org_id == org.org_id)).first() is None


def test_a_forged_or_stale_ticket_is_refused(org):
    kit = oauth(org)
    kit.register()
    kit.sign_in()
    path = kit.consent_page()
    assert kit.browser.get(path[:-3] + "xyz").status_code == 400
