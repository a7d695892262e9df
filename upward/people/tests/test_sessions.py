"""The session store (upward/people/sessions.py) behaves as Django's database store: a saved
session loads, an expired or unknown one starts afresh under a new key, a hostile cookie value
is only ever a parameter, and signing in and out through the pages still works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from upward.people.sessions import SessionStore
from upward.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _saved(**data: object) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    assert store.session_key is not None
    return store.session_key


def test_a_saved_session_loads_with_its_data() -> None:
    key = _saved(language="fr", seen=3)

    store = SessionStore(session_key=key)

    assert store["language"] == "fr"
    assert store["seen"] == 3
    assert store.session_key == key


def test_an_expired_session_is_empty_and_gets_a_new_key_when_saved() -> None:
    key = _saved(secret="old")
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    store = SessionStore(session_key=key)

    assert store.get("secret") is None
    store["fresh"] = True
    store.save()
    assert store.session_key != key


@pytest.mark.parametrize(
    "cookie",
    ["no-such-session-key-0000", "x' OR '1'='1' --", "k\u00e9y-with-\u00fcnicode-chars", "a" * 40],
)
def test_an_unknown_or_hostile_key_loads_nothing(cookie: str) -> None:
    _saved(secret="someone else's")

    store = SessionStore(session_key=cookie)

    assert store.get("secret") is None
    assert dict(store.items()) == {}


def test_signing_in_keeps_the_person_signed_in_until_they_sign_out() -> None:
    user = UserFactory()
    client = Client()
    response = client.post("/login/", {"username": user.email, "password": "pw-for-tests-only"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    client.post("/logout/")
    assert client.get("/").status_code == 302
