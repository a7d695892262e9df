from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from upward.access import can_manage_directory
from upward.home import Panel
from upward.people.models import ImportBatch, Person, User
from upward.people.ratelimit import lockouts_visible_to
from upward.people.selectors import calendar_feed_url


def directory_panel(request: HttpRequest) -> Panel | None:
    if not can_manage_directory(request.user):
        return None
    return Panel(
        title=_("Directory"),
        template="people/_panel_directory.html",
        context={
            "active": Person.objects.filter(is_active=True).count(),
            "leavers": Person.objects.filter(is_active=False).count(),
            "last_import": ImportBatch.objects.first(),
            "lockouts": lockouts_visible_to(user=request.user).count(),
        },
        order=90,
    )


def calendar_panel(request: HttpRequest) -> Panel | None:
    if not isinstance(request.user, User):
        return None
    return Panel(
        title=_("Your calendar feed"),
        template="people/_panel_calendar.html",
        context={"feed_url": calendar_feed_url(request.user)},
        order=200,
    )
