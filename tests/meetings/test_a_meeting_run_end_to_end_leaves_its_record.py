"""The acceptance run: prep, start, every segment, marks, to-dos, IDS, messages, ratings, end."""
from __future__ import annotations

from datetime import timedelta

from otp.core import clock
from tests.meetings.kit import inbox_count, room


def test_a_whole_meeting_leaves_snapshots_minutes_todos_solutions_ratings_inbox_and_the_next_meeting(org):
    r = room(org)
    assert r.series["next_at"].startswith("2026-03-09T13:00")  # Monday 09:00 EDT: after the DST change
    r.org.ok("POST", r.path("/prep"), {"measurables": [{"measurable_id": r.measurable["id"], "value": 7}],
                                       "rocks": [{"outcome_id": r.rock["id"], "status": "on_track"}],
                                       "headlines": [{"kind": "customer", "text": "Acme renewed"}]},
             token=r.robo_token)
    meeting = r.do("start")
    assert meeting["state"] == "running" and meeting["snapshot_start"]["rocks"][0]["status"] == "on_track"
    assert [row["title"] for row in meeting["snapshot_start"]["scorecard"]["rows"]] == ["Qualified leads"]
    r.do("advance", {"from_segment": 0})
    r.do("mark", {"entity_type": "measurable", "entity_id": r.measurable["id"], "status": "off_track"})
    r.do("advance", {"from_segment": 1})
    r.do("mark", {"entity_type": "rock", "entity_id": r.rock["id"], "status": "off_track",
                  "reason": "Printer is late"})
    for segment in (2, 3, 4):
        r.do("advance", {"from_segment": segment})
    r.do("top", {"issue_ids": [r.issue["id"]]})
    r.do("ids", {"issue_id": r.issue["id"], "notes": "Two big accounts left", "solution": "Call every churned client",
                 "todos": [{"title": "Call Acme", "owner_seat_id": r.bot["id"]}, {"title": "Write the script"}]})
    r.do("advance", {"from_segment": 5})
    r.do("messages", {"text": "Price list changes on the 1st"})
    ann_token = r.org.token_for(person=r.ann)
    for seat, score, token in ((r.ceo, 9, None), (r.lead, 8, ann_token), (r.bot, 10, r.robo_token)):
        r.do("rate", {"seat_id": seat["id"], "score": score}, token=token)  # each seat's holder rates
    clock.advance(timedelta(minutes=80))
    ended = r.do("end")

    assert ended["state"] == "ended" and ended["snapshot_end"]["rocks"][0]["status"] == "off_track"
    assert ended["ratings_average"] == 9.0
    minutes = r.org.ok("GET", r.path("/minutes"))["markdown"]
    for text in ("## Attendance", "Robo (agent)", "Qualified leads",
                 "Launch the newsletter — OFF TRACK: Printer is late",
                 "Acme renewed", "**Churn is up** — solution: Call every churned client", "Call Acme — Bot — Robo",
                 "due 2026-03-09", "Price list changes on the 1st", "Average 9 from 3 of 3"):
        assert text in minutes, text
    issues = r.org.ok("GET", "/api/v1/issues", params={"limit": 200})["items"]
    solved = next(i for i in issues if i["id"] == r.issue["id"])
    assert solved["state"] == "solved" and solved["solution"] == "Call every churned client"
    assert {i["source"] for i in issues if i["id"] != r.issue["id"]} == {"meeting", "drift"}
    todos = r.org.ok("GET", "/api/v1/todos")["items"]
    assert sorted((t["title"], t["owner_seat_id"]) for t in todos) == [
        ("Call Acme", r.bot["id"]), ("Write the script", r.lead["id"])]
    assert all(t["due_at"].startswith("2026-03-09") for t in todos)
    for who in (r.org.owner_id, r.ann["id"], r.robo["id"]):
        assert inbox_count(r.org, "minutes", who) == 1 and inbox_count(r.org, "message", who) == 1
    upcoming = r.org.ok("GET", "/api/v1/meetings", params={"state": "scheduled"})
    assert [m["scheduled_at"][:16] for m in upcoming] == ["2026-03-16T13:00"]  # it was held a week early
