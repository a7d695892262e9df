"""Which language a person meets: their own choice, then their browser, then the organisation's
default (LANGUAGE_CODE). Tested through real requests (upward/i18n.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.test import Client
from django.utils import translation

from upward.i18n import SESSION_KEY, language_for, language_of, supported
from upward.notifications.models import DeliveryPreference
from upward.people.models import User

pytestmark = pytest.mark.django_db


def _choose(user: User, code: str) -> None:
    DeliveryPreference.objects.update_or_create(user=user, defaults={"language": code})


def _signed_in(user: User, accept: str = "") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=accept) if accept else Client()
    client.force_login(user)
    return client


def test_without_any_signal_pages_are_in_the_organisations_default(plain_user: User) -> None:
    response = _signed_in(plain_user).get("/")
    assert response["Content-Language"] == "en"


def test_the_browsers_language_is_followed_when_the_person_chose_none(plain_user: User) -> None:
    response = _signed_in(plain_user, "de-DE,de;q=0.9,en;q=0.5").get("/")
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]


def test_a_language_upward_does_not_speak_falls_back_to_the_default(plain_user: User) -> None:
    response = _signed_in(plain_user, "ja-JP,ja;q=0.9").get("/")
    assert response["Content-Language"] == "en"


def test_the_persons_own_choice_beats_their_browser(plain_user: User) -> None:
    _choose(plain_user, "fr")
    client = _signed_in(plain_user, "de")  # signing in reads the choice into the session
    assert client.session[SESSION_KEY] == "fr"
    assert client.get("/")["Content-Language"] == "fr"


def test_the_choice_is_read_at_sign_in_and_kept_for_the_session(
    plain_user: User,
) -> None:
    _choose(plain_user, "es")
    client = _signed_in(plain_user)
    client.get("/")
    _choose(plain_user, "de")  # changed behind the session's back (another device)
    # The session keeps the choice made at sign-in: the middleware does not look it up again.
    assert client.get("/")["Content-Language"] == "es"


def test_a_choice_stored_with_an_unknown_code_is_ignored(plain_user: User) -> None:
    DeliveryPreference.objects.update_or_create(user=plain_user, defaults={"language": "xx"})
    assert _signed_in(plain_user, "de").get("/")["Content-Language"] == "de"


def test_anonymous_visitors_follow_their_browser() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="es").get("/login/")
    assert response["Content-Language"] == "es"


def test_what_is_written_to_a_person_away_uses_their_language(plain_user: User) -> None:
    assert language_for(plain_user) == "en"
    _choose(plain_user, "de")
    assert language_for(plain_user) == "de"
    before = translation.get_language()
    with language_of(plain_user) as code:
        assert code == "de"
        assert translation.get_language() == "de"
    assert translation.get_language() == before


def test_supported_maps_regional_variants_and_refuses_the_rest() -> None:
    assert supported("de-AT") == "de"
    assert supported("fr") == "fr"
    assert supported("xx") == ""
    assert supported("") == ""
    assert supported("<script>") == ""


def test_an_organisation_default_upward_does_not_speak_stops_the_start() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "upward.settings", "LANGUAGE_CODE": "xx", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "LANGUAGE_CODE='xx' is not one of Upward's languages" in result.stderr
