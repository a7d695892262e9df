"""Cross-app reactions that point up the app graph: the one mechanism.

Apps depend one way (docs/architecture.md). When a lower app must let a higher one react (a pair
is created and notifications should send an introduction; the home page gathers panels from every
app), the lower app names an *event* and the higher app *subscribes* to it in its
`AppConfig.ready()`:

    # upward/notifications/apps.py (higher)          # upward/mentoring/services (lower)
    events.subscribe("pair.created", send_intro)     events.publish("pair.created", pair=pair)

`publish` calls every subscriber in subscription order and returns their non-None answers, so
the same verb both announces ("meeting.cancelled") and gathers ("home.panels"). Subscribers run
in the caller's transaction; one that must wait for the commit uses `transaction.on_commit`.
Event names are listed in EVENTS so that a typo fails loudly instead of reaching nobody.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Subscriber = Callable[..., Any]

# name -> what a subscriber receives (keyword arguments) and what it may return.
EVENTS: dict[str, str] = {}

_subscribers: dict[str, list[Subscriber]] = defaultdict(list)


def declare(name: str, doc: str) -> str:
    """Name an event (at import time of the app that publishes it)."""
    EVENTS.setdefault(name, doc)
    return name


def subscribe(name: str, subscriber: Subscriber | None = None) -> Any:
    """Subscribe to an event; usable as a call or a decorator. Subscribing twice is a no-op."""

    def add(func: Subscriber) -> Subscriber:
        if name not in EVENTS:
            raise LookupError(f"Unknown event {name!r}; declare it where it is published.")
        if func not in _subscribers[name]:
            _subscribers[name].append(func)
        return func

    return add(subscriber) if subscriber is not None else add


def publish(name: str, **payload: Any) -> list[Any]:
    """Call every subscriber of `name` with the payload; return their non-None answers."""
    if name not in EVENTS:
        raise LookupError(f"Unknown event {name!r}; declare it where it is published.")
    answers = (subscriber(**payload) for subscriber in list(_subscribers[name]))
    return [answer for answer in answers if answer is not None]


def subscribers(name: str) -> list[Subscriber]:
    """For tests and docs: who reacts to `name`."""
    return list(_subscribers.get(name, []))
