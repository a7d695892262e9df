"""Issue 16: a sign-in's cost is safe but bounded. Argon2id with OWASP's parameters (older,
costlier hashes still work and are upgraded), a bounded number of hashes at once per process
(a burst queues, then hears "try again", without using up a guess), and the client's address
read through trusted proxies only."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.test import Client, RequestFactory

from upward.people.hashing import (
    SignInBusy,
    UpwardArgon2PasswordHasher,
    client_address,
    hashing_slot,
)
from upward.people.models import SignInThrottle, User

REAL_HASHERS = [
    "upward.people.hashing.UpwardArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD = "correct horse battery staple"


def sign_in(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post("/login/", {"username": email, "password": password}, **extra)


def test_new_passwords_get_argon2id_with_owasp_parameters(settings: Any) -> None:
    settings.PASSWORD_HASHERS = REAL_HASHERS
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(encoded).verify(PASSWORD, encoded)
    assert not identify_hasher(encoded).verify("wrong", encoded)


def test_the_parameters_can_be_raised_by_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = REAL_HASHERS
    settings.ARGON2_MEMORY_KIB = 47_104
    settings.ARGON2_TIME_COST = 1
    assert "$m=47104,t=1,p=1$" in make_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_hashed_with_djangos_costlier_defaults_signs_in_and_is_upgraded(
    settings: Any,
) -> None:
    settings.PASSWORD_HASHERS = REAL_HASHERS
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    user = User.objects.create(email="old@example.com", password=old)

    assert sign_in(Client(), "old@example.com", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password
    assert UpwardArgon2PasswordHasher().verify(PASSWORD, user.password)


@pytest.mark.django_db
def test_a_sign_in_that_finds_every_hashing_slot_busy_is_told_to_retry_and_loses_no_guess(
    settings: Any,
) -> None:
    settings.SIGN_IN_CONCURRENCY = 1
    settings.SIGN_IN_WAIT_SECONDS = 0
    User.objects.create_user(email="bo@example.com", password=PASSWORD)
    with hashing_slot():  # another request of this process is hashing
        busy = sign_in(Client(), "bo@example.com", PASSWORD)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "5"
    assert "Many people are signing in right now" in busy.content.decode()
    assert "_auth_user_id" not in busy.wsgi_request.session
    # The unchecked attempt was given back: no failure counted against the email or address.
    assert list(SignInThrottle.objects.values_list("failures", flat=True)) == [0, 0]
    # The slot is free again: the same sign-in goes through.
    assert sign_in(Client(), "bo@example.com", PASSWORD).status_code == 302


def test_no_more_hashes_run_at_once_than_the_process_allows(settings: Any) -> None:
    settings.SIGN_IN_CONCURRENCY = 2
    settings.SIGN_IN_WAIT_SECONDS = 0
    holding = threading.Barrier(3)  # two holders and the test
    release = threading.Event()

    def hold() -> None:
        with hashing_slot():
            holding.wait()
            release.wait()

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for t in holders:
        t.start()
    holding.wait()  # both slots are taken now
    try:
        with pytest.raises(SignInBusy), hashing_slot():
            pass
    finally:
        release.set()
        for t in holders:
            t.join()
    with hashing_slot():  # both given back
        pass


def test_the_client_address_is_the_peer_unless_proxies_are_trusted(settings: Any) -> None:
    factory = RequestFactory()
    spoofed = factory.post(
        "/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(spoofed) == "10.0.0.5"
    # One proxy of ours appended the address it saw; what the client wrote before it is ignored.
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(spoofed) == "203.0.113.9"
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(spoofed) == "1.2.3.4"
    # Fewer entries than trusted proxies: not through them; fall back to the peer.
    settings.TRUSTED_PROXY_HOPS = 3
    assert client_address(spoofed) == "10.0.0.5"


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(
    admin_user: User, settings: Any
) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    settings.LOGIN_RATE_LIMIT = 2
    for n in range(3):
        # Three people behind the one proxy, each with a wrong password once.
        assert (
            sign_in(Client(), f"p{n}@example.com", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        ).status_code == 200
    assert SignInThrottle.objects.filter(kind="address").count() == 3
    assert not SignInThrottle.objects.filter(value="127.0.0.1").exists()
