"""The demo's org admin signs in, imports people (a bad file, then a good one) and finds them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.people.importing import COLUMNS

HEADER = ",".join(COLUMNS)
GOOD = (
    HEADER
    + "\nE1,Ada Boss,ada@example.com,CEO,12,Exec,,London,Europe/London,en,,2001-02-03,"
    + "\nE2,Bo Vice,bo@example.com,VP Finance,10,Finance,E1,Paris,Europe/Paris,fr,Pride Network,,"
    + "\n"
)


def test_admin_imports_the_directory_and_finds_a_person(page: Any, tmp_path: Path) -> None:
    sign_in(page, "admin@example.com")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Welcome"))
    screenshot(page, "home-admin")

    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "E3,Cy,not-an-email,,x,,E404,,UTC,,,,\n")
    page.goto("/people/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Import')")
    report = page.locator("[role=alert]")
    expect(report).to_contain_text("Nothing was imported: 3 problems")
    expect(report).to_contain_text("row 4, column email")
    screenshot(page, "import-errors")

    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Import')")
    expect(page.locator(".messages")).to_contain_text("2 created")

    page.goto("/people/")
    page.fill("input[name=q]", "Bo Vice")
    # The results update as you type (htmx), without a page load.
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "q=Bo%20Vice" in page.url  # the URL keeps the search, so it can be shared
    page.click("#results td a:has-text('Bo Vice')")
    expect(page.locator(".chain")).to_contain_text("Ada Boss")
    screenshot(page, "person-detail")


def test_a_wrong_password_shows_an_error_and_no_session(page: Any) -> None:
    page.goto("/login/")
    page.fill("#id_username", "admin@example.com")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text(
        re.compile("enter a correct email and password", re.IGNORECASE)
    )
