"""The issues list has a priority order that can be changed; the top 3 stand out."""
from __future__ import annotations

from tests.work.kit import issue, issues, refused, team, walk


def titles(org):
    return [i["title"] for i in issues(org)]


def test_new_issues_go_to_the_bottom_and_the_top_three_are_flagged(org):
    t = team(org)
    for name in "ABCD":
        issue(org, t.lead["id"], name)
    listed = issues(org)
    assert [i["title"] for i in listed] == list("ABCD")
    assert [i["top"] for i in listed] == [True, True, True, False]


def test_moving_an_issue_to_the_top_shifts_the_others(org):
    t = team(org)
    made = {name: issue(org, t.lead["id"], name) for name in "ABCD"}
    moved = org.ok("POST", f"/api/v1/issues/{made['D']['id']}/reorder", {"position": 1})
    assert moved["top"] and moved["priority"] == 1
    assert titles(org) == list("DABC")
    org.ok("POST", f"/api/v1/issues/{made['D']['id']}/reorder", {"position": 3})
    assert titles(org) == list("ABDC")
    assert len(org.events("issue.reordered")) == 2


def test_raising_with_a_priority_inserts_it_there(org):
    t = team(org)
    for name in "ABC":
        issue(org, t.lead["id"], name)
    issue(org, t.lead["id"], "Urgent", priority=1)
    assert titles(org) == ["Urgent", "A", "B", "C"]


def test_a_dropped_issue_leaves_the_top_three(org):
    t = team(org)
    made = [issue(org, t.lead["id"], name) for name in "ABCD"]
    walk(org, made[0]["id"], "dropped")
    top = [i["title"] for i in issues(org) if i["top"]]
    assert top == ["B", "C", "D"]
    before = org.event_count()
    refused(org, org.post(f"/api/v1/issues/{made[0]['id']}/reorder", {"position": 1}), 409, "position", before)


def test_paging_follows_the_rank(org):
    t = team(org)
    for name in "ABCDE":
        issue(org, t.lead["id"], name)
    first = org.ok("GET", "/api/v1/issues", params={"limit": 2})
    second = org.ok("GET", "/api/v1/issues", params={"limit": 2, "cursor": first["next_cursor"]})
    assert [i["title"] for i in first["items"] + second["items"]] == list("ABCD")
