"""The shared layout, the home page of every role and the error pages, in French, German and
Spanish (the test client sends no Accept-Language elsewhere, so other tests stay in English)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from upward import views
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.people.models import User

pytestmark = pytest.mark.django_db

# What the frame says in each language (and must no longer say in English).
FRAME = {
    "fr": ["Aller au contenu", "Se déconnecter", "Bienvenue,", "Changer de langue", "Langue"],
    "de": ["Zum Inhalt springen", "Abmelden", "Willkommen,", "Sprache ändern", "Menü"],
    "es": ["Saltar al contenido", "Cerrar sesión", "Te damos la bienvenida,", "Cambiar idioma"],
}
ENGLISH = ["Skip to content", "Sign out", "Welcome,", "Change language", "You are signed in as"]
ROLE = {
    "leader": {"fr": "Dirigeant", "de": "Führungskraft", "es": "Líder"},
    "mentor": {"fr": "Mentor", "de": "Mentor:in", "es": "Mentor/a"},
    "coordinator": {"fr": "Coordinateur", "de": "Koordinator:in", "es": "Coordinador/a"},
    "sponsor": {"fr": "Sponsor", "de": "Sponsor:in", "es": "Patrocinador/a"},
    "admin": {
        "fr": "Administrateur de l&#x27;organisation",
        "de": "Organisations-Admin",
        "es": "Administrador de la organización",
    },
}
COMMUNITY = {"fr": "Communauté", "de": "Community", "es": "Comunidad"}


@pytest.fixture
def people(admin_user: User, coordinator_user: User, sponsor_user: User) -> dict[str, User]:
    pair = PairFactory()
    return {
        "leader": user_of(pair.leader),
        "mentor": user_of(pair.mentor),
        "coordinator": coordinator_user,
        "sponsor": sponsor_user,
        "admin": admin_user,
    }


@pytest.mark.parametrize("language", sorted(FRAME))
@pytest.mark.parametrize("role", sorted(ROLE))
def test_each_role_meets_the_home_page_in_its_language(
    client: Client, people: dict[str, User], role: str, language: str
) -> None:
    client.force_login(people[role])
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in html
    for words in FRAME[language]:
        assert words in html, words
    assert ROLE[role][language] in html
    for english in ENGLISH:
        assert english not in html, english
    # The navigation entries community owns are translated too.
    if role != "admin":
        assert f">{COMMUNITY[language]}</a>" in html


def test_the_menu_offers_each_language_in_its_own_name(client: Client, plain_user: User) -> None:
    client.force_login(plain_user)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="es" lang="es" selected>Español</option>' in html
    for code, name in (("en", "English"), ("fr", "Français"), ("de", "Deutsch")):
        assert f'<option value="{code}" lang="{code}">{name}</option>' in html


PAGES: dict[str, tuple[Callable[[HttpRequest], HttpResponse], dict[str, str]]] = {
    "403": (
        lambda r: views.permission_denied(r, Exception()),
        {
            "fr": "Vous n'avez pas accès à cette page",
            "de": "Sie haben keinen Zugriff auf diese Seite",
            "es": "No tienes acceso a esta página",
        },
    ),
    "404": (
        lambda r: views.page_not_found(r, Exception()),
        {"fr": "Page introuvable", "de": "Seite nicht gefunden", "es": "Página no encontrada"},
    ),
    "500": (
        views.server_error,
        {
            "fr": "Un problème est survenu de notre côté",
            "de": "Bei uns ist etwas schiefgelaufen",
            "es": "Algo ha fallado por nuestra parte",
        },
    ),
    "400": (
        lambda r: views.bad_request(r, Exception()),
        {
            "fr": "L'adresse ou le formulaire est illisible",
            "de": "Die Adresse oder das Formular ließ sich nicht lesen",
            "es": "No se ha podido leer la dirección o el formulario",
        },
    ),
}


@pytest.mark.parametrize("language", ["fr", "de", "es"])
@pytest.mark.parametrize("status", sorted(PAGES))
def test_error_pages_speak_the_visitor_language(status: str, language: str) -> None:
    handler, title = PAGES[status]
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = handler(request)
    html = response.content.decode()
    assert response.status_code == int(status)
    assert f"<h1>{title[language]}</h1>" in html
    assert "Back to home" not in html and "Skip to content" not in html


def test_an_unknown_address_answers_the_translated_404(client: Client) -> None:
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_the_api_says_not_found_in_the_visitor_language(client: Client) -> None:
    response = client.get("/api/v1/no-such-resource", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
