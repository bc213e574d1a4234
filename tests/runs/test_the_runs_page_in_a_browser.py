"""The runs section in Chromium: a running run's output arrives live, the page fits 1366 and 390
px wide (screenshots in test-artifacts/), and axe-core finds no serious or critical violation."""
import pytest
from sqlalchemy import select

from otp.org.models import Person
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot
from tests.outbox.kit import serve
from tests.runs.kit import crew

TALKER = ("import time\nprint('Reading the briefing: 2 measurables, 1 to-do', flush=True)\n"
          "for i in range(120):\n    print('step', i, 'reconciling the ledger', flush=True); time.sleep(0.5)")


@pytest.mark.browser
def test_the_runs_page_tails_a_running_run_and_passes_axe(org, app):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
    c = crew(org)
    for code in ("print('done')", "import sys; print('no bank feed'); sys.exit(3)"):
        c.script(code, every_minutes=60, active_hours=[8, 18])
        c.wake()
        c.step()
        c.finished()
    c.script(TALKER, every_minutes=60, active_hours=[8, 18], cost_limit_cents=50)
    c.wake()
    c.step()
    running = c.until_running()
    with org.db.read() as s:
        email = s.execute(select(Person.email).where(Person.id == org.owner_id)).scalar_one()
    with serve(app) as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for width, name in ((1366, "runs"), (390, "runs-phone")):
            page = browser.new_context(base_url=base, viewport={"width": width, "height": 900}).new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto("/login")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill("pw-owner")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(lambda url: not url.endswith("/login"))
            page.goto(f"/agents/{c.agent_id}/runs")
            page.locator(".tail", has_text="step 3").wait_for(timeout=15000)
            screenshot(page, name)
            serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]
            assert not errors
        browser.close()
    if c.run(running.id).state == "running":
        org.ok("POST", f"/api/v1/runs/{running.id}/cancel")
