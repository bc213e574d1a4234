"""A live page's stream (home, approvals, the meeting runner — one mechanism) ends when its
session is signed out or expires, telling the page to stop reconnecting; a signed-out browser
gets no stream at all; and an open, idle stream holds no database connection."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from otp.auth.models import WebSession
from otp.core import clock
from otp.meetings.models import Meeting
from otp.org.models import Person
from otp.web import live
from tests.web.live_kit import Listener, csrf_of, eventually, served, signed_in


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)


def _scheduled_meeting(db) -> str:
    with db.read() as s:
        return s.execute(select(Meeting.id).where(Meeting.state == "scheduled")).scalars().first()


def test_signing_out_ends_every_open_stream_of_that_session(demo_db):
    meeting = _scheduled_meeting(demo_db)
    with served(demo_db) as base, signed_in(base, "owner@example.com") as maya:
        streams = [Listener(maya, path) for path in ("/home/live", "/approvals/live", f"/meetings/{meeting}/live")]
        for stream in streams:
            stream.__enter__()
        time.sleep(0.5)
        assert not any(s.closed.is_set() for s in streams)
        assert maya.post("/logout", data={"csrf_token": csrf_of(maya)}).status_code == 303
        for stream in streams:
            assert eventually(stream.closed.is_set), stream.path
            assert stream.messages[-1]["event"] == "end", stream.path
            stream.__exit__(None, None, None)


def test_an_expired_session_ends_the_stream(demo_db):
    with served(demo_db) as base, signed_in(base, "sam@example.com") as sam:
        with Listener(sam, "/approvals/live") as stream:
            time.sleep(0.3)
            assert not stream.closed.is_set()
            with demo_db.write() as s:
                sam_id = s.execute(select(Person.id).where(Person.email == "sam@example.com")).scalar_one()
                s.execute(update(WebSession).where(WebSession.person_id == sam_id)
                          .values(expires_at=clock.now() - timedelta(seconds=1)))
            assert eventually(stream.closed.is_set)
            assert stream.events("end")


def test_a_signed_out_browser_gets_no_stream(demo_db):
    meeting = _scheduled_meeting(demo_db)
    with served(demo_db) as base, signed_in(base, "sam@example.com") as sam:
        sam.cookies.clear()
        for path in ("/home/live", "/approvals/live", f"/meetings/{meeting}/live"):
            answer = sam.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login"), path


def test_open_idle_streams_hold_no_database_connection(demo_db, monkeypatch):
    monkeypatch.setattr(live, "POLL_SECONDS", 0.5)
    meeting = _scheduled_meeting(demo_db)
    with served(demo_db) as base, signed_in(base, "owner@example.com") as maya:
        with Listener(maya, "/home/live"), Listener(maya, "/approvals/live?view=org"), \
                Listener(maya, f"/meetings/{meeting}/live"):
            time.sleep(0.6)  # every stream has polled at least once
            held = []
            for _ in range(11):
                held.append(demo_db.engine.pool.checkedout())
                time.sleep(0.09)
    # A poll borrows a connection for a moment; a stream that kept one would show 3 in every sample.
    assert sorted(held)[len(held) // 2] == 0, held
