"""The SOP editor: index by seat, edit (a new version), history and diffs."""
from __future__ import annotations

import re

from tests.web.kit import web


def _checklist(k) -> str:
    return re.search(r'href="/sops/(sop_[a-z0-9]+)">Pre-delivery checklist', k.get("/sops").text).group(1)


def test_the_index_lists_sops_by_seat(demo_db):
    with web(demo_db) as k:
        page = k.get("/sops")
        assert page.status_code == 200 and "Pre-delivery checklist" in page.text and "Head of Delivery" in page.text


def test_a_sop_page_shows_its_history_and_the_diff_with_the_previous_version(demo_db):
    with web(demo_db) as k:
        page = k.get(f"/sops/{_checklist(k)}").text
        assert "Changes from v2 to v3" in page and "Log the delivery" in page
        assert "Changes from v1 to v3" in k.get(f"/sops/{_checklist(k)}?from=1&to=3").text


def test_saving_an_edit_makes_a_new_version(demo_db):
    with web(demo_db) as k:
        sop = _checklist(k)
        response = k.post(f"/sops/{sop}", {"title": "Pre-delivery checklist", "steps": "Check the brief\nShip it"})
        assert response.status_code == 303
        assert "v4" in k.get(f"/sops/{sop}").text


def test_an_edit_without_steps_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        sop = _checklist(k)
        response = k.post(f"/sops/{sop}", {"title": "Pre-delivery checklist", "steps": ""})
        assert response.status_code == 422 and 'id="err-steps"' in response.text


def test_a_new_sop_for_a_seat(demo_db):
    with web(demo_db) as k:
        response = k.post("/sops", {"seat_id": k.seat("Bookkeeper"), "key": "month-end", "title": "Month-end close",
                                    "steps": "Reconcile\nReport"})
        assert response.status_code == 303 and "Month-end close" in k.get(response.headers["location"]).text
