"""Sign-in rate limiting: a small fixed-window counter in the shared cache.

The cache is the database (or Redis) rather than process memory, so the limit holds across
many app servers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    return f"login-fail:{kind}:{value.lower()}"


def login_is_blocked(*, email: str, ip: str) -> bool:
    limit = settings.LOGIN_RATE_LIMIT
    return any(
        (cache.get(_key(kind, value)) or 0) >= limit
        for kind, value in (("email", email), ("ip", ip))
        if value
    )


def login_failed(*, email: str, ip: str) -> None:
    window = settings.LOGIN_RATE_WINDOW_SECONDS
    for kind, value in (("email", email), ("ip", ip)):
        if not value:
            continue
        key = _key(kind, value)
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)


def login_succeeded(*, email: str) -> None:
    cache.delete(_key("email", email))
