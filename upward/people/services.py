"""Writes for accounts and API tokens. The directory import lives in importing.py."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from upward.people.models import ApiToken, Person, User

TOKEN_PREFIX = "upw_"  # noqa: S105 - a public prefix, not a secret


def _hash_token(token: str) -> str:
    # Tokens are long random strings, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str = "") -> str:
    """Create a bearer token for `user` and return it; only its hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name[:100], prefix=token[:12], token_hash=_hash_token(token)
    )
    return token


def api_token_authenticate(*, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = ApiToken.objects.select_related("user").filter(token_hash=_hash_token(token)).first()
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute: a busy integration must not write on every call.
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


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
