"""API error messages follow the caller's Accept-Language; field names and codes never change."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import client_for
from upward.people.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("fr", "Authentification requise\u00a0: envoyez Authorization: Bearer <token>."),
        ("de", "Anmeldung erforderlich: Senden Sie Authorization: Bearer <token>."),
        ("es", "Se requiere autenticación: envía Authorization: Bearer <token>."),
        ("en", "Authentication required: send Authorization: Bearer <token>."),
    ],
)
def test_the_sign_in_refusal_speaks_the_callers_language(language: str, detail: str) -> None:
    response = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_a_refusal_names_the_field_in_english_and_explains_in_german(plain_user: User) -> None:
    response = client_for(plain_user).put(
        "/api/v1/notifications/preferences",
        {"quiet_start": "late evening"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 422
    body = response.json()
    # The field is a contract (as the schema names it); the words around it are the reader's.
    assert body["errors"][0]["field"] == "quiet_start"
    assert body["detail"].startswith("Ungültige Eingabe: quiet_start: ")


def test_not_found_and_no_access_in_spanish(plain_user: User) -> None:
    client = client_for(plain_user)
    missing = client.get("/api/v1/pairs/999999", HTTP_ACCEPT_LANGUAGE="es")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Este tándem no existe."
    directory = client.get("/api/v1/people", HTTP_ACCEPT_LANGUAGE="es")
    assert directory.status_code == 403
    assert directory.json()["detail"] == (
        "Solo la administración de la organización y quienes coordinan pueden consultar el "
        "directorio."
    )
