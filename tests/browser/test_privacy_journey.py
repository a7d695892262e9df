"""Issue 11: the org admin exports and erases a person and reads the audit log; the sponsor sees a
space in figures; a leader's reflection starts private."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.mentoring.models import Meeting, Pair
from upward.programs.models import Program


def _someone_to_erase() -> tuple[str, str]:
    """A demo leader in a pair that no other journey signs in as (employee id, name)."""
    logins = {"E0009", "E0200", "E0290", "E0291", "E0002"}
    pair = (
        Pair.objects.select_related("leader__person", "mentor__person")
        .exclude(leader__person__employee_id__in=logins)
        .exclude(mentor__person__employee_id__in=logins)
        .order_by("pk")
        .first()
    )
    assert pair is not None
    return pair.leader.person.employee_id, pair.leader.person.name


def test_admin_exports_then_erases_a_person_and_reads_the_audit_log(page: Any) -> None:
    employee_id, name = _someone_to_erase()
    sign_in(page, "admin@example.com")
    page.goto(f"/people/{employee_id}/")
    page.click("text=Personal data: export or erase")
    expect(page.locator("h1")).to_have_text("Personal data")
    screenshot(page, "privacy-personal-data")

    with page.expect_download() as download:
        page.click("text=Download the export (JSON)")
    document = json.loads(download.value.path().read_text())
    assert document["person"]["name"] == name and document["records"]["mentoring.Pair"]

    page.click("text=Erase on request")
    page.fill("#id_confirm", "not the id")
    page.click(f"button:has-text('Erase {name}')")
    expect(page.locator("[role=alert]")).to_contain_text("employee ID exactly")
    screenshot(page, "privacy-erase-confirm")
    page.fill("#id_confirm", employee_id)
    page.click(f"button:has-text('Erase {name}')")
    expect(page.locator(".messages")).to_contain_text("partner(s) told")
    expect(page.locator("hgroup")).to_contain_text("erased")

    page.goto("/audit/")
    page.select_option("#action", "person.erased")
    page.click("button:has-text('Filter')")
    expect(page.locator("table")).to_contain_text("Person erased")
    assert name not in page.content()
    screenshot(page, "privacy-audit-log")


def test_the_sponsor_sees_the_space_in_figures_and_the_board_without_names(page: Any) -> None:
    program = Program.objects.filter(sponsor__email="sponsor@example.com").order_by("pk").first()
    assert program is not None
    sign_in(page, "sponsor@example.com")
    page.goto(f"/community/{program.slug}/")
    assert "The space in figures" in page.content()
    screenshot(page, "privacy-sponsor-space")
    page.goto(f"/pairs/board/{program.slug}/")
    assert "As the sponsor you see what was committed" in page.content()
    screenshot(page, "privacy-sponsor-board")


def test_a_leaders_reflection_form_starts_private(page: Any) -> None:
    meeting = (
        Meeting.objects.filter(pair__leader__person__employee_id="E0009", status="held")
        .exclude(reflections__role="leader")
        .order_by("-starts_at")
        .first()
    )
    assert meeting is not None
    sign_in(page, "leader@example.com")
    page.goto(f"/pairs/{meeting.pair_id}/meetings/{meeting.pk}/")
    assert page.locator("input[name=shared_with_partner][value=private]").is_checked()
    page.locator("form:has(input[name=shared_with_partner])").scroll_into_view_if_needed()
    screenshot(page, "privacy-reflection-private")
