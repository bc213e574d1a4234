"""Headlines: customer/employee/other news, by any actor, optionally for a meeting."""
from __future__ import annotations

from tests.work.kit import refused, team


def test_people_and_agents_post_headlines_listed_newest_first(org):
    t = team(org)
    bot_token = org.token_for(agent=org.agent("Herald", level=2))
    org.ok("POST", "/api/v1/headlines", {"kind": "customer", "text": "Acme renewed for 2 years"}, status=201)
    posted = org.ok("POST", "/api/v1/headlines", {"kind": "employee", "text": "Ann ran her first L10",
                                                  "meeting_id": "mtg_1"}, token=bot_token, status=201)
    assert posted["author"]["kind"] == "agent" and posted["meeting_id"] == "mtg_1"
    listed = org.ok("GET", "/api/v1/headlines")["items"]
    assert [h["kind"] for h in listed] == ["employee", "customer"]
    assert [h["text"] for h in org.ok("GET", "/api/v1/headlines", params={"meeting_id": "mtg_1"})["items"]] == [
        "Ann ran her first L10"]
    assert len(org.events("headline.posted")) == 2 and t


def test_an_unknown_kind_is_refused(org):
    before = org.event_count()
    refused(org, org.post("/api/v1/headlines", {"kind": "gossip", "text": "x"}), 422, "kind", before)
