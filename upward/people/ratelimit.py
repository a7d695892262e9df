"""Sign-in rate limiting that holds under a concurrent burst, per email and per client address.

Every attempt is counted *before* the password is checked, by one atomic statement
(`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, PostgreSQL and SQLite alike) on a table every
app server shares. The count it returns decides: above LOGIN_RATE_LIMIT the attempt is refused
without looking at the password. So 40 simultaneous wrong passwords are all counted, at most
LOGIN_RATE_LIMIT of them are checked, and the right password arriving once the limit is passed
is refused too. (Checking first and counting afterwards, as a cache counter does, lets a burst
through: every request reads "0 failures" before any of them writes.)

A sign-in that succeeds gives its attempt back, so the counters hold failed attempts only. The
window is fixed: it starts with the first failure and lasts LOGIN_RATE_WINDOW_SECONDS; an org
admin may lift a lockout early (page and API).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from upward.access import AnyUser, can_manage_directory
from upward.audit.services import declare, record
from upward.people.models import SignInThrottle, User

Kind = SignInThrottle.Kind
SIGN_IN_UNLOCKED = declare("sign_in.unlocked", gettext_lazy("Sign-in lockout lifted"))


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_RATE_WINDOW_SECONDS)


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value.strip().lower()}"[:300]


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt, already counted. `blocked`: refuse it without checking the
    password; `retry_at`: when the lockout ends."""

    email: str
    address: str
    blocked: bool
    retry_at: dt.datetime | None = None


def _hit(kind: str, value: str, now: dt.datetime) -> tuple[int, dt.datetime]:
    """Count one attempt atomically; the failures in the window (this one included) and when
    the window started."""
    table = connection.ops.quote_name(SignInThrottle._meta.db_table)
    fresh = now - _window()
    # Only model metadata goes into the SQL text; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (key, kind, value, failures, window_started_at, last_attempt_at) "  # noqa: S608
        "VALUES (%s, %s, %s, 1, %s, %s) "
        "ON CONFLICT (key) DO UPDATE SET "
        f"failures = CASE WHEN {table}.window_started_at < %s THEN 1 "
        f"ELSE {table}.failures + 1 END, "
        f"window_started_at = CASE WHEN {table}.window_started_at < %s "
        f"THEN excluded.window_started_at ELSE {table}.window_started_at END, "
        "last_attempt_at = excluded.last_attempt_at "
        "RETURNING failures, window_started_at"
    )
    field = SignInThrottle._meta.get_field("window_started_at")
    stamp = field.get_db_prep_value(now, connection)
    cutoff = field.get_db_prep_value(fresh, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [_key(kind, value), kind, value.strip().lower()[:254], stamp, stamp, cutoff, cutoff],
        )
        failures, started = cursor.fetchone()
    started = field.to_python(started)  # raw SQL skips the converters: SQLite answers text
    if timezone.is_naive(started):
        started = timezone.make_aware(started, dt.UTC)
    return int(failures), started


def _limit(kind: str) -> int:
    if kind == Kind.ADDRESS and settings.LOGIN_ADDRESS_RATE_LIMIT > 0:
        return int(settings.LOGIN_ADDRESS_RATE_LIMIT)
    return int(settings.LOGIN_RATE_LIMIT)


def login_attempt(*, email: str, address: str) -> Attempt:
    """Count an attempt for the email and the address (before the password is checked)."""
    now = timezone.now()
    blocked_until: list[dt.datetime] = []
    # No surrounding transaction: each count commits at once, visible to every other request.
    for kind, value in ((Kind.EMAIL, email), (Kind.ADDRESS, address)):
        if not value.strip():
            continue
        failures, started = _hit(kind, value, now)
        if failures > _limit(kind):
            blocked_until.append(started + _window())
    return Attempt(
        email=email,
        address=address,
        blocked=bool(blocked_until),
        retry_at=max(blocked_until) if blocked_until else None,
    )


def login_succeeded(attempt: Attempt) -> None:
    """The password was right: give the attempt back (the counters hold failures only)."""
    for kind, value in ((Kind.EMAIL, attempt.email), (Kind.ADDRESS, attempt.address)):
        if value.strip():
            SignInThrottle.objects.filter(key=_key(kind, value), failures__gt=0).update(
                failures=F("failures") - 1
            )


def throttles_prune(*, now: dt.datetime | None = None) -> int:
    """Forget counters whose window ended (the scheduler calls this): the table stays small."""
    now = now or timezone.now()
    deleted, _ = SignInThrottle.objects.filter(window_started_at__lt=now - 2 * _window()).delete()
    return deleted


# --- lockouts: what an org admin sees and lifts ---------------------------------------------


def lockouts_visible_to(*, user: AnyUser) -> QuerySet[SignInThrottle]:
    """Emails and addresses locked out now (org admins only; 404 for anyone else)."""
    if not can_manage_directory(user):
        raise Http404("No such page.")
    return SignInThrottle.objects.filter(
        Q(kind=Kind.EMAIL, failures__gte=_limit(Kind.EMAIL))
        | Q(kind=Kind.ADDRESS, failures__gte=_limit(Kind.ADDRESS)),
        window_started_at__gte=timezone.now() - _window(),
    )


def lockout_get(*, user: AnyUser, pk: int) -> SignInThrottle:
    lock = lockouts_visible_to(user=user).filter(pk=pk).first()
    if lock is None:
        raise Http404("No such lockout.")
    return lock


def lockout_release(*, actor: User, lock: SignInThrottle) -> None:
    """Lift a lockout now: the email (or address) may try again at once."""
    lock = lockout_get(user=actor, pk=lock.pk)
    with transaction.atomic():
        SignInThrottle.objects.filter(pk=lock.pk).delete()
        record(actor, SIGN_IN_UNLOCKED, target=f"{lock.kind} {lock.value}")
