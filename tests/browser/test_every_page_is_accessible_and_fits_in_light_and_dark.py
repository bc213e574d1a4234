"""Every main page of the demo organization, signed in as its owner, at 1366 and 390 px, in the
light and the dark colour scheme (Chromium's emulated prefers-color-scheme): axe-core finds no
serious or critical violation, and the page never scrolls sideways. A screenshot of each goes to
test-artifacts/pages/NAME-WIDTH-SCHEME.png (what a phone shows first, not the whole page, so that
a long list stays readable; the wide shots are full pages)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import WIDTHS, blocking_violations
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "pages"

# Pages reached by a fixed address. The chart's list view is the chart engineer's (a query
# parameter the chart page ignores until it lands).
FIXED = [("home", "/"), ("chart", "/chart/diagram"), ("chart-list", "/chart"), ("scorecard", "/scorecard"),
         ("rocks", "/rocks"), ("issues", "/issues"), ("todos", "/todos"), ("meetings", "/meetings"),
         ("sops", "/sops"), ("people", "/people"), ("agents", "/agents"), ("approvals", "/approvals"),
         ("escalations", "/escalations"), ("events", "/events"), ("settings-organization", "/settings/organization"),
         ("settings-policy", "/settings/policy"), ("settings-webhooks", "/settings/webhooks"),
         ("settings-tokens", "/settings/tokens"), ("oos", "/oos"), ("imports", "/import"),
         ("search", "/search?q=client"), ("mail-preferences", "/me/mail")]
# Pages reached by following the first link of their kind from a list page.
FOLLOWED = [("meeting", "/meetings", r"^/meetings/mtg"), ("agent", "/agents", r"^/agents/[^/]+$"),
            ("rock", "/rocks", r"^/rocks/[^/]+$"), ("sop", "/sops", r"^/sops/[^/]+$"),
            ("seat", "/chart", r"^/chart/seats/[^/]+$"), ("person", "/people", r"^/people/per_")]


def _addresses(page) -> list[tuple[str, str]]:
    found = list(FIXED)
    for name, list_path, pattern in FOLLOWED:
        page.goto(list_path)
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        target = next((h for h in hrefs if re.match(pattern, h)), None)
        assert target, f"no link to a {name} on {list_path}"
        found.append((name, target))
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_has_no_serious_axe_violation_and_no_sideways_scroll(browser, server, scheme, width):
    size = WIDTHS[width]
    context = browser.new_context(base_url=server, viewport=size, color_scheme=scheme)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        log_in(page)
        for name, path in _addresses(page):
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            expect(page.get_by_role("main")).to_be_visible()
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=(width == "wide"))
            problems += [f"{path}: {v}" for v in blocking_violations(page)]
            scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                problems.append(f"{path}: {scroll[0]} px wide in a {scroll[1]} px window")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
