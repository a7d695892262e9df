"""Two tabs edit the same note: the second save shows both versions instead of losing one."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in


def test_the_second_tab_sees_what_changed_and_keeps_its_text(page: Any) -> None:
    sign_in(page, "leader@example.com")
    page.click("nav a:has-text('My pair')")
    page.click("main a:has-text('Notes')")
    page.fill("textarea[name=body]", "Draft questions for our next talk")
    page.check("input[name=visibility][value=private]")
    page.click("main form button:has-text('Save note')")
    # The saved note, once the page after the save shows it (not a note of the page before).
    saved = page.locator("[id^=note-]", has_text="Draft questions for our next talk").first
    expect(saved).to_be_visible()
    notes_url = page.url.split("?")[0]
    note_id = saved.get_attribute("id").split("-")[1]
    edit_url = f"{notes_url}{note_id}/edit/"

    other = page.context.new_page()
    other.goto(edit_url)
    page.goto(edit_url)
    other.fill("textarea[name=body]", "Saved from the other tab")
    other.click("main form button:has-text('Save')")
    page.fill("textarea[name=body]", "My longer version of the questions")
    page.click("main form button:has-text('Save')")

    expect(page.get_by_text("changed by someone else while you edited it")).to_be_visible()
    expect(page.get_by_text("Saved meanwhile: Saved from the other tab")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("My longer version of the questions")
    screenshot(page, "stale-note-edit")
    page.click("main form button:has-text('Save')")  # knowingly replaces the other version
    expect(page.get_by_text("My longer version of the questions")).to_be_visible()
