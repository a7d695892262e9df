"""Accounts, API tokens, SCIM and the audit log in French, German and Spanish (issue 17); the
invitation e-mail in the invited person's language, not the admin's."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.test import Client

from tests.i18n.checks import database_text, main_of, untranslated
from upward.notifications.models import DeliveryPreference
from upward.people.models import Person, User
from upward.people.services import api_token_create
from upward.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "/accounts/": {
        "fr": ["Comptes", "Tous les statuts", "Provisionnement SCIM"],
        "de": ["Konten", "Jeder Status", "SCIM-Bereitstellung"],
        "es": ["Cuentas", "Cualquier estado", "Aprovisionamiento SCIM"],
    },
    "/accounts/invite/?q=nia": {
        "fr": ["pas encore", "Inviter Nia Newcomer", "Rechercher dans l'annuaire"],
        "de": ["noch keins", "Nia Newcomer einladen", "Verzeichnis durchsuchen"],
        "es": ["todavía no", "Invitar a Nia Newcomer", "Buscar en el directorio"],
    },
    "/settings/tokens/": {
        "fr": ["Jetons d'API", "Lecture seule", "Créer le jeton"],
        "de": ["API-Token", "Nur lesen", "Token erstellen"],
        "es": ["Tokens de API", "Solo lectura", "Crear token"],
    },
    "/accounts/scim/": {
        "fr": ["Provisionnement SCIM", "Créer un jeton SCIM"],
        "de": ["SCIM-Bereitstellung", "SCIM-Token erstellen"],
        "es": ["Aprovisionamiento SCIM", "Crear un token SCIM"],
    },
    "/audit/": {
        "fr": ["Journal d'audit", "Toutes les actions", "Jeton d'API créé"],
        "de": ["Audit-Protokoll", "Alle Aktionen", "API-Token erstellt"],
        "es": ["Registro de auditoría", "Todas las acciones", "Token de API creado"],
    },
}


@pytest.fixture
def newcomer() -> Person:
    return PersonFactory(name="Nia Newcomer", email="nia@example.com", employee_id="N1")


def _page(client: Client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    assert response["Content-Language"] == language
    return response.content.decode()


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_the_accounts_pages_are_translated(
    admin_client_: Client, admin_user: User, newcomer: Person, language: str
) -> None:
    api_token_create(user=admin_user, name="HR sync")  # a token and an audit entry to show
    data = database_text()
    for path, words in PAGES.items():
        page = _page(admin_client_, path, language)
        for expected in words[language]:
            assert expected in html.unescape(page), (path, expected)
        english = _page(admin_client_, path, "en")
        assert untranslated(main_of(english), main_of(page), language=language, data=data) == [], (
            path
        )
    detail = _page(admin_client_, f"/accounts/{admin_user.pk}/", language)
    english = _page(admin_client_, f"/accounts/{admin_user.pk}/", "en")
    assert untranslated(main_of(english), main_of(detail), language=language, data=data) == []


def test_a_refusal_reads_in_the_admins_language(admin_client_: Client, admin_user: User) -> None:
    response = admin_client_.post(
        f"/accounts/{admin_user.pk}/org-admin/",
        {"value": "off"},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )
    page = response.content.decode()
    assert "Dies ist der letzte aktive Organisations-Admin" in page
    assert "last active org admin" not in page


def test_the_invitation_is_written_in_the_invited_persons_language(
    admin_client_: Client, newcomer: Person
) -> None:
    invited = UserFactory(email="nia@example.com", person=newcomer, name="Nia Newcomer")
    invited.set_unusable_password()
    invited.save()
    DeliveryPreference.objects.create(user=invited, language="es")
    # The admin reads German; Nia chose Spanish, so her e-mail is in Spanish.
    admin_client_.post("/accounts/invite/", {"person": newcomer.pk}, HTTP_ACCEPT_LANGUAGE="de")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Te han invitado a Upward"
    assert sent.body.startswith("Hola, Nia Newcomer:")
    assert "te ha invitado a Upward, la plataforma de mentoría inversa" in sent.body
    assert "/password-reset/" in sent.body
    assert "Sie" not in sent.body and "invited you" not in sent.body


def test_an_invitation_without_a_chosen_language_is_in_the_organisations(
    admin_client_: Client, newcomer: Person
) -> None:
    admin_client_.post("/accounts/invite/", {"person": newcomer.pk}, HTTP_ACCEPT_LANGUAGE="fr")
    assert mail.outbox[0].subject == "You are invited to Upward"
