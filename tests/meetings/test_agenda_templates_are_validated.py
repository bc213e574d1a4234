"""Agenda templates: the default weekly agenda, edits, and what a template may not be."""
from __future__ import annotations

import pytest

from tests.meetings.kit import refused, room

DEFAULT = [("segue", 5), ("scorecard", 5), ("rock_review", 5), ("headlines", 5), ("todos", 5), ("ids", 60),
           ("conclude", 5)]


def test_a_series_gets_the_default_weekly_agenda(org):
    r = room(org)
    assert [(s["kind"], s["minutes"]) for s in r.series["agenda"]] == DEFAULT
    assert r.series["minutes"] == 90 and r.series["recurrence"] == "Weekly on Monday at 09:00 (America/New_York)"


def test_an_edited_template_is_used_by_the_next_meeting_with_its_bindings(org):
    r = room(org)
    agenda = [{"kind": "segue", "minutes": 3}, {"kind": "scorecard", "minutes": 10, "seat_ids": [r.bot["id"]]},
              {"kind": "ids", "minutes": 30, "title": "Solve"}, {"kind": "conclude", "minutes": 2}]
    body = r.org.ok("PATCH", f"/api/v1/meetings/series/{r.series['id']}", {"agenda": agenda})
    assert [s["title"] for s in body["agenda"]] == ["Segue", "Scorecard", "Solve", "Conclude"]
    started = r.do("start")
    assert [s["minutes"] for s in started["agenda"]] == [3, 10, 30, 2]
    assert started["snapshot_start"]["scorecard"]["rows"] == []  # bound to Bot, who owns no measurable


@pytest.mark.parametrize("agenda, status, field", [
    ([], 422, "agenda"),
    ([{"kind": "lunch", "minutes": 5}], 422, "agenda.0"),
    ([{"kind": "segue", "minutes": 0}], 422, "agenda.0"),
    ([{"kind": "ids", "minutes": 241}], 422, "agenda.0"),
    ([{"kind": "segue", "minutes": 5, "seat_ids": ["seat_x"]}], 422, "agenda.0"),
    ([{"kind": "scorecard", "minutes": 5, "seat_ids": ["seat_nope"]}], 404, "agenda.0.seat_ids.0"),
])
def test_bad_templates_are_refused_naming_the_section(org, agenda, status, field):
    r = room(org)
    before = r.org.event_count()
    response = r.org.call("PATCH", f"/api/v1/meetings/series/{r.series['id']}", {"agenda": agenda})
    error = refused(r.org, response, status, response.json()["error"].get("field"), before)
    assert error["field"].startswith(field), error
    assert r.org.ok("GET", f"/api/v1/meetings/series/{r.series['id']}")["minutes"] == 90


def test_the_service_checks_the_same_rules_for_faces_without_a_schema(org):
    from otp.core.errors import Invalid
    from otp.meetings.agenda import check_agenda
    r = room(org)
    with r.org.db.read() as s:
        for agenda, field in (([], "agenda"), ([{"kind": "x", "minutes": 5}], "agenda.0.kind"),
                              ([{"kind": "ids", "minutes": 999}], "agenda.0.minutes"),
                              ([{"kind": "ids", "minutes": 5, "seat_ids": []}], "agenda.0.seat_ids")):
            with pytest.raises(Invalid) as caught:
                check_agenda(s, r.org.org_id, agenda)
            assert caught.value.field == field
