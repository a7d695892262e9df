"""The footer's language menu: anyone may choose, a signed-in person keeps the choice."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from upward.i18n import SESSION_KEY
from upward.notifications.models import DeliveryPreference
from upward.people.models import User

pytestmark = pytest.mark.django_db
URL = "/language/"


def test_the_address_is_the_named_view() -> None:
    assert reverse("set-language") == URL


def test_every_page_offers_the_menu_in_each_language_own_name(client: Client) -> None:
    html = client.get("/login/").content.decode()
    assert f'action="{URL}"' in html
    for name in ("English", "Français", "Deutsch", "Español"):
        assert name in html
    assert 'name="next" value="/login/"' in html


def test_a_visitor_keeps_the_choice_in_a_cookie(client: Client) -> None:
    response = client.post(URL, {"language": "de", "next": "/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    page = client.get("/login/")
    assert page["Content-Language"] == "de"
    assert 'lang="de"' in page.content.decode()
    assert "Zum Inhalt springen" in page.content.decode()


def test_a_signed_in_person_keeps_it_in_their_preferences(client: Client, plain_user: User) -> None:
    client.force_login(plain_user)
    response = client.post(URL, {"language": "fr", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert DeliveryPreference.objects.get(user=plain_user).language == "fr"
    assert client.session[SESSION_KEY] == "fr"
    # Their choice beats the browser's.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert page["Content-Language"] == "fr"
    # Choosing again changes the saved row rather than adding one.
    client.post(URL, {"language": "es", "next": "/"})
    assert DeliveryPreference.objects.get(user=plain_user).language == "es"
    assert DeliveryPreference.objects.filter(user=plain_user).count() == 1


def test_an_existing_preference_keeps_its_other_settings(client: Client, plain_user: User) -> None:
    DeliveryPreference.objects.create(user=plain_user, email_enabled=False)
    client.force_login(plain_user)
    client.post(URL, {"language": "de"})
    pref = DeliveryPreference.objects.get(user=plain_user)
    assert pref.language == "de" and pref.email_enabled is False


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/login/",
        "javascript:alert(1)",
    ],
)
def test_it_never_sends_anyone_to_another_site(client: Client, hostile: str) -> None:
    response = client.post(URL, {"language": "es", "next": hostile})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_refuses_a_language_upward_does_not_speak(client: Client, plain_user: User) -> None:
    client.force_login(plain_user)
    for code in ("xx", "", "de-AT", "<script>", "fr" * 100):
        response = client.post(URL, {"language": code, "next": "/"})
        assert response.status_code == 400
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not DeliveryPreference.objects.filter(user=plain_user).exists()


def test_it_answers_only_a_post(client: Client) -> None:
    assert client.get(URL).status_code == 405


def test_it_requires_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"language": "de", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
