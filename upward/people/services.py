"""Writes for accounts and API tokens. The directory import lives in importing.py."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.audit.services import declare, record
from upward.errors import ServiceError
from upward.people.models import ApiToken, Person, User

TOKEN_PREFIX = "upw_"  # noqa: S105 - a public prefix, not a secret
TOKEN_CREATED = declare("api_token.created", gettext_lazy("API token created"))
TOKEN_REVOKED = declare("api_token.revoked", gettext_lazy("API token revoked"))


def _hash_token(token: str) -> str:
    # Tokens are long random strings, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str = "", scope: str = ApiToken.Scope.READ_WRITE) -> str:
    """Create a bearer token for `user` and return it; only its hash is stored, so this is the
    one time anybody sees it."""
    if scope not in ApiToken.Scope.values:
        raise ServiceError(
            _("Choose one of: %(scopes)s.") % {"scopes": ", ".join(ApiToken.Scope.values)},
            field="scope",
            status=400,
        )
    name = name.strip()
    if len(name) > 100:
        raise ServiceError(_("Keep the name under 100 characters."), field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, scope=scope, prefix=token[:12], token_hash=_hash_token(token)
    )
    record(user, TOKEN_CREATED, target=f"API token {token[:12]}…", details={"scope": scope})
    return token


def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; it stops working at once. Another person's token
    does not exist for the actor (404)."""
    found = ApiToken.objects.filter(pk=token_id, user=actor).first()
    if found is None:
        raise Http404("No such token.")
    found.delete()
    record(actor, TOKEN_REVOKED, target=f"API token {found.prefix}…")
    return found


def api_token_lookup(*, token: str) -> ApiToken | None:
    """The live token behind a bearer string (its account active), touching its last use."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = ApiToken.objects.select_related("user").filter(token_hash=_hash_token(token)).first()
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute: a busy integration must not write on every call.
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def api_token_authenticate(*, token: str) -> User | None:
    found = api_token_lookup(token=token)
    return found.user if found is not None else None


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    name: str = "",
    person: Person | None = None,
    is_org_admin: bool = False,
    is_coordinator: bool = False,
    is_sponsor: bool = False,
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        name=name or (person.name if person else ""),
        person=person,
        is_org_admin=is_org_admin,
        is_coordinator=is_coordinator,
        is_sponsor=is_sponsor,
    )
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def user_for_person(*, person: Person) -> User:
    """The person's account, created on first need (invited people sign in by password reset)."""
    existing = User.objects.filter(person=person).first()
    if existing is not None:
        return existing
    by_email = User.objects.filter(email=person.email.lower()).first()
    if by_email is not None:
        by_email.person = person
        by_email.save(update_fields=["person"])
        return by_email
    return user_create(email=person.email, password=None, name=person.name, person=person)


def calendar_token_rotate(*, user: User) -> str:
    """Issue a new private calendar feed token; the old feed URL stops working at once."""
    user.calendar_token = secrets.token_urlsafe(24)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
