"""Single sign-on with OpenID Connect (mozilla-django-oidc), tied to the directory.

The library runs the authorization code flow (state, nonce, PKCE S256) and checks the ID
token's signature against the provider's keys. What it leaves to us, and this module adds:

- the ID token's issuer and audience are checked (the library skips the audience), and an
  expired or otherwise invalid token is refused with a page, not an error 500;
- the person is found in the directory by e-mail or employee id (OIDC_MATCH_ON, read from the
  claim OIDC_CLAIM); someone the directory does not know, or who has left, is refused with a
  page saying so. Nobody is ever created from a token: the directory decides who works here.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from upward.audit.services import declare, record
from upward.people.backends import signed_in_user
from upward.people.models import Person, User
from upward.people.services import user_for_person

logger = logging.getLogger(__name__)

SESSION_REFUSAL = "upward_sso_refusal"
SIGNED_IN = declare("account.signed_in_sso", gettext_lazy("Signed in with single sign-on"))
REFUSED = declare("account.sso_refused", gettext_lazy("Single sign-on refused"))

GENERIC = gettext_lazy(
    "Your company account could not be confirmed. Try again; if it keeps happening, "
    "tell your IT team the time it happened."
)


class Refused(Exception):
    """A sign-in the directory refuses, with words for the person."""


def _refuse(request: HttpRequest | None, message: str | Promise, *, log: str) -> None:
    logger.warning("SSO sign-in refused: %s", log)
    record(None, REFUSED, target=log[:300])
    if request is not None and hasattr(request, "session"):
        # In the language of the browser that is signing in (the session keeps text only).
        request.session[SESSION_REFUSAL] = str(message)


def person_for_claims(claims: dict[str, Any]) -> Person:
    """The directory person the provider vouches for, or Refused."""
    value = str(claims.get(settings.OIDC_CLAIM) or "").strip()
    if not value:
        raise Refused(
            _(
                "Your company account did not say who you are (no %(claim)s). "
                "Ask your IT team to send that claim to Upward."
            )
            % {"claim": repr(settings.OIDC_CLAIM)}
        )
    if settings.OIDC_MATCH_ON == "employee_id":
        person = Person.objects.filter(employee_id=value).first()
    else:
        person = Person.objects.filter(email__iexact=value).first()
    if person is None:
        raise Refused(
            _(
                "%(who)s is not in Upward's directory, so it cannot sign you in. "
                "Upward only knows the people your HR team imports: ask them to add you."
            )
            % {"who": value}
        )
    if not person.is_active:
        raise Refused(
            _("%(who)s is marked as having left the organisation in the directory.")
            % {"who": value}
        )
    return person


class DirectoryOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's signing key for this token: by its key id (kid) when the token names
        one, else the provider's only key (some providers leave kid out with a single key)."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [k for k in response.json().get("keys", []) if k.get("use", "sig") == "sig"]
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        keys = [k for k in keys if k.get("alg", header.get("alg")) == header.get("alg")]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key of the provider matches the token.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except jwt.PyJWTError as exc:  # expired, not yet valid, bad signature ...
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation(f"ID token for another audience: {audience!r}")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorised for another party (azp)")
        issuer = settings.OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation(f"ID token from another issuer: {payload.get('iss')!r}")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without an expiry")
        return payload

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
        ) as exc:
            _refuse(request, GENERIC, log=str(exc))
            return None
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            person = person_for_claims(claims)
        except Refused as exc:
            seen = claims.get(settings.OIDC_CLAIM)
            _refuse(self.request, str(exc), log=f"{settings.OIDC_CLAIM}={seen!r}: not matched")
            return None
        user = user_for_person(person=person)
        if not user.is_active:
            _refuse(
                self.request,
                _("The Upward account of %(email)s is deactivated. Ask an org admin.")
                % {"email": user.email},
                log=f"{user.email}: deactivated",
            )
            return None
        record(user, SIGNED_IN, target=user.email)
        return user

    def get_user(self, user_id: int) -> User | None:
        # Unlike the library's, a deactivated account's open session ends (as with passwords).
        user = signed_in_user(user_id)
        return user if user is not None and user.is_active else None


class AuthenticateView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """The library's start of the flow (state, nonce and PKCE kept in the session)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        response: HttpResponse = super().get(request)
        return response


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The library's callback, refusing a forged or replayed state with the page too."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as exc:
            _refuse(request, GENERIC, log=str(exc))
            return self.login_failure()
        return response


def sso_refused(request: HttpRequest) -> HttpResponse:
    message = request.session.pop(SESSION_REFUSAL, GENERIC)
    return render(request, "people/sso_refused.html", {"message": message}, status=403)
