"""/api/v1/me: the signed-in user's profile, roles and calendar feed."""

from __future__ import annotations

from ninja import Router, Schema

from upward.access import AuthedRequest, user_roles
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
def me(request: AuthedRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        email=user.email,
        name=user.get_full_name(),
        roles=sorted(user_roles(user).names),
        employee_id=user.person.employee_id if user.person else None,
        calendar_feed_url=calendar_feed_url(user),
    )
