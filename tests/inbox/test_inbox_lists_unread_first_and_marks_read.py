from otp.inbox.service import deliver


def put(db, org, recipient_id, title, kind="message", recipient_kind="person"):
    with db.write() as s:
        return deliver(s, org.org_id, recipient_kind, recipient_id, kind, title, "body", "thing", "t1").id


def test_the_inbox_lists_unread_first_then_newest_and_marks_read(org, db):
    first = put(db, org, org.owner_id, "First")
    second = put(db, org, org.owner_id, "Second", kind="warning")
    org.ok("POST", f"/api/v1/me/inbox/{second}/read")
    items = org.ok("GET", "/api/v1/me/inbox")
    assert [i["id"] for i in items] == [first, second]
    assert items[0]["read_at"] is None and items[1]["read_at"] is not None
    assert [i["id"] for i in org.ok("GET", "/api/v1/me/inbox", params={"unread": "true"})] == [first]
    assert [i["id"] for i in org.ok("GET", "/api/v1/me/inbox", params={"kind": "warning"})] == [second]


def test_nobody_reads_or_marks_someone_elses_items(org, db):
    other = org.person("Nina Other")
    theirs = put(db, org, other["id"], "Private")
    assert org.ok("GET", "/api/v1/me/inbox") == []
    response = org.post(f"/api/v1/me/inbox/{theirs}/read")
    assert response.status_code == 404 and response.json()["error"]["field"] == "item_id"


def test_an_agent_has_an_inbox_too(org, db):
    agent = org.agent("Inboxer")
    put(db, org, agent["id"], "For the agent", recipient_kind="agent")
    token = org.token_for(agent=agent)
    assert [i["title"] for i in org.ok("GET", "/api/v1/me/inbox", token=token)] == ["For the agent"]


def test_a_bad_filter_is_a_422_naming_it(org):
    response = org.get("/api/v1/me/inbox", params={"kind": "gossip"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "kind"
