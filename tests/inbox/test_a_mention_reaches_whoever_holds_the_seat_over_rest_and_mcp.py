from tests.agentface.kit import call, world
from tests.inbox.kit import mentions


def test_a_bracketed_mention_reaches_the_human_holding_the_seat_in_rest_with_a_link_and_an_excerpt(org):
    w = world(org, level=3)
    issue = org.ok("POST", "/api/v1/issues", {"title": "Supplier is late", "owner_seat_id": w.seat["id"],
                                              "details": "Two weeks late. @[Ops Lead] can you call them?"}, status=201)
    items = org.ok("GET", "/api/v1/me/inbox", token=org.token_for(person=w.human))
    assert len(items) == 1
    item = items[0]
    assert item["kind"] == "mention" and item["read_at"] is None
    assert (item["link_type"], item["link_id"]) == ("issue", issue["id"])
    assert item["title"] == 'Olive Owner mentioned @[Ops lead] in issue "Supplier is late"'
    assert item["body"] == "Two weeks late. @[Ops Lead] can you call them?"


def test_a_slug_mention_reaches_the_agent_holding_the_seat_in_read_inbox_and_the_briefing(org):
    w = world(org, level=3)
    todo = org.ok("POST", "/api/v1/todos", {"title": "@ops-agent draft the supplier letter",
                                            "owner_seat_id": w.lead["id"]}, status=201)
    inbox = call(org, w.token, "read_inbox")["result"]
    assert inbox["unread"] == 1
    assert inbox["items"][0]["kind"] == "mention"
    assert inbox["items"][0]["title"] == 'Olive Owner mentioned @[Ops agent] in to-do "@ops-agent draft the supplier letter"'
    briefing = call(org, w.token, "briefing")["result"]["inbox"]
    assert briefing["unread"] == 1
    assert briefing["items"][0]["link"] == {"type": "todo", "id": todo["id"]}


def test_an_agent_mentioning_a_seat_over_mcp_reaches_its_human_over_rest(org):
    w = world(org, level=3)
    answer = call(org, w.token, "raise_issue", title="Need a decision", details="@ops-lead yes or no on the budget?")
    assert answer["status"] == "done"
    [item] = mentions(org)
    assert (item.recipient_kind, item.recipient_id) == ("person", w.human["id"])
    assert item.link_id == answer["result"]["issue_id"] and item.title.startswith(w.agent["name"] + " mentioned")
    rest = org.ok("GET", "/api/v1/me/inbox", token=org.token_for(person=w.human), params={"kind": "mention"})
    assert [i["id"] for i in rest] == [item.id]
