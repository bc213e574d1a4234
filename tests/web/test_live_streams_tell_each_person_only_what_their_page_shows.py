"""The live streams of the home page and the approvals list (read here by a plain HTTP client on
a real server) tell a person only about what their own page shows: a member is not told about
approvals waiting on someone else, a member asking for the organization's view gets their own,
and nobody is ever told about another organization."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from otp.org.models import Organization
from otp.web import live
from tests.web.live_kit import Listener, agent_asks, another_organization_asks, eventually, served, signed_in

QUIET = 1.0  # seconds to wait for an event that must not come: 20 polls at the test's rate


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)


def _demo(db) -> str:
    with db.read() as s:
        return s.execute(select(Organization.id).where(Organization.slug == "demo")).scalar_one()


def test_a_member_is_told_about_an_approval_for_them_and_not_about_one_for_someone_else(demo_db):
    org = _demo(demo_db)
    with served(demo_db) as base, signed_in(base, "sam@example.com") as sam:
        with Listener(sam, "/home/live") as home, Listener(sam, "/approvals/live") as mine, \
                Listener(sam, "/approvals/live?view=org") as asked_for_org:
            time.sleep(QUIET)  # the first poll: each stream starts at the version it was given ("")
            before = [len(x.events()) for x in (home, mine, asked_for_org)]
            agent_asks(demo_db, org, "Tally", "Bookkeeper", "Chase the March invoices")  # waits on Jordan
            time.sleep(QUIET)
            assert [len(x.events()) for x in (home, mine, asked_for_org)] == before
            agent_asks(demo_db, org, "Sentry", "Quality Reviewer", "Re-check the brand guide")  # waits on Sam
            for stream, count in zip((home, mine, asked_for_org), before):
                assert eventually(lambda: len(stream.events()) == count + 1), stream.path


def test_an_owner_watching_the_whole_organization_is_never_told_about_another_organization(demo_db):
    org = _demo(demo_db)
    with served(demo_db) as base, signed_in(base, "owner@example.com") as owner:
        with Listener(owner, "/approvals/live?view=org") as everything, Listener(owner, "/home/live") as home:
            time.sleep(QUIET)
            before = (len(everything.events()), len(home.events()))
            another_organization_asks(demo_db)
            time.sleep(QUIET)
            assert (len(everything.events()), len(home.events())) == before
            agent_asks(demo_db, org, "Tally", "Bookkeeper", "Chase the March invoices")  # in Maya's organization
            assert eventually(lambda: len(everything.events()) == before[0] + 1)
            time.sleep(QUIET)
            assert len(home.events()) == before[1]  # it waits on Jordan, not on Maya: her home is unchanged


def test_a_stream_given_the_pages_version_is_silent_until_something_changes(demo_db):
    with served(demo_db) as base, signed_in(base, "sam@example.com") as sam:
        page = sam.get("/approvals").text
        url = page.split('sse-connect="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        with Listener(sam, url) as stream:
            time.sleep(QUIET)
            assert stream.events() == [] and not stream.closed.is_set()
            agent_asks(demo_db, _demo(demo_db), "Sentry", "Quality Reviewer", "Proofread the Q3 deck")
            assert eventually(lambda: len(stream.events()) == 1)
            version = stream.events()[0]["data"]
            assert stream.events()[0]["id"] == version and version not in url
