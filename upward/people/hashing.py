"""What a password sign-in costs, and how many may run at once (issue 16).

**The hash.** Argon2id with OWASP's recommended parameters (the Password Storage Cheat Sheet's
first option: 19 MiB of memory, 2 passes, 1 lane) instead of Django's defaults (100 MiB, 2
passes, 8 lanes). A guess still costs an attacker 19 MiB and two passes over it, which is what
makes GPUs slow at Argon2; a sign-in costs the server about 40 ms of CPU instead of 250 ms or
more, so 150 people signing in at 9:00 take 6 CPU-seconds, not 40. The parameters travel inside
each stored hash: hashes made with other ones still verify, and Django re-hashes a password with
these on its owner's next sign-in (`must_update`). `ARGON2_MEMORY_KIB`, `ARGON2_TIME_COST` and
`ARGON2_PARALLELISM` change them (upwards only: OWASP's minimum is this).

**The gate.** Each process hashes at most `SIGN_IN_CONCURRENCY` passwords at once (default 1;
gunicorn's threads would otherwise run several, since the hash runs outside Python's lock). A
burst of sign-ins then queues: each waits at most `SIGN_IN_WAIT_SECONDS` for its turn and is
otherwise answered 503 "try again in a moment", while every other page keeps its CPU share. The
rate limit (ratelimit.py) counts each attempt before it queues, so waiting gives no extra guesses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.http import HttpRequest


class UpwardArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2id hasher with OWASP's parameters (see the module docstring)."""

    # Same algorithm name as Django's: existing "argon2$..." hashes verify and get upgraded.
    algorithm = "argon2"

    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return int(getattr(settings, "ARGON2_TIME_COST", 2))

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return int(getattr(settings, "ARGON2_MEMORY_KIB", 19_456))

    @property
    def parallelism(self) -> int:  # type: ignore[override]
        return int(getattr(settings, "ARGON2_PARALLELISM", 1))


class SignInBusy(Exception):
    """Every hashing slot of this process stayed busy for SIGN_IN_WAIT_SECONDS."""


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore() -> threading.BoundedSemaphore:
    global _slots, _slots_size
    size = max(1, int(settings.SIGN_IN_CONCURRENCY))
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


@contextmanager
def hashing_slot() -> Iterator[None]:
    """Hold one of this process's password-hashing slots; SignInBusy after the wait."""
    slots = _semaphore()
    if not slots.acquire(timeout=float(settings.SIGN_IN_WAIT_SECONDS)):
        raise SignInBusy
    try:
        yield
    finally:
        slots.release()


def client_address(request: HttpRequest) -> str:
    """The address a request came from, for the sign-in limits.

    Behind `TRUSTED_PROXY_HOPS` proxies that each append to X-Forwarded-For (nginx's
    `$proxy_add_x_forwarded_for`, cloud load balancers), it is the entry that many places from
    the right: the last address a proxy we trust saw. Entries further left are whatever the
    client sent and are ignored. With no trusted proxy it is the TCP peer (REMOTE_ADDR)."""
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))
    peer = str(request.META.get("REMOTE_ADDR", ""))
    if hops <= 0:
        return peer
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return peer  # not through our proxies (or a misconfigured one): the peer is all we know
    return forwarded[-hops][:100]
