"""The briefing keeps the actor's seat chain and SOP history per process, keyed on the
organization's event sequence: a briefing after any change reads them again, so an SOP edit
(or a move on the chart) shows in the very next briefing, while an unchanged organization is
briefed without touching the seat and SOP tables."""
from contextlib import contextmanager

from sqlalchemy import event

from tests.agentface.kit import call, world
from tests.sops.kit import edit, sop


def brief(org, token):
    return org.ok("GET", "/api/v1/me/briefing", token=token)


def changes(org, token):
    return [(c["key"], c["change"], c["version"], c["source_seat_title"]) for c in brief(org, token)["sop_changes"]]


@contextmanager
def statements(db):
    seen: list[str] = []

    def log(conn, cursor, statement, *args):
        seen.append(statement)
    for engine in db.engines:  # on SQLite the briefing reads through the inline one
        event.listen(engine, "before_cursor_execute", log)
    try:
        yield seen
    finally:
        for engine in db.engines:
            event.remove(engine, "before_cursor_execute", log)


def test_sop_edits_archives_and_new_sops_show_in_the_next_briefing(org):
    w = world(org, level=3)
    handover = sop(org, w.lead, "handover", "Hand over")
    call(org, w.token, "heartbeat")
    assert changes(org, w.token) == [] and changes(org, w.token) == []  # the second one from the cache
    edit(org, handover["id"], steps=["New first step"])
    assert changes(org, w.token) == [("handover", "edited", 2, "Ops lead")]
    own = sop(org, w.seat, "handover", "Hand over, my way")  # overrides the lead's, nearer
    assert changes(org, w.token) == [("handover", "created", 1, "Ops agent")]
    org.ok("DELETE", f"/api/v1/sops/{own['id']}")
    assert [c[:2] for c in changes(org, w.token)] == [("handover", "edited"), ("handover", "archived")]


def test_a_move_on_the_chart_shows_in_the_next_briefing(org):
    w = world(org, level=3)
    sop(org, w.lead, "handover", "Hand over")
    other = org.seat("Sales lead", parent=w.root["id"], holder=w.human, kind="person")
    sop(org, other, "pitch", "Pitch")
    assert [s["title"] for s in brief(org, w.token)["seats"]] == ["Ops agent"]
    assert {c["key"] for c in brief(org, w.token)["sop_changes"]} == {"handover"}
    org.ok("POST", f"/api/v1/seats/{w.seat['id']}/move", {"parent_id": other["id"]})
    assert {c["key"] for c in brief(org, w.token)["sop_changes"]} == {"pitch"}
    org.ok("PATCH", f"/api/v1/seats/{w.seat['id']}", {"title": "Sales agent"})
    assert [s["title"] for s in brief(org, w.token)["seats"]] == ["Sales agent"]
    second = org.seat("Support agent", parent=w.lead["id"], holder=w.agent, kind="agent")
    assert [s["id"] for s in brief(org, w.token)["seats"]] == [w.seat["id"], second["id"]]


def test_an_unchanged_organization_is_briefed_without_reading_seats_or_sops_again(org):
    w = world(org, level=3)
    sop(org, w.lead, "handover", "Hand over")
    brief(org, w.token)
    with statements(org.db) as seen:
        brief(org, w.token)
    assert not [s for s in seen if " sops" in s or "FROM seats" in s or "JOIN seats" in s], seen
    org.ok("POST", "/api/v1/todos", {"title": "Elsewhere", "owner_seat_id": w.root["id"]}, status=201)
    with statements(org.db) as seen:
        brief(org, w.token)
    assert [s for s in seen if " sops" in s], "an event moved the sequence: the chain is read again"


def test_the_briefing_refuses_a_missing_token_and_unknown_query_parameters(org):
    w = world(org, level=3)
    assert org.client.get("/api/v1/me/briefing").status_code == 401
    bad = org.get("/api/v1/me/briefing?since=yesterday", token=w.token)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "since"
