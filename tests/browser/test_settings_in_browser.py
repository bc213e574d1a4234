"""The settings pages in a real browser: the owner finds Settings in the top bar, every section
has no serious or critical axe-core violation (at 1366 and 390 px, screenshots in
test-artifacts/), a webhook's format is chosen and changed, and one matrix cell is edited after its preview said who it affects."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import blocking_violations
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser
WIDTHS = (1366, 390)


def _check(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert blocking_violations(page) == [], (name, width)
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_every_settings_section_is_found_and_accessible(page):
    log_in(page)
    page.get_by_role("banner").get_by_role("link", name="Settings").click()
    expect(page).to_have_url(re.compile(r"/settings/organization$"))
    expect(page.get_by_role("heading", name="Organization", level=1)).to_be_visible()
    _check(page, "settings-organization")
    for name, link in (("settings-policy", "Policy"), ("settings-webhooks", "Webhooks"),
                       ("settings-tokens", "API tokens")):
        page.get_by_role("navigation", name="Settings").get_by_role("link", name=re.compile(link)).click()
        expect(page.get_by_role("heading", name=link, level=1)).to_be_visible()
        _check(page, name)
    page.get_by_label("Name").fill("Laptop CLI")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    _check(page, "settings-token-created")
    page.goto("/settings/webhooks")
    page.get_by_label("Receiver URL").fill("https://hooks.example.com/otp")
    page.get_by_label("Format").select_option(label="CloudEvents 1.0")
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_role("heading", name=re.compile("signing secret"))).to_be_visible()
    expect(page.get_by_text("format: CloudEvents 1.0")).to_be_visible()
    page.get_by_role("link", name="https://hooks.example.com/otp").click()
    page.get_by_role("button", name="Send test ping").click()
    expect(page.locator(".flash")).to_contain_text("Test ping queued")
    expect(page.get_by_label("Format")).to_have_value("cloudevents")
    _check(page, "settings-webhook")
    page.get_by_label("Format").select_option(label="Standard Webhooks")
    page.get_by_role("button", name="Save format").click()
    expect(page.locator(".flash")).to_contain_text("Format saved")
    expect(page.get_by_label("Format")).to_have_value("standard_webhooks")


def test_the_owner_edits_one_matrix_cell_after_seeing_its_preview(page):
    log_in(page)
    page.get_by_role("banner").get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Settings").get_by_role("link", name=re.compile("Policy")).click()
    page.get_by_label("L3 Task executor: todo.create").select_option("ask")
    expect(page.locator("#matrix-count")).to_contain_text("1 cell changed")
    page.get_by_role("button", name="Preview changes").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Preview: what this change would do")).to_be_visible()
    expect(preview.locator("li.who", has_text="Scout")).to_contain_text("todo.create")
    _check(page, "settings-policy-preview")
    preview.get_by_role("button", name="Save this change").click()
    expect(page.locator(".flash")).to_contain_text("Policy saved")
    expect(page.get_by_label("L3 Task executor: todo.create")).to_have_value("ask")
    page.goto("/events")
    expect(page.get_by_text("policy.changed").first).to_be_visible()
