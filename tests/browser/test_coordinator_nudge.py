"""The coordinator follows up a pair from the health board: opens the pair's health page, edits
the templated nudge, sends it; the leader finds it in their notifications."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.mentoring.models import Pair


def test_coordinator_nudges_a_pair_from_the_health_board_and_the_leader_sees_it(
    page: Any,
) -> None:
    pair = (
        Pair.objects.filter(
            status=Pair.Status.ACTIVE,
            leader__user__email="leader@example.com",
            program__coordinators__email="coordinator@example.com",
        )
        .select_related("program", "leader__person")
        .first()
    )
    assert pair is not None, "the demo gives the demo leader an active pair"

    sign_in(page, "coordinator@example.com")
    page.goto(f"/insights/programs/{pair.program.slug}/health/")
    expect(page.locator("h1")).to_have_text("Health board")
    screenshot(page, "health-board")
    page.click(f"#health-rows a[href='/pairs/{pair.pk}/']")
    expect(page.locator("h1")).to_contain_text(pair.leader.person.name)
    expect(page.locator("#nudge")).to_contain_text("Send a nudge")
    # The templated message is there to edit; the coordinator makes it their own.
    body = page.locator("#id_body")
    expect(body).to_have_value(
        # Greets both by first name.
        re.compile(rf"^Hi {pair.leader.person.name.split(' ')[0]} and ")
    )
    page.fill("#id_subject", "Coffee before the next session?")
    page.fill("#id_body", body.input_value() + "\n\nP.S. Happy to book a room for you both.")
    screenshot(page, "pair-health")
    page.click("#nudge button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Nudge sent")
    expect(page.locator("#history")).to_contain_text("Coffee before the next session?")

    # The leader sees it in the app.
    page.context.clear_cookies()
    sign_in(page, "leader@example.com")
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("Coffee before the next session?")
    expect(page.locator("main")).to_contain_text("Happy to book a room for you both.")
