from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from upward.notifications.calendar import calendar_feed_for
from upward.people.models import User


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private, subscribable feed: the unguessable token in the URL is the credential."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("Unknown calendar feed")
    response = HttpResponse(
        calendar_feed_for(user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="upward.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
