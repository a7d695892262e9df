"""One reverse-mentoring program, from an empty organisation to its celebration, through the
pages alone: the journey every role makes, in the order they make it.

The organisation starts with nothing but its first org admin (`upward createsuperuser`). Each
step signs in as the person who would act, uses only what the pages offer (links, forms, the
e-mails they are sent), and writes a screenshot to var/screenshots/journey-NN-*.png, kept as CI
output. Each step also runs at phone width where a person would plausibly be on their phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_ADMIN, screenshot
from upward.demo.context import DEMO_PASSWORD
from upward.people.importing import COLUMNS

pytestmark = pytest.mark.fresh_database

PASSWORD = "journey-pass-7741"
HEADER = ",".join(COLUMNS)
# A small organisation: two leaders and two junior mentors in other departments, a
# coordinator from HR, a sponsor, and the leaders' line managers for the reporting chain.
PEOPLE = [
    ",".join(row)
    for row in (
        ("E100", "Helena Marsh", "helena.marsh@acme.test", "Chief Executive", "14", "Executive",
         "", "London", "Europe/London", "en", "", "2010-01-04", ""),
        ("E101", "Victor Osei", "victor.osei@acme.test", "VP Operations", "12", "Operations",
         "E100", "London", "Europe/London", "en", "", "2012-03-01", ""),
        ("E102", "Ingrid Dahl", "ingrid.dahl@acme.test", "VP Finance", "12", "Finance",
         "E100", "Oslo", "Europe/Oslo", "en;no", "", "2013-06-17", ""),
        ("E103", "Cora Jimenez", "cora.jimenez@acme.test", "People Programs Lead", "8", "People",
         "E100", "London", "Europe/London", "en;es", "", "2016-09-05", ""),
        ("E104", "Noor Haddad", "noor.haddad@acme.test", "Data Analyst", "3", "Technology",
         "E101", "London", "Europe/London", "en;ar", "Early Careers", "2024-09-02", ""),
        ("E105", "Tomasz Wilk", "tomasz.wilk@acme.test", "Software Engineer", "2", "Technology",
         "E101", "Warsaw", "Europe/Warsaw", "en;pl", "Early Careers", "2025-01-13", ""),
    )
]  # fmt: skip
BAD_ROW = "E106,Quinn,not-an-email,Intern,x,Technology,E999,London,UTC,en,,,"
PROGRAM = "Digital fluency for the leadership team"

SPONSOR = "helena.marsh@acme.test"
COORDINATOR = "cora.jimenez@acme.test"
LEADERS = ["victor.osei@acme.test", "ingrid.dahl@acme.test"]
MENTORS = ["noor.haddad@acme.test", "tomasz.wilk@acme.test"]


@pytest.fixture
def journey(fresh_page: Any) -> Iterator[Journey]:
    yield Journey(fresh_page)


class Journey:
    """The browser, who is signed in, and the numbered screenshots of the steps."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.step = 0

    def shot(self, name: str) -> Path:
        self.step += 1
        return screenshot(self.page, f"journey-{self.step:02d}-{name}")

    def phone_shot(self, name: str) -> None:
        """The same page at 390 x 844: written, and no sideways scroll of the page."""
        page = self.page
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        try:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            screenshot(page, f"journey-{self.step:02d}-{name}-phone")
            assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px on a phone"
        finally:
            page.set_viewport_size(size)

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        page = self.page
        page.context.clear_cookies()
        page.goto("/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_contain_text("Welcome")

    def claim_account(self, email: str) -> None:
        """A person with no password yet chooses one through "Forgot your password?", as the
        invitation e-mails tell them to, and signs in."""
        page = self.page
        page.context.clear_cookies()
        mail.outbox.clear()
        page.goto("/login/")
        page.click("a:has-text('Forgot your password?')")
        page.fill("input[type=email]", email)
        page.click("button[type=submit]")
        message = next(m for m in mail.outbox if m.to == [email])
        link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", message.body)
        assert link is not None, message.body
        page.goto(link.group(1))
        page.fill("input[name=new_password1]", PASSWORD)
        page.fill("input[name=new_password2]", PASSWORD)
        page.click("button[type=submit]")
        self.sign_in(email)

    def said(self, text: str) -> None:
        """The page confirms with a message containing ``text`` (or the test shows the page)."""
        messages = self.page.locator(".messages")
        try:
            expect(messages).to_contain_text(text)
        except AssertionError:
            raise AssertionError(self.page.locator("main").inner_text()) from None

    def move_phase(self, program_url: str, label: str) -> None:
        """The coordinator moves the program on, reading and accepting any warning."""
        page = self.page
        page.goto(program_url)
        page.click(f"main a[role=button]:has-text('Move to {label}')")
        button = page.locator(f"main button:has-text('Move to {label}')")
        assert button.count(), page.locator("main").inner_text()
        confirm = page.locator("input[name=confirm]")
        if confirm.count():
            confirm.check()
        page.click(f"main button:has-text('Move to {label}')")
        expect(page.locator("main")).to_contain_text(label.capitalize())


def test_a_program_from_an_empty_organisation_to_its_celebration(
    journey: Journey, tmp_path: Path
) -> None:
    page = journey.page

    # 1. The first org admin imports the directory; a bad file is refused whole, row by row.
    journey.sign_in(FIRST_ADMIN, DEMO_PASSWORD)
    journey.shot("admin-empty-home")
    bad = tmp_path / "people-bad.csv"
    bad.write_text("\n".join([HEADER, *PEOPLE, BAD_ROW]) + "\n")
    page.goto("/people/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Import')")
    report = page.locator("[role=alert]")
    expect(report).to_contain_text("Nothing was imported")
    expect(report).to_contain_text("row 8, column email")
    journey.shot("import-refused")
    good = tmp_path / "people.csv"
    good.write_text("\n".join([HEADER, *PEOPLE]) + "\n")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Import')")
    expect(page.locator(".messages")).to_contain_text("6 created")
    page.goto("/people/")
    expect(page.locator("main")).to_contain_text("6 people")
    journey.shot("directory")
    journey.phone_shot("directory")

    # 2. The admin drafts the program from a template, then gives the coordinator and the
    # sponsor their accounts and their roles in it.
    page.goto("/programs/new/")
    page.click("a[href='?template=digital-fluency']")
    page.fill("#id_name", PROGRAM)
    journey.shot("program-design")
    page.click("button:has-text('Create draft')")
    expect(page.locator("h1")).to_have_text(PROGRAM)
    for email, role in ((COORDINATOR, "coordinator"), (SPONSOR, "sponsor")):
        page.goto("/accounts/invite/")
        page.fill("input[name=q]", email)
        page.click("button:has-text('Search')")
        page.locator("main button[aria-label^='Invite']").first.click()
        expect(page.locator(".flash")).to_contain_text(f"Invitation sent to {email}")
        page.select_option(f"#id_{role}-program", label=PROGRAM)
        page.click(f"button:has-text('Make {role}')")
        expect(page.locator(f"#{role}")).to_contain_text(PROGRAM)
    journey.shot("account-roles")

    # 3. The coordinator signs in for the first time, sharpens the design and invites people.
    journey.claim_account(COORDINATOR)
    page.click("nav a:has-text('Programs')")
    page.click(f"main a:has-text('{PROGRAM}')")
    page.click("a:has-text('Edit design')")
    page.fill(
        "#id_purpose",
        "Our leaders learn the data and AI tools our teams use daily, from those who use them.",
    )
    page.check("#id_consult_mentors")
    page.click("button:has-text('Save')")
    expect(page.locator("main")).to_contain_text("from those who use them")
    journey.shot("program-draft")
    program_url = page.url
    journey.move_phase(program_url, "recruiting")
    page.click("main a[role=button]:has-text('Participants')")
    for role, emails in (("leader", LEADERS), ("mentor", MENTORS)):
        invite = page.locator("details:has(summary:has-text('Invite people'))")
        if invite.get_attribute("open") is None:
            invite.locator("summary").click()
        page.select_option("#id_role", role)
        page.fill("#id_people", "\n".join(emails))
        page.click("button:has-text('Send invitations')")
        for email in emails:
            expect(page.locator("main")).to_contain_text(email.split("@")[0].split(".")[1].title())
    journey.shot("participants-invited")
    journey.phone_shot("participants-invited")

    # 4. Each invited person opts in and fills the intake.
    for email in LEADERS + MENTORS:
        journey.claim_account(email)
        page.locator("main a:has-text('Read and decide')").first.click()
        page.check("#id_consent")
        page.click("button:has-text('Opt in')")
        page.click("main a:has-text('Intake questionnaire')")
        page.select_option("select[name='topic_digital-tools-ai']", "3")
        page.select_option("select[name='topic_ways-of-working']", "2")
        if email in LEADERS:
            page.fill("#id_goals", "See how the analytics stack and AI assistants are really used.")
            page.fill("#id_will_do", "Change how my division plans and reviews its work.")
        else:
            page.fill("#id_strengths", "I build dashboards and use AI assistants every day.")
            page.fill("#id_availability", "Tuesday and Thursday afternoons")
            page.fill("#id_capacity", "1")
        page.check("input[name=languages][value=en]")
        page.click("button[name=submit]")
        journey.said("Intake submitted")
    journey.shot("intake-submitted")
    journey.phone_shot("intake-submitted")

    journey.sign_in(COORDINATOR)
    page.goto(program_url)
    journey.shot("program-recruited")
