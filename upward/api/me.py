from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from upward.people.models import User
from upward.people.roles import user_roles
from upward.people.selectors import calendar_feed_url

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[str]
    employee_id: str | None
    calendar_feed_url: str


@router.get("/me", response=MeOut, summary="The signed-in user's profile, roles and calendar feed")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)  # the API's authentication has resolved a real account
    return MeOut(
        id=int(user.pk or 0),
        email=user.email,  # type: ignore[union-attr]
        name=user.get_full_name(),  # type: ignore[union-attr]
        roles=sorted(user_roles(user).names),
        employee_id=user.person.employee_id if user.person_id else None,  # type: ignore[union-attr]
        calendar_feed_url=calendar_feed_url(user),
    )
