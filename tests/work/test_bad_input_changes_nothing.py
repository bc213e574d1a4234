"""Every endpoint answers bad input with a 4xx naming the field, and changes nothing."""
from __future__ import annotations

import pytest

from tests.work.kit import issue, outcome, refused, team, todo

LINK = {"title": "Brief", "url": "https://docs.example.com/brief"}
CASES = [
    # method, path ({o} outcome, {i} issue, {t} todo, {m} milestone), body or params, status, field
    ("POST", "/api/v1/outcomes", {"title": "", "definition_of_done": "x", "owner_seat_id": "{lead}"}, 422, "title"),
    ("POST", "/api/v1/outcomes", {"title": "X", "owner_seat_id": "{lead}"}, 422, "definition_of_done"),
    ("POST", "/api/v1/outcomes", {"title": "X", "definition_of_done": "x", "owner_seat_id": "{lead}",
                                  "quarter": "2026-Q5"}, 422, "quarter"),
    ("POST", "/api/v1/outcomes", {"title": "X", "definition_of_done": "x", "owner_seat_id": "{lead}",
                                  "kind": "epic"}, 422, "kind"),
    ("POST", "/api/v1/outcomes", {"title": "X", "definition_of_done": "x", "owner_seat_id": "{lead}",
                                  "context_links": [{"title": "x", "url": "ftp://x"}]}, 422, "context_links.0.url"),
    ("POST", "/api/v1/outcomes", {"title": "X", "definition_of_done": "x", "owner_seat_id": "{lead}",
                                  "parent_id": "out_nope"}, 404, "parent_id"),
    ("POST", "/api/v1/outcomes", {"title": "X", "definition_of_done": "x", "owner_seat_id": "{lead}",
                                  "due_date": "next week"}, 422, "due_date"),
    ("PATCH", "/api/v1/outcomes/{o}", {"parent_id": "{o}"}, 409, "parent_id"),
    ("PATCH", "/api/v1/outcomes/{o}", {"colour": "red"}, 422, "colour"),
    ("PATCH", "/api/v1/outcomes/out_nope", {"title": "x"}, 404, "outcome_id"),
    ("POST", "/api/v1/outcomes/{o}/status", {"status": "done_pending_review"}, 422, "status"),
    ("POST", "/api/v1/outcomes/{o}/status", {"status": "great"}, 422, "status"),
    ("POST", "/api/v1/outcomes/{o}/milestones", {"title": "  "}, 422, "title"),
    ("PATCH", "/api/v1/outcomes/{o}/milestones/ms_nope", {"done": True}, 404, "milestone_id"),
    ("PATCH", "/api/v1/outcomes/{o}/milestones/{m}", {"done": "maybe"}, 422, "done"),
    ("POST", "/api/v1/outcomes/{o}/evidence", {"kind": "rumour", "summary": "x"}, 422, "kind"),
    ("POST", "/api/v1/outcomes/{o}/complete", {"note": 5}, 422, "note"),
    ("POST", "/api/v1/outcomes/{o}/review", {"accept": True}, 409, "status"),
    ("POST", "/api/v1/outcomes/{o}/review", {}, 422, "accept"),
    ("POST", "/api/v1/outcomes/{o}/owner", {"owner_seat_id": "seat_nope"}, 404, "owner_seat_id"),
    ("GET", "/api/v1/outcomes", {"status": "lost"}, 422, "status"),
    ("GET", "/api/v1/outcomes", {"quarter": "Q1"}, 422, "quarter"),
    ("GET", "/api/v1/outcomes", {"owner": "x"}, 422, "owner"),
    ("POST", "/api/v1/issues", {"title": "X", "owner_seat_id": "{lead}", "source": "rumour"}, 422, "source"),
    ("POST", "/api/v1/issues", {"title": "X"}, 422, "owner_seat_id"),
    ("POST", "/api/v1/issues", {"title": "X", "owner_seat_id": "{lead}", "priority": 0}, 422, "priority"),
    ("PATCH", "/api/v1/issues/{i}", {"state": "solved"}, 422, "state"),
    ("PATCH", "/api/v1/issues/{i}", {"owner_seat_id": "seat_nope"}, 404, "owner_seat_id"),
    ("POST", "/api/v1/issues/{i}/transition", {"state": "pondered"}, 422, "state"),
    ("POST", "/api/v1/issues/{i}/reorder", {"position": True}, 422, "position"),
    ("POST", "/api/v1/issues/iss_nope/reorder", {"position": 1}, 404, "issue_id"),
    ("POST", "/api/v1/issues/{i}/solve", {"solution": ""}, 422, "solution"),
    ("GET", "/api/v1/issues", {"cursor": "garbage"}, 422, "cursor"),
    ("POST", "/api/v1/todos", {"title": "X", "owner_seat_id": "{lead}", "due_at": "2026-03-01T00:00:00"}, 422, "due_at"),
    ("POST", "/api/v1/todos", {"title": "X", "owner_seat_id": "{lead}", "source": "whim"}, 422, "source"),
    ("POST", "/api/v1/todos/todo_nope/complete", None, 404, "todo_id"),
    ("POST", "/api/v1/todos/{t}/assign", {"owner_seat_id": ""}, 422, "owner_seat_id"),
    ("GET", "/api/v1/todos", {"done": "perhaps"}, 422, "done"),
    ("GET", "/api/v1/outcomes/out_nope", None, 404, "outcome_id"),
    ("GET", "/api/v1/outcomes/out_nope/history", None, 404, "outcome_id"),
    ("GET", "/api/v1/issues/iss_nope", None, 404, "issue_id"),
    ("GET", "/api/v1/todos/todo_nope", None, 404, "todo_id"),
    ("POST", "/api/v1/todos/todo_nope/verify", None, 404, "todo_id"),
    ("POST", "/api/v1/outcomes/out_nope/complete", {}, 404, "outcome_id"),
    ("POST", "/api/v1/headlines", {"kind": "customer", "text": ""}, 422, "text"),
    ("GET", "/api/v1/headlines", {"limit": 0}, 422, "limit"),
]


def fill(value, ids):
    if isinstance(value, str):
        for key, real in ids.items():
            value = value.replace("{" + key + "}", real)
        return value
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize("method,path,body,status,field", CASES, ids=[f"{c[0]} {c[1]} {c[4]}" for c in CASES])
def test_bad_input_is_refused_naming_the_field(org, method, path, body, status, field):
    t = team(org)
    rock = outcome(org, t.lead["id"], context_links=[LINK])
    milestone = org.ok("POST", f"/api/v1/outcomes/{rock['id']}/milestones", {"title": "M1"}, status=201)["milestones"][0]
    ids = {"o": rock["id"], "i": issue(org, t.lead["id"])["id"], "t": todo(org, t.lead["id"])["id"],
           "m": milestone["id"], "lead": t.lead["id"]}
    state = [org.ok("GET", p) for p in ("/api/v1/outcomes", "/api/v1/issues", "/api/v1/todos", "/api/v1/headlines")]
    before = org.event_count()
    if method == "GET":
        response = org.call(method, fill(path, ids), params=body)
    else:
        response = org.call(method, fill(path, ids), json=fill(body, ids))
    refused(org, response, status, field, before)
    assert state == [org.ok("GET", p) for p in ("/api/v1/outcomes", "/api/v1/issues", "/api/v1/todos",
                                                "/api/v1/headlines")]
