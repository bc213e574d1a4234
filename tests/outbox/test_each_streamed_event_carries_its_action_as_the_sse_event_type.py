"""Every server-sent event names its action in the `event:` field, so a client can listen for one
kind (EventSource.addEventListener("issue.raised")) without parsing the data."""
import httpx

from otp.api.app import create_app
from tests.outbox.kit import poke, serve, sse_events


def test_each_event_is_typed_with_its_action(org, settings):
    org.root()
    start = org.event_count()
    poke(org, 1, action="test.first")
    poke(org, 1, action="test.second")
    auth = {"Authorization": f"Bearer {org.token}"}
    with serve(create_app(settings, org.db)) as (base, _):
        params = {"last_event_id": start, "entity_type": "test"}
        with httpx.stream("GET", f"{base}/api/v1/events/stream", headers=auth, params=params, timeout=10) as r:
            got = []
            for message in sse_events(r):
                if "data" in message:
                    got.append((message["event"], message["data"]["action"]))
                if len(got) == 2:
                    break
    assert got == [("test.first", "test.first"), ("test.second", "test.second")]
