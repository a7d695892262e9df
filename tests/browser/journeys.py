"""What the whole-program journeys share: the browser, who is signed in, and numbered
screenshots of the steps at desktop and phone widths (var/screenshots/<prefix>-NN-*.png)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

PASSWORD = "journey-pass-7741"
# A small organisation, imported through the directory page by the first admin: two leaders and
# two junior mentors in other departments, a coordinator from HR, a sponsor, and the leaders'
# line managers for the reporting chain (the CSV columns of upward.people.importing.COLUMNS).
ORGANISATION = (
        ("E100", "Helena Marsh", "helena.marsh@acme.test", "Chief Executive", "14", "Executive",
         "", "London", "Europe/London", "en", "", "2010-01-04", ""),
        ("E101", "Victor Osei", "victor.osei@acme.test", "VP Operations", "12", "Operations",
         "E100", "London", "Europe/London", "en", "", "2012-03-01", ""),
        ("E102", "Ingrid Dahl", "ingrid.dahl@acme.test", "VP Finance", "12", "Finance",
         "E100", "Oslo", "Europe/Oslo", "en;no", "", "2013-06-17", ""),
        ("E103", "Cora Jimenez", "cora.jimenez@acme.test", "People Programs Lead", "8", "People",
         "E100", "London", "Europe/London", "en;es", "", "2016-09-05", ""),
        ("E106", "Priya Raman", "priya.raman@acme.test", "Head of Data", "9", "Technology",
         "E100", "London", "Europe/London", "en", "", "2018-02-12", ""),
        ("E104", "Noor Haddad", "noor.haddad@acme.test", "Data Analyst", "3", "Technology",
         "E106", "London", "Europe/London", "en;ar", "Early Careers", "2024-09-02", ""),
        ("E105", "Tomasz Wilk", "tomasz.wilk@acme.test", "Software Engineer", "2", "Technology",
         "E106", "Warsaw", "Europe/Warsaw", "en;pl", "Early Careers", "2025-01-13", ""),
)  # fmt: skip
SPONSOR = "helena.marsh@acme.test"
COORDINATOR = "cora.jimenez@acme.test"
PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The innermost elements that reach past the right edge of the window (for the failure message).
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
  .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))
  .slice(0, 6)
  .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className : "")
    + " (" + Math.round(el.getBoundingClientRect().right) + "px): "
    + (el.textContent || "").trim().slice(0, 60))"""


class Journey:
    """The browser, who is signed in, and the numbered screenshots of the steps."""

    def __init__(
        self, page: Any, base_url: str, prefix: str = "journey", strict: bool = True
    ) -> None:
        self.page = page
        # Strict: the first page that scrolls sideways on a phone fails the journey at once;
        # else each is noted in `sideways` and the journey checks them all at its end.
        self.strict = strict
        self.sideways: list[str] = []
        self.base_url = base_url
        self.prefix = prefix
        self.step = 0

    def shot(self, name: str) -> Path:
        self.step += 1
        return screenshot(self.page, f"{self.prefix}-{self.step:02d}-{name}")

    def phone_shot(self, name: str) -> None:
        """The same page at 390 x 844: written, and no sideways scroll of the page."""
        page = self.page
        size = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            # Charts redraw for the new width a few frames later (a phone loads the page at its
            # own width): a sideways scroll that lasts is the page's, not the resize's.
            for _ in range(20):
                overflow = page.evaluate(SIDEWAYS)
                if overflow <= 1:
                    break
                page.wait_for_timeout(100)
            screenshot(page, f"{self.prefix}-{self.step:02d}-{name}-phone")
            if overflow > 1:
                problem = (
                    f"{page.url} scrolls sideways by {overflow}px on a phone; too wide: "
                    + "; ".join(page.evaluate(TOO_WIDE))
                )
                assert not self.strict, problem
                self.sideways.append(problem)
        finally:
            page.set_viewport_size(size)

    def shots(self, name: str) -> None:
        """The step at desktop width, then on a phone."""
        self.shot(name)
        self.phone_shot(name)

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

    def follow(self, link: Any) -> None:
        """Click a link (a selector or a locator) and wait until the page it opens has loaded.

        A click only starts the navigation: a `count()` or `all()` right after it reads the page
        being left, which raced the page load in CI (a survey sent with no answers)."""
        locator = self.page.locator(link) if isinstance(link, str) else link
        with self.page.expect_navigation():
            locator.click()

    def publish(self) -> None:
        """The coordinator opens "Publish", ticks the confirmation when asked, and publishes."""
        page = self.page
        self.follow("main a[role=button]:has-text('Publish')")
        confirm = page.locator("input[name=confirm][type=checkbox]")
        if confirm.count():
            confirm.check()
        page.click("button:has-text('Publish and introduce')")
        self.said("published")

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
        # The link opens a confirmation page: wait for its button (count() would not wait, and
        # raced the page load once in CI).
        button = page.locator(f"main button:has-text('Move to {label}')")
        expect(button).to_be_visible()
        confirm = page.locator("input[name=confirm]")
        if confirm.count():
            confirm.check()
        page.click(f"main button:has-text('Move to {label}')")
        expect(page.locator("main")).to_contain_text(label.capitalize())
