"""Single sign-on against a real OpenID Connect provider on loopback (oidc-provider-mock).

The provider runs in a thread of this process on a free port; Upward talks to it over HTTP as
it would to Entra ID or Okta: authorization code flow, token exchange, JWKS, userinfo. The mock
does not check PKCE itself, so a small WSGI wrapper in front of it does (RFC 7636, S256): a
token request whose code_verifier does not match the authorization's code_challenge is refused,
as real providers do.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import oidc_provider_mock
import pytest
import requests
import werkzeug.serving
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django import Settings

from upward.audit.models import AuditEntry
from upward.people.models import Person, User
from upward.people.oidc import DirectoryOIDCBackend
from upward.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "upward-test"
SECRET = "s3cret"


class PKCEEnforcer:
    """WSGI middleware: remember each code's challenge, check the verifier at the token step."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.challenges: dict[str, str] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/token" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(size)
            environ["wsgi.input"] = io.BytesIO(body)
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            challenge = self.challenges.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if challenge is None or digest.rstrip(b"=").decode() != challenge:
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant", "error_description": "PKCE failed"}']
            return self.app(environ, start_response)
        if path == "/oauth2/authorize" and environ["REQUEST_METHOD"] == "POST":
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}

            def remember(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                location = dict(headers).get("Location", "")
                code = parse_qs(urlsplit(location).query).get("code", [""])[0]
                if code and query.get("code_challenge_method") == "S256":
                    self.challenges[code] = query.get("code_challenge", "")
                return start_response(status, headers, *rest)

            return self.app(environ, remember)
        return self.app(environ, start_response)


@dataclass
class Provider:
    url: str
    pkce: PKCEEnforcer

    def set_user(self, sub: str, **claims: Any) -> None:
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()


def _serve(max_age: timedelta) -> Iterator[Provider]:
    pkce = PKCEEnforcer(oidc_provider_mock.app(require_nonce=True, access_token_max_age=max_age))
    server = werkzeug.serving.make_server("127.0.0.1", 0, pkce, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(url=f"http://127.0.0.1:{server.server_port}", pkce=pkce)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    yield from _serve(timedelta(hours=1))


@pytest.fixture(scope="module")
def stale_provider() -> Iterator[Provider]:
    """A provider whose ID tokens expired five minutes before they were issued."""
    yield from _serve(timedelta(minutes=-5))


def _configure(settings: Settings, provider: Provider, **extra: Any) -> None:
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = provider.url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        "upward.people.backends.PasswordBackend",
        "upward.people.oidc.DirectoryOIDCBackend",
    ]
    for name, value in extra.items():
        setattr(settings, name, value)


@pytest.fixture
def sso(settings: Settings, provider: Provider) -> Provider:
    _configure(settings, provider)
    return provider


def _start(client: Client) -> tuple[str, dict[str, str]]:
    """Upward's redirect to the provider: its URL and query."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = response["Location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    return location, query


def _approve(authorize_url: str, sub: str) -> str:
    """The person approves at the provider; the path and query it sends them back to."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["Location"])
    return f"{back.path}?{back.query}"


def _sign_in(client: Client, sub: str) -> Any:
    authorize_url, _ = _start(client)
    return client.get(_approve(authorize_url, sub), follow=True)


def _signed_in_as(client: Client) -> str | None:
    response = client.get("/api/v1/me")
    return response.json()["email"] if response.status_code == 200 else None


def _refusal_logged(reason: str) -> bool:
    return AuditEntry.objects.filter(
        action="account.sso_refused", target__icontains=reason
    ).exists()


@pytest.fixture
def dana() -> Person:
    return PersonFactory(name="Dana Directory", email="dana@example.com", employee_id="E4242")


def test_a_directory_person_signs_in_through_the_provider(sso: Provider, dana: Person) -> None:
    client = Client()
    sso.set_user("dana-sub", email="Dana@Example.com", name="Dana D.")
    authorize_url, query = _start(client)
    # The request carries state, nonce and a PKCE S256 challenge.
    assert authorize_url.startswith(f"{sso.url}/oauth2/authorize?")
    assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43

    response = client.get(_approve(authorize_url, "dana-sub"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert _signed_in_as(client) == "dana@example.com"
    user = User.objects.get(email="dana@example.com")
    assert user.person == dana  # linked to the directory, no password needed
    assert AuditEntry.objects.filter(action="account.signed_in_sso", actor=user).exists()


def test_an_existing_account_is_reused_and_matching_by_employee_id_works(
    settings: Settings, provider: Provider, dana: Person
) -> None:
    _configure(settings, provider, OIDC_CLAIM="employee_number", OIDC_MATCH_ON="employee_id")
    existing = UserFactory(email="dana@example.com", person=dana, is_coordinator=True)
    provider.set_user("dana-2", email="someone-else@example.com", employee_number="E4242")
    client = Client()
    _sign_in(client, "dana-2")
    assert _signed_in_as(client) == "dana@example.com"
    assert User.objects.filter(person=dana).get() == existing


def test_someone_not_in_the_directory_is_refused_with_a_clear_page(sso: Provider) -> None:
    sso.set_user("stranger", email="stranger@elsewhere.example")
    client = Client()
    response = _sign_in(client, "stranger")
    assert response.status_code == 403
    page = response.content.decode()
    assert "stranger@elsewhere.example is not in Upward" in page
    assert "ask them to add you" in page
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()
    assert _signed_in_as(client) is None
    assert AuditEntry.objects.filter(action="account.sso_refused").exists()


def test_leavers_and_deactivated_accounts_are_refused(sso: Provider) -> None:
    PersonFactory(email="left@example.com", is_active=False)
    sso.set_user("left", email="left@example.com")
    response = _sign_in(Client(), "left")
    assert response.status_code == 403 and "left the organisation" in response.content.decode()

    off = PersonFactory(email="off@example.com")
    UserFactory(email="off@example.com", person=off, is_active=False)
    sso.set_user("off", email="off@example.com")
    response = _sign_in(Client(), "off")
    assert response.status_code == 403 and "deactivated" in response.content.decode()


def test_a_forged_state_is_refused(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    client = Client()
    authorize_url, query = _start(client)
    back = _approve(authorize_url, "dana-sub").replace(query["state"], "forged-state")
    response = client.get(back, follow=True)
    assert response.status_code == 403
    assert _signed_in_as(client) is None
    assert _refusal_logged("state")


def test_a_callback_replayed_in_another_browser_is_refused(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    authorize_url, _ = _start(Client())
    back = _approve(authorize_url, "dana-sub")
    attacker = Client()  # has no state of its own in its session
    attacker.get(back, follow=True)
    assert _signed_in_as(attacker) is None


def test_a_wrong_nonce_is_refused(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    client = Client()
    authorize_url, query = _start(client)
    # The provider puts whatever nonce it is given in the ID token; Upward expects its own.
    tampered = authorize_url.replace(f"nonce={query['nonce']}", "nonce=someone-elses")
    response = client.get(_approve(tampered, "dana-sub"), follow=True)
    assert response.status_code == 403
    assert _signed_in_as(client) is None
    assert _refusal_logged("nonce")


def test_a_code_without_the_right_pkce_verifier_is_refused(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    client = Client()
    authorize_url, query = _start(client)
    # An attacker who intercepted the redirect changes the challenge to one of their own.
    tampered = authorize_url.replace(query["code_challenge"], "A" * 43)
    response = client.get(_approve(tampered, "dana-sub"), follow=True)
    assert response.status_code == 403
    assert _signed_in_as(client) is None
    assert _refusal_logged("400")  # the token endpoint refused the exchange


def test_an_expired_id_token_is_refused(
    settings: Settings, stale_provider: Provider, dana: Person
) -> None:
    _configure(settings, stale_provider)
    stale_provider.set_user("dana-sub", email="dana@example.com")
    client = Client()
    response = _sign_in(client, "dana-sub")
    assert response.status_code == 403
    assert "could not be confirmed" in response.content.decode()
    assert _signed_in_as(client) is None
    assert _refusal_logged("expired")


def _token_for(provider: Provider, client_id: str, nonce: str, sub: str) -> str:
    """An ID token the provider really issues to `client_id`, by the same flow."""
    query = urlencode(
        {
            "client_id": client_id,
            "response_type": "code",
            "scope": "openid email",
            "redirect_uri": "http://testserver/oidc/callback/",
            "state": "s",
            "nonce": nonce,
        }
    )
    response = requests.post(
        f"{provider.url}/oauth2/authorize?{query}",
        data={"sub": sub},
        allow_redirects=False,
        timeout=5,
    )
    code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    provider.pkce.challenges[code] = (
        base64.urlsafe_b64encode(hashlib.sha256(b"v" * 43).digest()).rstrip(b"=").decode()
    )
    token = requests.post(
        f"{provider.url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "client_secret": SECRET,
            "redirect_uri": "http://testserver/oidc/callback/",
            "code_verifier": "v" * 43,
        },
        timeout=5,
    )
    token.raise_for_status()
    return str(token.json()["id_token"])


def test_an_id_token_for_another_audience_is_refused(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    backend = DirectoryOIDCBackend()
    mine = _token_for(sso, CLIENT_ID, "n1", "dana-sub")
    assert CLIENT_ID in backend.verify_token(mine, nonce="n1")["aud"]
    theirs = _token_for(sso, "another-app", "n2", "dana-sub")
    with pytest.raises(SuspiciousOperation, match="another audience"):
        backend.verify_token(theirs, nonce="n2")


def test_the_code_of_another_client_does_not_sign_anyone_in(sso: Provider, dana: Person) -> None:
    sso.set_user("dana-sub", email="dana@example.com")
    client = Client()
    authorize_url, _ = _start(client)
    response = client.get(
        _approve(
            authorize_url.replace(f"client_id={CLIENT_ID}", "client_id=another-app"), "dana-sub"
        ),
        follow=True,
    )
    assert response.status_code == 403
    assert _signed_in_as(client) is None


def test_the_sign_in_page_offers_sso_and_can_turn_passwords_off(
    settings: Settings, sso: Provider, plain_user: User
) -> None:
    page = Client().get("/login/").content.decode()
    assert "Sign in with your company account" in page and 'name="password"' in page
    settings.PASSWORD_LOGIN_ENABLED = False
    page = Client().get("/login/").content.decode()
    assert "Sign in with your company account" in page and 'name="password"' not in page
    response = Client().post(
        "/login/", {"username": "pat@example.com", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in response.client.session


def test_without_configuration_there_is_no_sso(client: Client) -> None:
    assert "company account" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_with_passwords_off_no_password_can_be_set_or_reset(
    settings: Settings, sso: Provider, plain_user: User, mailoutbox: list[object]
) -> None:
    settings.PASSWORD_LOGIN_ENABLED = False
    uid = urlsafe_base64_encode(force_bytes(plain_user.pk))
    link = f"/password-reset/{uid}/{default_token_generator.make_token(plain_user)}/"
    browser = Client()

    asked = browser.post("/password-reset/", {"email": plain_user.email})
    assert asked.status_code == 404
    assert "no password to set or reset" in asked.content.decode()
    assert mailoutbox == []  # no reset email is sent
    assert browser.get(link, follow=True).status_code == 404
    assert (
        browser.post(link, {"new_password1": "x" * 20, "new_password2": "x" * 20}).status_code
        == 404
    )
    plain_user.refresh_from_db()
    assert not plain_user.check_password("x" * 20)
