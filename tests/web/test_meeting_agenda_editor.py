"""The agenda template editor: a series' sections edited on one page (move, remove, add, change
kind, minutes and binding) through the same service as the API; bad input changes nothing."""
from __future__ import annotations

import re

from sqlalchemy import select

from otp.meetings.models import MeetingSeries
from tests.web.kit import web


def series_of(kit) -> MeetingSeries:
    with kit.db.read() as s:
        return s.execute(select(MeetingSeries).where(MeetingSeries.org_id == kit.org_id)).scalars().first()


def page_of(kit, series_id: str) -> str:
    response = kit.get(f"/meetings/series/{series_id}/agenda")
    assert response.status_code == 200, response.text
    return response.text


def form(kit, series_id: str, sections: list[dict], op: str = "save", **extra) -> dict:
    """The editor's form as a browser would post it: every section's fields, plus the button."""
    base = re.search(r'name="base" value="([^"]+)"', page_of(kit, series_id)).group(1)
    data = {"base": base, "count": str(len(sections)), "op": op, **extra}
    for i, s in enumerate(sections):
        data |= {f"s{i}-kind": s["kind"], f"s{i}-title": s["title"], f"s{i}-minutes": str(s["minutes"])}
        if s.get("seat_ids"):
            data[f"s{i}-seat_ids"] = s["seat_ids"]
    return data


def save(kit, series_id: str, sections: list[dict], op: str = "save", **extra):
    return kit.post(f"/meetings/series/{series_id}/agenda", form(kit, series_id, sections, op, **extra))


def test_the_editor_lists_the_sections_and_the_meetings_page_links_to_it(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        assert f"/meetings/series/{row.id}/agenda" in kit.get("/meetings").text
        page = page_of(kit, row.id)
        assert page.count('name="op" value="remove:') == len(row.agenda)
        assert 'id="s0-kind"' in page and 'for="s0-minutes"' in page


def test_moving_a_section_down_reorders_the_agenda_with_one_event(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        events = kit.events("meeting_series.updated")
        assert save(kit, row.id, row.agenda, "down:0").status_code == 303
        kinds = [s["kind"] for s in series_of(kit).agenda]
        assert kinds[:2] == [row.agenda[1]["kind"], row.agenda[0]["kind"]]
        assert kit.events("meeting_series.updated") == events + 1


def test_sections_are_added_removed_and_edited_with_a_binding(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        ceo = kit.seat("Visionary / CEO")
        added = save(kit, row.id, row.agenda, "add", **{"new-kind": "ids", "new-title": "Extra IDS",
                                                         "new-minutes": "15"})
        assert added.status_code == 303
        agenda = series_of(kit).agenda
        assert agenda[-1] == {"kind": "ids", "minutes": 15, "title": "Extra IDS"}
        edited = [dict(s) for s in agenda]
        scorecard = next(i for i, s in enumerate(edited) if s["kind"] == "scorecard")
        edited[scorecard] |= {"minutes": 10, "seat_ids": [ceo]}
        assert save(kit, row.id, edited, f"remove:{len(edited) - 1}").status_code == 303
        agenda = series_of(kit).agenda
        assert len(agenda) == len(row.agenda) and agenda[scorecard]["minutes"] == 10
        assert agenda[scorecard]["seat_ids"] == [ceo]
        assert "selected" in page_of(kit, row.id).split(f'id="s{scorecard}-seat_ids"')[1].split("</select>")[0]


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_changes(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        events = kit.events()
        bad = [dict(s) for s in row.agenda]
        bad[2]["minutes"] = 0
        response = save(kit, row.id, bad)
        assert response.status_code == 422 and 'id="err-s2-minutes"' in response.text
        assert 'value="0"' in response.text  # the form comes back as typed
        bad[2]["minutes"] = "ten"
        assert 'id="err-s2-minutes"' in save(kit, row.id, bad).text
        only = save(kit, row.id, row.agenda[:1], "remove:0")
        assert only.status_code == 422 and "at least one section" in only.text
        assert series_of(kit).agenda == row.agenda and kit.events() == events


def test_a_form_opened_before_someone_elses_change_is_refused(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        stale = form(kit, row.id, row.agenda, "down:0")
        assert save(kit, row.id, row.agenda, "down:1").status_code == 303
        changed = series_of(kit).agenda
        response = kit.post(f"/meetings/series/{row.id}/agenda", stale)
        assert response.status_code == 409 and "changed this agenda" in response.text
        assert series_of(kit).agenda == changed


def test_without_the_csrf_token_nothing_is_saved(demo_db):
    with web(demo_db) as kit:
        row = series_of(kit)
        data = form(kit, row.id, row.agenda, "down:0")
        response = kit.client.post(f"/meetings/series/{row.id}/agenda", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert series_of(kit).agenda == row.agenda
