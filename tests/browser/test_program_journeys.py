"""Journeys across the product on the demo organisation, as each role lives them."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in


def test_leader_opens_the_room_and_keeps_a_private_note(page: Any) -> None:
    sign_in(page, "leader@example.com")
    page.click("nav a:has-text('My pair')")
    expect(page.locator("h1")).to_contain_text("&")
    expect(page.get_by_text("Signed by both")).to_be_visible()
    screenshot(page, "leader-room")

    page.click("main a:has-text('Notes')")
    note = "Ask about the team's AI note-taker before Friday"
    page.fill("textarea[name=body]", note)
    page.check("input[name=visibility][value=private]")
    page.click("main form button:has-text('Save note')")
    expect(page.get_by_text(note)).to_be_visible()
    screenshot(page, "leader-notes")

    notes_url = page.url.split("?")[0]

    # Nobody else reads it: not the mentor (who sees the pair's shared notes), not the
    # coordinator (who sees pair health only and is refused the notes page).
    for other in ("mentor@example.com", "coordinator@example.com"):
        page.context.clear_cookies()
        sign_in(page, other)
        response = page.goto(notes_url)
        assert response is not None
        assert note not in page.content()
        if other.startswith("mentor"):
            assert response.status == 200
        else:
            assert response.status in (403, 404)


def test_coordinator_runs_matching_and_reviews_the_proposals(page: Any) -> None:
    sign_in(page, "coordinator@example.com")
    page.click("nav a:has-text('Programs')")
    page.click("a:has-text('workplace culture')")
    screenshot(page, "program-matching-phase")
    page.click("main a[role=button]:has-text('Matching')")
    page.click("button:has-text('Start a match run')")
    # Tasks run eagerly in tests; the page shows the finished run with its proposals.
    expect(page.locator("main")).to_contain_text("Proposed pairs")
    screenshot(page, "match-run-review")


def test_sponsor_sees_impact_but_not_the_directory(page: Any) -> None:
    sign_in(page, "sponsor@example.com")
    page.click("nav a:has-text('Insights')")
    page.click("tr:has-text('digital fluency') a:has-text('Impact')")
    expect(page.locator("canvas").first).to_be_visible()
    screenshot(page, "sponsor-impact")
    assert page.locator("nav a:has-text('Directory')").count() == 0
    response = page.goto(page.url.split("/insights", 1)[0] + "/people/")
    assert response is not None and response.status in (403, 404)


def test_sponsor_home_charts_each_programs_headline_figures(page: Any) -> None:
    sign_in(page, "sponsor@example.com")
    panel = page.locator("article.panel-wide")
    expect(panel.locator("table.program-figures")).to_contain_text("digital fluency")
    # Chart.js drew each chart (a sized canvas), and each has its data table a click away.
    for chart in ("home-follow-through", "home-adherence", "home-objectives"):
        canvas = page.locator(f"#chart-{chart}")
        expect(canvas).to_be_visible()
        assert (canvas.bounding_box() or {}).get("height", 0) > 100
    panel.locator("summary:has-text('Show as a table')").last.click()
    expect(panel.locator("details[open] table").last).to_contain_text("Met")
    screenshot(page, "sponsor-home")
    # The closed pilot's report is a link away, and it shows the pilot's objectives.
    # (The demo names the pilot after the year it ran, which moves with today's date.)
    panel.locator("tr", has_text=re.compile(r"Pilot \d{4}")).locator("a:has-text('Report')").click()
    expect(page.locator("#objectives-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("At most one pair of the pilot ends early")
