"""The home page's recent notifications and the unread count (composed once per connection,
issue 16): newest first, five at most, only the person's own, and unread ones only counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conftest import client_for
from upward.notifications.models import Notification
from upward.notifications.selectors import RECENT, recent_notifications, unread_count
from upward.people.models import User
from upward.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user: User, title: str, minutes_ago: int, read: bool = False) -> Notification:
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        user=user, kind="info", title=title, created_at=at, read_at=at if read else None
    )


def test_the_newest_five_of_my_own_notifications_newest_first() -> None:
    me, other = UserFactory(), UserFactory()
    for minutes in range(8):
        _notify(me, f"mine {minutes}", minutes)
    _notify(other, "not mine", 0)

    recent = recent_notifications(user=me)

    assert [n.title for n in recent] == [f"mine {m}" for m in range(RECENT)]


def test_unread_counts_my_unread_ones_only() -> None:
    me, other = UserFactory(), UserFactory()
    _notify(me, "new", 1)
    _notify(me, "new too", 2)
    _notify(me, "seen", 3, read=True)
    _notify(other, "someone else's", 1)

    assert unread_count(user=me) == 2
    assert unread_count(user=other) == 1
    assert unread_count(user=UserFactory()) == 0


def test_a_visitor_has_no_notifications() -> None:
    assert recent_notifications(user=AnonymousUser()) == []
    assert unread_count(user=AnonymousUser()) == 0


def test_the_home_panel_and_the_api_show_the_same_figures() -> None:
    me = UserFactory()
    _notify(me, "Your pair is ready", 1)
    _notify(me, "Seen already", 2, read=True)
    client = client_for(me)

    body = client.get("/").content.decode()
    api = client.get("/api/v1/notifications").json()

    assert "Your pair is ready" in body
    assert api["unread"] == 1
