from tests.agentface.kit import call, world


def test_read_inbox_lists_unread_items_and_marks_them_read(org):
    w = world(org, level=3)
    outcome = w.outcome()
    hana = org.token_for(person=w.human)
    for status in ("on_track", "off_track"):
        approval = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status=status)["approval"]
        org.ok("POST", f"/api/v1/approvals/{approval['approval_id']}/reject", {"reason": "Not yet"}, token=hana)
    first = call(org, w.token, "read_inbox")["result"]
    assert first["unread"] == 2 and all(i["read_at"] is None for i in first["items"])
    marked = call(org, w.token, "read_inbox", mark_read=[first["items"][0]["id"]])["result"]
    assert marked["unread"] == 1 and [i["id"] for i in marked["items"]] == [first["items"][1]["id"]]
    rest = call(org, w.token, "read_inbox", mark_returned_read=True)["result"]
    assert rest["unread"] == 0 and len(rest["items"]) == 1
    everything = call(org, w.token, "read_inbox", unread_only=False)["result"]
    assert len(everything["items"]) == 2 and all(i["read_at"] for i in everything["items"])
    assert org.ok("GET", "/api/v1/me/inbox", token=w.token, params={"unread": "true"}) == []


def test_marking_someone_elses_item_is_not_found(org):
    w = world(org, level=3)
    answer = call(org, w.token, "read_inbox", mark_read=["inb_not_mine"])
    assert answer["is_error"] and answer["error"]["field"] == "item_id"
