from otp.inbox.mentions import notify
from tests.inbox.kit import mentions, recipients
from tests.work.kit import team


def test_a_vacant_seat_gets_no_item_and_the_text_is_still_saved(org):
    t = team(org)
    org.seat("Recruiter", parent=t.ceo["id"])
    issue = org.ok("POST", "/api/v1/issues", {"title": "Hiring", "details": "@recruiter please post the ad",
                                              "owner_seat_id": t.lead["id"]}, status=201)
    assert issue["details"] == "@recruiter please post the ad"
    assert mentions(org) == []


def test_an_unknown_mention_and_an_email_address_are_ignored_not_errors(org):
    t = team(org)
    response = org.post("/api/v1/todos", {"title": "Mail ann@lead.example about @nobody-here", "owner_seat_id": t.lead["id"]})
    assert response.status_code == 201, response.text
    assert mentions(org) == []


def test_mentioning_your_own_seat_does_not_notify_you_but_others_still_are(org):
    t = team(org)
    org.ok("POST", "/api/v1/headlines", {"kind": "employee", "text": "@ceo and @lead closed the quarter"},
           token=t.ann_token, status=201)
    assert recipients(org) == [org.owner_id]  # the CEO; Ann, who holds Lead, wrote it


def test_text_the_platform_writes_mentions_nobody(org, db):
    t = team(org)
    with db.write() as s:
        assert notify(s, t.system, ["@lead look"], link_type="issue", link_id="iss_x", what="x") == []
    assert mentions(org) == []
