"""Importing a 30-seat chart from the /import page in Chromium: choose the kind, upload the CSV,
read the preview, confirm, and find the seats on the chart. A broken file shows its lines.
Screenshots at 1366 and 390 px (test-artifacts/import-*.png); axe-core finds nothing serious."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import _free_port, screenshot, started
from tests.imports.kit import FIXTURES

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "founder@import.example", "pw-founder"


@pytest.fixture(scope="module")
def empty_org_server(tmp_path_factory):
    """`otp serve` over a new organization with an owner and an empty chart."""
    from otp.core.db import Database
    from otp.org import orgs, people
    from tests.dbs import fresh_database
    folder = tmp_path_factory.mktemp("import-browser")
    with fresh_database(folder) as url:
        db = Database(url)
        with db.write() as s:
            owner = people.create_person(s, email=EMAIL, name="Fran Founder", password=PASSWORD)
            orgs.create_organization(s, name="Northwind Agency", slug="northwind", owner_person_id=owner.id)
        db.dispose()
        port = _free_port()
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url}
        with started(["serve", "--port", str(port), "--no-worker"], env, folder, port, wait=90) as base:
            yield base


@pytest.fixture
def tab(browser, empty_org_server):
    context = browser.new_context(base_url=empty_org_server, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))
    yield page
    context.close()


def _upload(page, name: str) -> None:
    page.goto("/import")
    page.get_by_role("radio", name=re.compile(r"^Chart")).check()
    page.get_by_label("CSV file").set_input_files(str(FIXTURES / name))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("heading", name=re.compile("Preview of"))).to_be_visible()


def test_a_broken_chart_shows_its_lines_and_cannot_be_imported(tab):
    _upload(tab, "chart_broken.csv")
    problems = tab.get_by_role("region", name="Problems by line")
    expect(problems.get_by_role("row")).to_have_count(6)  # the header and five lines
    expect(problems).to_contain_text("no seat titled 'Finance'")
    expect(tab.get_by_role("button", name=re.compile(r"^Import \d+"))).to_have_count(0)
    screenshot(tab, "import-errors-1366")
    assert serious_violations(tab) == []


def test_the_owner_imports_a_30_seat_chart_from_the_page(tab):
    tab.goto("/import")
    screenshot(tab, "import-empty-1366")
    assert serious_violations(tab) == []
    _upload(tab, "chart_30_seats.csv")
    steps = tab.get_by_role("region", name="Changes by line")
    expect(steps).to_contain_text("Ads Optimizer Agent")
    screenshot(tab, "import-preview-1366")
    assert serious_violations(tab) == []
    tab.set_viewport_size({"width": 390, "height": 844})
    screenshot(tab, "import-preview-390")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 400  # tables scroll inside their regions
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.get_by_role("button", name="Import 88 changes").click()
    tab.wait_for_url(re.compile(r"/chart$"))
    expect(tab.locator(".flash")).to_contain_text("30 seats created")
    expect(tab.get_by_role("link", name="Ads Optimizer Agent", exact=True)).to_be_visible()
    screenshot(tab, "import-done-chart-1366")
