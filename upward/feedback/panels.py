from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.feedback.selectors.assignments import assignments_for_user
from upward.home import Panel
from upward.people.models import User


def surveys_panel(request: HttpRequest) -> Panel | None:
    """Leaders and mentors: the check-ins open for them now."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    mine = assignments_for_user(user=user, on=timezone.localdate(), with_people=False)
    if not any(mine.values()):
        return None
    return Panel(
        title=_("Surveys to answer"),
        template="feedback/_panel_surveys.html",
        context={
            "open": mine["open"],
            "upcoming": mine["upcoming"][:1],
            "any_named": any(not a.survey.anonymous for a in mine["open"]),
        },
        order=30,
    )
