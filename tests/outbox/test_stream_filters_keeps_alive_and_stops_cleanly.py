"""The stream filters by action and entity type, sends keep-alive comments when idle, and ends
cleanly when the client goes away or the server shuts down."""
from __future__ import annotations

import signal
import threading

import httpx
import pytest
from sse_starlette.sse import AppStatus

from otp.api.app import create_app
from otp.outbox import stream
from tests.helpers import wait_for
from tests.outbox.kit import poke, serve, sse_events


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(stream, "POLL_SECONDS", 0.02)


def test_filters_pick_actions_and_entity_types(org, settings):
    org.root()
    start = org.event_count()
    poke(org, 2, action="test.ignored")
    [wanted] = poke(org, 1, action="test.wanted")
    auth = {"Authorization": f"Bearer {org.token}"}
    with serve(create_app(settings, org.db)) as (base, _):
        params = {"last_event_id": start, "action": "test.want*", "entity_type": "test"}
        with httpx.stream("GET", f"{base}/api/v1/events/stream", headers=auth, params=params, timeout=10) as r:
            first = next(m for m in sse_events(r) if "id" in m)
    assert (first["id"], first["data"]["action"]) == (wanted, "test.wanted")


def test_an_idle_stream_sends_keep_alive_comments(org, settings, monkeypatch):
    monkeypatch.setattr(stream, "KEEPALIVE_SECONDS", 0.1)
    with serve(create_app(settings, org.db)) as (base, _):
        with httpx.stream("GET", f"{base}/api/v1/events/stream",
                          headers={"Authorization": f"Bearer {org.token}"}, timeout=10) as r:
            messages = sse_events(r)
            assert next(messages) == {"retry": stream.RETRY_MS}
            assert next(messages) == {"comment": "keep-alive"}


def test_a_client_disconnect_ends_the_stream_on_the_server(org, settings):
    with serve(create_app(settings, org.db)) as (base, _):
        with httpx.stream("GET", f"{base}/api/v1/events/stream",
                          headers={"Authorization": f"Bearer {org.token}"}, timeout=10) as r:
            # Keep the reader: a dropped generator closes the connection (httpcore closes the stream when
            # its iterator is closed), and the server could then end the stream before the gauge is read.
            messages = sse_events(r)
            next(messages)
            assert wait_for(lambda: stream.active_streams() >= 1), (stream.active_streams(), stream.server_exiting())
        assert wait_for(lambda: stream.active_streams() == 0)


def test_server_shutdown_ends_open_streams_instead_of_hanging(org, settings, monkeypatch):
    # sse-starlette wraps uvicorn's handle_exit to set a process-wide flag that ends every SSE
    # stream; it must not outlive this test (later tests' streams would end at once).
    monkeypatch.setattr(AppStatus, "should_exit", AppStatus.should_exit)
    ended = threading.Event()
    with serve(create_app(settings, org.db)) as (base, server):
        def listen():
            with httpx.stream("GET", f"{base}/api/v1/events/stream",
                              headers={"Authorization": f"Bearer {org.token}"}, timeout=60) as r:
                for _ in sse_events(r):
                    pass
            ended.set()
        threading.Thread(target=listen, daemon=True).start()
        assert wait_for(lambda: stream.active_streams() >= 1)
        # What uvicorn.run does in the main thread: SIGTERM → Server.handle_exit.
        previous = signal.signal(signal.SIGTERM, server.handle_exit)
        try:
            server.handle_exit(signal.SIGTERM, None)
            assert ended.wait(20), "the stream did not end on shutdown"  # generous: CI machines get busy
        finally:
            signal.signal(signal.SIGTERM, previous)


def test_a_bad_last_event_id_is_a_422_naming_it(org):
    response = org.client.get("/api/v1/events/stream", headers={"Last-Event-ID": "yesterday",
                                                                 "Authorization": f"Bearer {org.token}"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "last-event-id"
    response = org.get("/api/v1/events/stream", params={"last_event_id": -1})
    assert response.status_code == 422 and response.json()["error"]["field"] == "last_event_id"


def test_a_resume_point_beyond_every_event_waits_quietly(org, settings, monkeypatch):
    monkeypatch.setattr(stream, "KEEPALIVE_SECONDS", 0.1)
    with serve(create_app(settings, org.db)) as (base, _):
        with httpx.stream("GET", f"{base}/api/v1/events/stream", params={"last_event_id": 2**40},
                          headers={"Authorization": f"Bearer {org.token}"}, timeout=10) as r:
            messages = sse_events(r)
            assert [next(messages), next(messages)] == [{"retry": stream.RETRY_MS}, {"comment": "keep-alive"}]
