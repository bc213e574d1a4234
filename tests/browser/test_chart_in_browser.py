"""A person logs in and works the accountability chart in a real browser."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_owner_logs_in_and_sees_humans_agents_and_vacancies(page):
    log_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Chart").click()
    page.wait_for_url(re.compile(r"/chart/diagram$"))  # the navigation opens the diagram
    page.get_by_role("link", name="List view").click()  # the list is one click away
    page.wait_for_url(re.compile(r"/chart$"))
    assert page.get_by_role("heading", name="Accountability chart").is_visible()
    assert page.locator("article.seat.person").count() == 5
    assert page.locator("article.seat.agent").count() == 8
    assert page.locator("article.seat.vacant").count() >= 1
    for label in ["Chart", "Scorecard", "Rocks", "Issues", "To-dos", "Meetings", "Approvals"]:
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).is_visible()
    screenshot(page, "chart")


def _card(page, title: str):
    return page.locator(f"article[aria-label='{title}']")


def _branch(page, title: str):
    """The chart's list item holding a seat's card and everything below it."""
    return page.locator("li", has=page.locator(f"article[aria-label='{title}']")).last


def test_moving_a_seat_on_the_chart(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Quality Reviewer").get_by_role("link", name="Move").click()
    picker = page.get_by_label("Reports to")
    picker.select_option(label="Head of Finance & Ops (Jordan Blake)")
    page.get_by_role("button", name="Move seat").click()
    finance_branch = _branch(page, "Head of Finance & Ops")
    finance_branch.locator("article[aria-label='Quality Reviewer']").wait_for()
    assert re.search(r"/chart$", page.url)  # moved in place: the chart page never left
    assert page.get_by_label("Reports to").count() == 0
    # The tree came back whole, and the keyboard focus is on the moved seat's Move link.
    assert page.locator("article.seat").count() == 14
    # expect() polls: htmx applies autofocus when the swap settles, a moment after the card appears.
    expect(_branch(page, "Head of Finance & Ops").locator("article[aria-label='Quality Reviewer']")
           .get_by_role("link", name="Move")).to_be_focused()
    screenshot(page, "chart-after-move")


def test_the_move_picker_on_a_card_offers_no_seat_below_it(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Head of Delivery").get_by_role("link", name="Move").click()
    picker = page.get_by_label("Reports to")
    picker.wait_for()  # all_text_contents() does not wait: the form arrives with the htmx swap
    options = picker.locator("option").all_text_contents()
    assert "Head of Finance & Ops (Jordan Blake)" in options
    assert not any(o.startswith("Content Writer") for o in options)  # nothing below it is offered


def test_editing_a_seat_in_place_on_the_chart(page):
    log_in(page)
    page.goto("/chart")
    _card(page, "Bookkeeper").get_by_role("link", name="Edit").click()
    title = page.get_by_label("Title")
    expect(title).to_be_focused()  # the form takes the keyboard focus (polled: htmx focuses on settle)
    title.fill("Bookkeeper & Billing")
    page.get_by_label("Responsibilities").fill("Categorize transactions\nChase invoices\nClose the books\n"
                                               "Pay suppliers\nReconcile accounts\nFile receipts")
    page.get_by_role("button", name="Save").click()
    error = page.get_by_role("alert")
    error.wait_for()
    assert "3 to 5" in error.text_content()
    # Let htmx finish swapping and settling the refused form before typing into it again: a
    # keypress inside that 20 ms window now and then went to the form being replaced.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    page.get_by_label("Responsibilities").fill("Categorize transactions\nChase invoices\nClose the books")
    page.get_by_role("button", name="Save").press("Enter")  # the keyboard works the form
    # Polled: the refused form kept the typed title, so the new card's label alone proves nothing
    # until the form is gone.
    expect(page.get_by_label("Title")).to_have_count(0)
    card = page.locator("article[aria-label='Bookkeeper & Billing']")
    expect(card.locator("ul.resp li")).to_have_text(["Categorize transactions", "Chase invoices",
                                                     "Close the books"])
    assert re.search(r"/chart$", page.url)
    page.reload()
    assert page.locator("article[aria-label='Bookkeeper & Billing']").count() == 1
    screenshot(page, "chart-after-edit")


# --- the chart as a diagram (/chart/diagram) ---------------------------------------------------

from tests.browser.axe import assert_accessible, at_both_widths  # noqa: E402


def _diagram(page, query: str = ""):
    page.goto("/chart/diagram" + query)
    page.locator(".chart-box").first.wait_for()


def _box(page, title: str):
    return page.locator(f".chart-box:has(.box-title a:text-is('{title}'))")


def _api_chart(page) -> dict:
    seats = page.request.get("/api/v1/chart", headers={"Accept": "application/json"}).json()["seats"]
    return {s["title"]: s for s in seats}


def test_the_diagram_draws_the_demo_with_holders_levels_health_and_reporting_lines(page):
    log_in(page)
    page.goto("/chart")
    page.get_by_role("link", name="Diagram view").click()
    page.locator(".chart-box").first.wait_for()
    assert page.locator(".chart-box.person").count() == 5
    assert page.locator(".chart-box.agent").count() == 8
    assert page.locator(".chart-box.vacant").count() >= 1
    # One line per reporting relation: every box but the top one hangs from a line.
    assert page.locator("#chart-lines path").count() == page.locator(".chart-box").count() - 1
    media = _box(page, "Paid Media Specialist")
    expect(media.locator(".box-kind")).to_have_text("Agent · L6")
    expect(media.locator(".box-holder")).to_have_text("Bidwell")
    expect(media.locator(".chip.off_track_rocks")).to_have_text("1 rock off")
    expect(_box(page, "Head of Growth").locator(".box-holder")).to_have_text("Seat open")
    assert_accessible(page)
    for size in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        _diagram(page)  # reloaded at each width: the first view fits the screen it opens on
    at_both_widths(page, "chart-diagram")


def test_collapsing_and_expanding_a_branch(page):
    log_in(page)
    _diagram(page)
    coo = _box(page, "Integrator / COO")
    expect(_box(page, "Content Writer")).to_have_count(1)
    coo.get_by_role("button", name=re.compile(r"^Collapse Integrator")).click()
    expect(_box(page, "Content Writer")).to_have_count(0)
    expect(_box(page, "Head of Delivery")).to_have_count(0)
    toggle = coo.get_by_role("button", name=re.compile(r"^Expand Integrator.*: 3 direct reports"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(_box(page, "Content Writer")).to_have_count(1)
    expect(_box(page, "Head of Delivery")).to_have_count(1)


def test_a_branch_below_the_first_levels_loads_from_the_api_when_expanded(page):
    log_in(page)
    _diagram(page, "?depth=1")
    assert page.locator(".chart-box").count() == 3  # the top seat and its two reports
    with page.expect_response(re.compile(r"/api/v1/chart\?root=.*&depth=1")) as answer:
        _box(page, "Integrator / COO").get_by_role("button", name=re.compile(r"^Expand")).click()
    assert answer.value.status == 200
    expect(_box(page, "Head of Delivery")).to_have_count(1)
    expect(_box(page, "Head of Delivery").get_by_role("button", name=re.compile(r"^Expand Head of Delivery")))\
        .to_have_attribute("aria-expanded", "false")
    assert _box(page, "Content Writer").count() == 0  # one level at a time


def test_moving_a_seat_from_its_menu(page):
    log_in(page)
    _diagram(page)
    _box(page, "SEO Analyst").get_by_role("button", name="Actions for SEO Analyst").click()
    page.get_by_role("menuitem", name="Move to…").click()
    dialog = page.get_by_role("dialog")
    picker = dialog.get_by_label("Reports to")
    options = picker.locator("option").all_text_contents()
    assert not any(o.startswith("SEO Analyst") for o in options)  # not under itself
    picker.select_option(label="Head of Client Services (Priya Raman)")
    dialog.get_by_role("button", name="Move seat").click()
    expect(page.locator("#chart-status")).to_have_text("SEO Analyst now reports to Head of Client Services.")
    expect(dialog).to_be_hidden()
    assert _api_chart(page)["SEO Analyst"]["parent_id"] == _api_chart(page)["Head of Client Services"]["id"]
    # Drawn under its new manager: in that manager's column, below it.
    seo, head = _box(page, "SEO Analyst").bounding_box(), _box(page, "Head of Client Services").bounding_box()
    assert seo["y"] > head["y"] and abs(seo["x"] - head["x"]) < head["width"]
    screenshot(page, "chart-diagram-after-move")


def test_dragging_a_seat_under_its_own_report_is_refused_with_the_apis_message(page):
    log_in(page)
    _diagram(page)
    before = _api_chart(page)
    page.get_by_role("button", name="Fit to screen").click()  # both boxes in view
    where = "b => [b.style.left, b.style.top, b.style.transform, b.parentElement.children.length]"
    drawn = _box(page, "Integrator / COO").evaluate(where)
    boxes = {t: _box(page, t).bounding_box() for t in ("Integrator / COO", "Content Writer")}
    source, target = boxes["Integrator / COO"], boxes["Content Writer"]
    # Grab and drop on the holder's name: the middle left of a box, clear of its buttons.
    page.mouse.move(source["x"] + source["width"] * .25, source["y"] + source["height"] * .6)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] * .25, target["y"] + target["height"] * .6, steps=12)
    page.mouse.up()
    alert = page.locator("#chart-alert")
    expect(alert).to_be_visible()
    api_message = page.evaluate("""async ([seat, parent]) => {
        const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
        const r = await fetch('/api/v1/seats/' + seat + '/move', {method: 'POST', headers: {
            'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': token},
            body: JSON.stringify({parent_id: parent})});
        return (await r.json()).error.message; }""",
                                [before["Integrator / COO"]["id"], before["Content Writer"]["id"]])
    assert "cycle" in api_message
    expect(alert).to_have_text(api_message)
    assert _api_chart(page) == before
    assert _box(page, "Integrator / COO").evaluate(where) == drawn  # the diagram did not change
    screenshot(page, "chart-diagram-refused-cycle")


def test_focusing_a_seat_shows_its_chain_and_dims_the_rest(page):
    log_in(page)
    _diagram(page)
    _box(page, "Content Writer").get_by_role("button", name="Actions for Content Writer").click()
    page.get_by_role("menuitem", name="Focus seat and its chain").click()
    chain = ["Content Writer", "Content Operations Lead", "Head of Delivery", "Integrator / COO", "Visionary / CEO"]
    for title in chain:
        expect(_box(page, title)).to_have_class(re.compile(r"\bin-chain\b"))
    expect(_box(page, "Head of Growth")).to_have_class(re.compile(r"\bdimmed\b"))
    page.get_by_role("button", name="Show everyone").click()
    expect(page.locator(".chart-box.dimmed")).to_have_count(0)


def test_changing_the_holder_from_the_menu(page):
    log_in(page)
    _diagram(page)
    _box(page, "Head of Growth").get_by_role("button", name="Actions for Head of Growth").click()
    page.get_by_role("menuitem", name="Change holder…").click()
    dialog = page.get_by_role("dialog")
    picker = dialog.get_by_label("Held by")
    expect(picker.locator("option", has_text="Daniel Okafor")).to_have_count(1)
    picker.select_option(label="Daniel Okafor")
    dialog.get_by_role("button", name="Save holder").click()
    expect(_box(page, "Head of Growth").locator(".box-holder")).to_have_text("Daniel Okafor")
    expect(_box(page, "Head of Growth")).to_have_class(re.compile(r"\bperson\b"))
    assert _api_chart(page)["Head of Growth"]["occupant"]["name"] == "Daniel Okafor"


def test_exporting_the_diagram_as_svg_and_png(page):
    log_in(page)
    _diagram(page)
    with page.expect_download() as svg:
        page.get_by_role("button", name="Export SVG").click()
    text = open(svg.value.path(), encoding="utf-8").read()
    assert text.startswith("<svg") and "Visionary / CEO" in text and "<script" not in text
    with page.expect_download() as png:
        page.get_by_role("button", name="Export PNG").click()
    data = open(png.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
