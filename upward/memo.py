"""A shared cache entry, unpickled once per process while it lasts.

The health board's rows and a program's dashboard figures are computed at most once a minute
and kept in the shared cache (the database or Redis), so every app server sees the same rows.
Reading them back still cost each request a large value to fetch and unpickle: 2,000 pairs'
health rows took 45 ms of CPU on every coordinator's home page (issue 16). Here each entry is
stored with a small stamp; a process keeps the last value it unpickled, and while the shared
stamp is unchanged it answers from that copy after reading only the stamp. Whatever replaces or
clears the shared entry (another server's refresh, its expiry, `cache.clear()`) changes or
removes the stamp, so no process answers longer than the shared entry lives.

Values are shared between the requests of a process: callers must not change them.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")

_KEEP = 64  # entries per process: programs x days x languages x time zones in use
_local: OrderedDict[str, tuple[str, Any]] = OrderedDict()
_lock = threading.Lock()


def shared_cached(key: str, seconds: int, compute: Callable[[], T]) -> T:
    """`compute()`'s value, shared by every process for `seconds`, unpickled once per process."""
    stamp_key = f"{key}:stamp"
    stamp = cache.get(stamp_key)
    with _lock:
        held = _local.get(key)
        if held is not None and stamp is not None and held[0] == stamp:
            _local.move_to_end(key)
            return held[1]  # type: ignore[no-any-return]
    value = cache.get(key) if stamp is not None else None
    if value is None:
        value = compute()
        stamp = uuid.uuid4().hex
        cache.set_many({key: value, stamp_key: stamp}, seconds)
    with _lock:
        _local[key] = (stamp, value)
        _local.move_to_end(key)
        while len(_local) > _KEEP:
            _local.popitem(last=False)
    return value  # type: ignore[no-any-return]
