"""Owners and admins see every approval and escalation waiting across the organization, and
filter by whom it waits on, for how long and which agent asked (plain GET parameters). A member
is refused that view and sees only what waits on them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from otp.governance.models import ApprovalRequest, Escalation
from otp.org.models import Person
from tests.web.decisions_kit import agent_id, demo_spend
from tests.web.kit import web

SPEND = "asks to spend money outside OTP: $1,200.00"
ESCALATION = "Northwind&#39;s CMO asked to pause the retainer"


def _person(k, email: str) -> str:
    with k.db.read() as s:
        return s.execute(select(Person.id).where(Person.email == email)).scalar_one()


def test_an_owner_with_nothing_to_decide_is_pointed_at_what_waits_on_others(demo_db):
    with web(demo_db) as k:
        page = k.get("/approvals").text
        assert "Nothing waits for your approval." in page and 'href="/approvals?view=org"' in page
        whole = k.get("/approvals?view=org").text
        assert SPEND in whole and ESCALATION in whole and "Waiting on <strong>Sam Rivera</strong>" in whole


def test_the_organization_view_filters_by_whom_it_waits_on(demo_db):
    with web(demo_db) as k:
        on_sam = k.get(f"/approvals?view=org&on={_person(k, 'sam@example.com')}").text
        assert SPEND in on_sam and ESCALATION not in on_sam
        on_priya = k.get(f"/approvals?view=org&on={_person(k, 'priya@example.com')}").text
        assert SPEND not in on_priya and ESCALATION in on_priya


def test_the_organization_view_filters_by_how_long_it_has_waited(demo_db):
    with web(demo_db) as k:
        with k.db.write() as s:
            spend = s.get(ApprovalRequest, demo_spend(k))
            spend.created_at -= timedelta(hours=30)
        page = k.get("/approvals?view=org&older_than_hours=24").text
        assert SPEND in page and ESCALATION not in page and "No open escalation matches these filters." in page
        with k.db.write() as s:
            for escalation in s.execute(select(Escalation)).scalars():
                escalation.created_at -= timedelta(hours=30)
        assert ESCALATION in k.get("/approvals?view=org&older_than_hours=24").text


def test_the_organization_view_filters_by_which_agent_asked(demo_db):
    with web(demo_db) as k:
        bidwell = k.get(f"/approvals?view=org&agent={agent_id(k, 'Bidwell')}").text
        assert SPEND in bidwell and ESCALATION not in bidwell
        atlas = k.get(f"/approvals?view=org&agent={agent_id(k, 'Atlas')}").text
        assert SPEND not in atlas and ESCALATION in atlas and "Nothing waits that matches these filters." in atlas


def test_a_filter_that_is_no_number_is_refused_naming_it(demo_db):
    with web(demo_db) as k:
        response = k.get("/approvals?view=org&older_than_hours=soon")
        assert response.status_code == 422 and "older_than_hours must be a whole number" in response.text
        assert SPEND in response.text  # the view, unfiltered, under the message


def test_a_member_is_refused_the_organization_view_and_sees_what_waits_on_them(demo_db):
    with web(demo_db) as k:
        k.login("sam@example.com")
        response = k.get("/approvals?view=org")
        assert response.status_code == 403 and ESCALATION not in response.text
        assert SPEND in response.text  # Sam's own inbox is still there
        assert 'href="/approvals?view=org"' not in k.get("/approvals").text
