from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from upward.access import AuthedRequest, PairAccess, pair_access, pair_for_member
from upward.mentoring.timezones import user_zone

RoomView = Callable[..., HttpResponse]


def room_view(*, content: bool = True) -> Callable[[RoomView], Callable[..., HttpResponse]]:
    """Resolve the pair for the signed-in user and show times in their own time zone.

    content=True: members only (everyone else gets 404, coordinators included).
    content=False: members or the program's coordinators (who then get the health view).
    """

    def decorator(view: RoomView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: AuthedRequest, pair_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            finder = pair_for_member if content else pair_access
            access: PairAccess = finder(user=request.user, pair_id=pair_id)
            with timezone.override(user_zone(request.user)):
                return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
