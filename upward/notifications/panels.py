from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from upward.home import Panel
from upward.notifications.selectors import recent_notifications, unread_count


def recent_notifications_panel(request: HttpRequest) -> Panel | None:
    if not request.user.is_authenticated:
        return None
    return Panel(
        title=_("Recent notifications"),
        template="notifications/_panel_recent.html",
        context={
            "items": recent_notifications(user=request.user),
            "unread": unread_count(user=request.user),
        },
        order=20,
    )
