"""A German-speaking leader meets Upward in German, in Chromium (issue 17).

Their browser asks for German (the context's locale sends `Accept-Language: de-DE`): sign-in,
home, the pair room, meetings and notes are German, with nothing left in English; what they
write stays as written; on a phone the long German words still fit. Then they choose French in
the footer's language menu: the choice is theirs, so it wins over the browser from then on,
including at the next sign-in on another device.

The expected words come from the catalogues (`gettext` in German of the English source), so the
test checks that a translation exists and is what the page shows, without copying it here.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import screenshot, sign_in
from tests.i18n.checks import database_text, untranslated
from upward.mentoring.models import Pair
from upward.notifications.models import DeliveryPreference

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def said(language: str, english: str) -> str:
    """The catalogue's words for `english` in `language`; a missing translation fails."""
    with translation.override(language):
        words = translation.gettext(english)
    assert words != english, f"no {language} translation for {english!r}"
    return words


def _context(browser: Any, server: LiveServer, locale: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(locale=locale, viewport=viewport, base_url=server.url)
    context.set_default_timeout(15_000)
    return context


def test_a_german_speaking_leader_meets_upward_in_german_and_can_choose_french(
    browser: Any, demo_server: LiveServer, django_db_blocker: DjangoDbBlocker
) -> None:
    with django_db_blocker.unblock():
        # The demo's leader; their language choice is put back when the test ends, so the
        # journeys after this one meet the English they expect.
        pair = Pair.objects.select_related("leader__user").get(
            leader__user__email="leader@example.com", status="active"
        )
        user = pair.leader.user
        assert user is not None
        email = user.email
        data = database_text()
    german = _context(browser, demo_server, "de-DE", DESKTOP)
    english = _context(browser, demo_server, "en-GB", DESKTOP)
    try:
        with django_db_blocker.unblock():
            page = german.new_page()
            page.goto("/login/")
            assert page.evaluate("document.documentElement.lang") == "de"
            screenshot(page, "german-01-sign-in")
            sign_in(page, email)
            reference = english.new_page()
            sign_in(reference, email)

            # Home, room, meetings and notes: German, with no interface text left in English.
            for step, path, heading in [
                (2, "/", "My pair"),
                (3, f"/pairs/{pair.pk}/", "Your partner"),
                (4, f"/pairs/{pair.pk}/meetings/", "Meetings"),
                (5, f"/pairs/{pair.pk}/notes/", "Save note"),
            ]:
                page.goto(path)
                assert said("de", heading) in page.inner_text("body")
                reference.goto(path)
                left = untranslated(reference.content(), page.content(), language="de", data=data)
                assert not left, f"{path} in German still shows English: {left}"
                screenshot(page, f"german-{step:02d}-{path.strip('/').replace('/', '-') or 'home'}")

            # What a person writes stays as they wrote it.
            page.goto(f"/pairs/{pair.pk}/notes/")
            written = "Heute habe ich gelernt, wie Tickets priorisiert werden."
            page.fill("textarea[name=body]", written)
            page.click(f"button:has-text('{said('de', 'Save note')}')")
            page.wait_for_load_state()
            assert written in page.inner_text("body")

            # On a phone the long German words still fit the screen.
            phone = german.new_page()
            phone.set_viewport_size(PHONE)
            for path in ["/", f"/pairs/{pair.pk}/", f"/pairs/{pair.pk}/meetings/"]:
                phone.goto(path)
                width, inner = phone.evaluate(
                    "[document.documentElement.scrollWidth, window.innerWidth]"
                )
                assert width <= inner, f"{path} scrolls sideways in German at 390 px"
            screenshot(phone, "german-06-home-phone")

            # The footer's language menu: French, chosen by the person, wins over the browser.
            page.goto("/")
            page.select_option("footer select[name=language]", "fr")
            page.click("footer form button[type=submit]")
            page.wait_for_load_state()
            assert page.evaluate("document.documentElement.lang") == "fr"
            assert said("fr", "My pair") in page.inner_text("body")
            screenshot(page, "german-07-chose-french")

            elsewhere = _context(browser, demo_server, "de-DE", DESKTOP)
            try:
                other = elsewhere.new_page()
                sign_in(other, email)
                assert other.evaluate("document.documentElement.lang") == "fr"
            finally:
                elsewhere.close()
    finally:
        german.close()
        english.close()
        with django_db_blocker.unblock():
            DeliveryPreference.objects.filter(user__email=email).update(language="")
