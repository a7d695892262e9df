from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from upward.people.roles import user_roles

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[str]
    employee_id: str | None
    calendar_feed_url: str


def calendar_feed_url(user: object) -> str:
    token = user.calendar_token  # type: ignore[attr-defined]
    return f"{settings.SITE_URL}{reverse('calendar_feed', args=[token])}"


@router.get("/me", response=MeOut, summary="The signed-in user's profile, roles and calendar feed")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=int(user.pk or 0),
        email=user.email,  # type: ignore[union-attr]
        name=user.get_full_name(),  # type: ignore[union-attr]
        roles=sorted(user_roles(user).names),
        employee_id=user.person.employee_id if user.person_id else None,  # type: ignore[union-attr]
        calendar_feed_url=calendar_feed_url(user),
    )
