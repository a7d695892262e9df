"""Every role's main pages, in every language: nothing left in English (issue 17).

The demo organisation is seeded once for this module inside a transaction that is rolled back
at the end, so no other test sees it. Each page is rendered in English and in the language
under test, as a person whose browser asks for it; `untranslated` reports the interface text
that came out identical (people's own words, numbers and shared terms aside: see checks.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker

from tests import role_pages
from tests.i18n.checks import database_text, untranslated, visible_texts
from upward.people.models import User

LANGUAGES = ["fr", "de", "es"]
# Asks pytest-django for the test database (each test then runs in a savepoint of `demo`).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            call_command("demo", "--quiet", stdout=io.StringIO())
        yield {"ids": role_pages.demo_ids(), "data": database_text(), "english": {}}
        transaction.set_rollback(True)


def _render(user: User, path: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.status_code == 200, f"{path} in {language}: {response.status_code}"
    assert response["Content-Language"] == language
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(role_pages.PAGES))
def test_every_main_page_of_each_role_is_fully_translated(
    demo: dict[str, Any], role: str, language: str
) -> None:
    user = User.objects.get(email=f"{role}@example.com")
    problems: dict[str, list[str]] = {}
    for template in role_pages.PAGES[role]:
        path = template.format(**demo["ids"])
        key = (role, path)
        if key not in demo["english"]:
            demo["english"][key] = _render(user, path, "en")
        left = untranslated(
            demo["english"][key],
            _render(user, path, language),
            language=language,
            data=demo["data"],
        )
        if left:
            problems[path] = left
    assert not problems, "\n".join(f"{path}: {left}" for path, left in problems.items())


def test_the_check_finds_english_left_on_a_translated_page() -> None:
    """The check above can fail: an untranslated button is found, data and numbers are not."""
    english = "<h1>Your pair</h1><p>Priya Shah</p><button title='Close'>Save</button><p>12</p>"
    german = "<h1>Ihr Tandem</h1><p>Priya Shah</p><button title='Schließen'>Save</button><p>12</p>"
    assert untranslated(english, german, language="de", data=["Priya Shah"]) == ["Save"]
    assert "Close" in visible_texts(english)
