"""/api/v1/community: program spaces (posts, celebrations, group check-ins)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.api.errors import field_error
from upward.community import selectors, services
from upward.community.models import CheckIn, Post

router = Router(tags=["community"])


class SpaceOut(Schema):
    slug: str
    name: str
    your_role: str


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    author: str | None
    created_at: dt.datetime


class PostIn(Schema):
    body: str
    title: str = ""


class CheckInOut(Schema):
    id: int
    title: str
    description: str
    starts_at: dt.datetime
    duration_minutes: int
    location: str
    cancelled: bool
    uid: str
    sequence: int


class CheckInIn(Schema):
    title: str
    starts_at: dt.datetime
    duration_minutes: int = Field(45, ge=1, le=600)
    location: str = ""
    description: str = ""


def _post_out(p: Post) -> PostOut:
    return PostOut(
        id=p.pk,
        kind=p.kind,
        title=p.title,
        body=p.body,
        author=p.author.get_full_name() if p.author_id else None,  # type: ignore[union-attr]
        created_at=p.created_at,
    )


@router.get("/spaces", response=list[SpaceOut], summary="Program spaces I belong to")
def list_spaces(request: HttpRequest) -> list[SpaceOut]:
    out = []
    for program in selectors.spaces_of(user=request.user):
        _, role = selectors.space_for(user=request.user, slug=program.slug)
        out.append(SpaceOut(slug=program.slug, name=program.name, your_role=role))
    return out


@router.get("/spaces/{slug}/posts", response=list[PostOut])
def list_posts(request: HttpRequest, slug: str, kind: str = "", limit: int = 50) -> list[PostOut]:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    qs = selectors.posts_of(user=request.user, program=program)
    if kind:
        qs = qs.filter(kind=kind)
    return [_post_out(p) for p in qs[: max(1, min(limit, 200))]]


@router.post("/spaces/{slug}/posts", response={201: PostOut})
def create_post(request: HttpRequest, slug: str, payload: PostIn) -> Status:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    try:
        post = services.post_create(
            program=program, user=request.user, body=payload.body, title=payload.title
        )
    except services.SpaceError as exc:
        raise field_error(exc.field, exc.message, status=exc.status) from exc
    return Status(201, _post_out(post))


@router.delete("/posts/{post_id}", response={204: None})
def delete_post(request: HttpRequest, post_id: int) -> Status:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    services.post_delete(post=post, user=request.user)
    return Status(204, None)


@router.get("/spaces/{slug}/check-ins", response=list[CheckInOut])
def list_checkins(request: HttpRequest, slug: str) -> list[CheckIn]:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    return list(selectors.checkins_of(user=request.user, program=program))


@router.post(
    "/spaces/{slug}/check-ins",
    response={201: CheckInOut},
    summary="Coordinators schedule a group check-in",
)
def create_checkin(request: HttpRequest, slug: str, payload: CheckInIn) -> Status:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    try:
        checkin = services.checkin_create(program=program, user=request.user, **payload.dict())
    except services.SpaceError as exc:
        raise field_error(exc.field, exc.message, status=exc.status) from exc
    except PermissionDenied:
        raise
    return Status(201, checkin)
