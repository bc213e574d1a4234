"""axe-core in the page: the accessibility violations a person using a screen reader or a
keyboard would hit. The axe-playwright-python package bundles axe-core (no download at run time)."""
from __future__ import annotations

BLOCKING = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    """Serious and critical violations on the current page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in BLOCKING]


# The import tests' name for the same check.
serious_violations = blocking_violations


WIDTHS = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    assert blocking_violations(page) == []


def at_both_widths(page, name: str) -> None:
    """A screenshot at 1366 and 390 px (test-artifacts/NAME-wide|phone.png); at 390 px the page
    must not scroll sideways. Leaves the page at the wide size."""
    from tests.browser.conftest import screenshot
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{width}")
        if width == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 10, name
    page.set_viewport_size(WIDTHS["wide"])
