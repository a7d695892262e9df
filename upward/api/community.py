"""/api/v1/community: program spaces (posts, celebrations, group check-ins)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.responses import Status

from upward.access import AuthedRequest
from upward.community import selectors, services
from upward.community.models import CheckIn, CheckInRSVP, Post, Reply
from upward.mentoring import selectors as mentoring_selectors
from upward.mentoring.models import Action

router = Router(tags=["community"])


class SpaceOut(Schema):
    slug: str
    name: str
    your_role: str


class ReplyOut(Schema):
    id: int
    post_id: int
    body: str
    author: str | None
    created_at: dt.datetime


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    author: str | None
    created_at: dt.datetime
    week: dt.date = Field(
        description="The Monday of its week: the page groups the platform's celebrations "
        "(kind celebration, no author) into one card per week."
    )
    replies: list[ReplyOut] = Field(default_factory=list)
    reactions: dict[str, int] = Field(
        default_factory=dict, description="Count per kind: thanks, celebrate, insightful."
    )
    my_reactions: list[str] = Field(default_factory=list)


class ReplyIn(Schema):
    body: str


class ReactionOut(Schema):
    post_id: int
    kind: str
    mine: bool
    count: int


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


def _reply_out(r: Reply) -> ReplyOut:
    return ReplyOut(
        id=r.pk,
        post_id=r.post_id,
        body=r.body,
        author=r.author.get_full_name() if r.author is not None else None,
        created_at=r.created_at,
    )


def _post_out(p: Post, social: selectors.Social | None = None) -> PostOut:
    social = social or selectors.Social()
    return PostOut(
        id=p.pk,
        kind=p.kind,
        title=p.title,
        body=p.body,
        author=p.author.get_full_name() if p.author is not None else None,
        created_at=p.created_at,
        week=selectors.week_of(p.created_at),
        replies=[_reply_out(r) for r in social.replies],
        reactions=dict(social.counts),
        my_reactions=sorted(social.mine),
    )


@router.get("/spaces", response=list[SpaceOut], summary="Program spaces I belong to")
def list_spaces(request: AuthedRequest) -> list[SpaceOut]:
    out = []
    for program in selectors.spaces_of(user=request.user):
        _, role = selectors.space_for(user=request.user, slug=program.slug)
        out.append(SpaceOut(slug=program.slug, name=program.name, your_role=role))
    return out


class SpaceSummaryOut(Schema):
    leaders: int
    mentors: int
    posts: int
    posts_last_30_days: int
    celebrations: int
    replies: int
    reactions: int
    actions_published: int
    actions_done: int
    checkins_upcoming: int


@router.get(
    "/spaces/{slug}/summary",
    response=SpaceSummaryOut,
    summary="The space in figures (what a sponsor sees instead of the posts)",
)
def space_summary(request: AuthedRequest, slug: str) -> SpaceSummaryOut:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    return SpaceSummaryOut(**vars(selectors.space_summary(user=request.user, program=program)))


class BoardActionOut(Schema):
    id: int
    title: str
    description: str
    status: str
    topic: str | None
    due_on: dt.date | None
    completed_on: dt.date | None
    published_at: dt.datetime | None
    leader: str | None = Field(description="None for a sponsor: they see no names.")
    credited_mentor: str | None = Field(description="Only when the mentor chose credit.")


def _board_action_out(a: Action, *, names: bool) -> BoardActionOut:
    return BoardActionOut(
        id=a.pk,
        title=a.title,
        description=a.description,
        status=a.status,
        topic=a.topic.name if a.topic else None,
        due_on=a.due_on,
        completed_on=a.completed_on,
        published_at=a.published_at,
        leader=a.pair.leader.person.name if names else None,
        credited_mentor=a.pair.mentor.person.name if names and a.credit_mentor else None,
    )


@router.get(
    "/spaces/{slug}/board",
    response=list[BoardActionOut],
    summary="The follow-through board: published actions (names only for the space's people)",
)
def list_board(
    request: AuthedRequest, slug: str, status: str = "", limit: int = 50
) -> list[BoardActionOut]:
    program = mentoring_selectors.program_for_board(user=request.user, slug=slug)
    qs = mentoring_selectors.published_actions(user=request.user, program=program)
    if status:
        qs = qs.filter(status=status)
    names = mentoring_selectors.board_shows_names(user=request.user, program=program)
    return [_board_action_out(a, names=names) for a in qs[: max(1, min(limit, 200))]]


@router.get(
    "/spaces/{slug}/posts",
    response=list[PostOut],
    summary="Posts of a space: for its members and coordinators (a sponsor gets none)",
)
def list_posts(request: AuthedRequest, slug: str, kind: str = "", limit: int = 50) -> list[PostOut]:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    qs = selectors.posts_of(user=request.user, program=program)
    if kind:
        qs = qs.filter(kind=kind)
    posts = list(qs[: max(1, min(limit, 200))])
    social = selectors.social_of(user=request.user, posts=posts)
    return [_post_out(p, social[p.pk]) for p in posts]


@router.post("/spaces/{slug}/posts", response={201: PostOut})
def create_post(request: AuthedRequest, slug: str, payload: PostIn) -> Status:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    post = services.post_create(
        program=program, actor=request.user, body=payload.body, title=payload.title
    )
    return Status(201, _post_out(post))


@router.delete("/posts/{post_id}", response={204: None})
def delete_post(request: AuthedRequest, post_id: int) -> Status:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    services.post_delete(post=post, actor=request.user)
    return Status(204, None)


@router.get(
    "/posts/{post_id}/replies",
    response=list[ReplyOut],
    summary="A post's replies, oldest first (members and coordinators of its space)",
)
def list_replies(request: AuthedRequest, post_id: int) -> list[ReplyOut]:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    return [
        _reply_out(r) for r in selectors.social_of(user=request.user, posts=[post])[post.pk].replies
    ]


@router.post("/posts/{post_id}/replies", response={201: ReplyOut}, summary="Reply to a post")
def create_reply(request: AuthedRequest, post_id: int, payload: ReplyIn) -> Status:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    reply = services.reply_create(post=post, actor=request.user, body=payload.body)
    return Status(201, _reply_out(reply))


@router.delete(
    "/replies/{reply_id}",
    response={204: None},
    summary="Remove a reply (its author, or the program's coordinators)",
)
def delete_reply(request: AuthedRequest, reply_id: int) -> Status:
    reply = selectors.reply_in_space(user=request.user, reply_id=reply_id)
    services.reply_delete(reply=reply, actor=request.user)
    return Status(204, None)


def _reaction_out(request: AuthedRequest, post: Post, kind: str) -> ReactionOut:
    social = selectors.social_of(user=request.user, posts=[post])[post.pk]
    return ReactionOut(
        post_id=post.pk, kind=kind, mine=kind in social.mine, count=social.counts.get(kind, 0)
    )


@router.put(
    "/posts/{post_id}/reactions/{kind}",
    response=ReactionOut,
    summary="React to a post (thanks, celebrate, insightful); idempotent: once per kind",
)
def add_reaction(request: AuthedRequest, post_id: int, kind: str) -> ReactionOut:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    services.reaction_set(post=post, actor=request.user, kind=kind, on=True)
    return _reaction_out(request, post, kind)


@router.delete(
    "/posts/{post_id}/reactions/{kind}",
    response=ReactionOut,
    summary="Take back your reaction of that kind (idempotent)",
)
def remove_reaction(request: AuthedRequest, post_id: int, kind: str) -> ReactionOut:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    services.reaction_set(post=post, actor=request.user, kind=kind, on=False)
    return _reaction_out(request, post, kind)


@router.get("/spaces/{slug}/check-ins", response=list[CheckInOut])
def list_checkins(request: AuthedRequest, slug: str) -> list[CheckIn]:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    return list(selectors.checkins_of(user=request.user, program=program))


@router.post(
    "/spaces/{slug}/check-ins",
    response={201: CheckInOut},
    summary="Coordinators schedule a group check-in",
)
def create_checkin(request: AuthedRequest, slug: str, payload: CheckInIn) -> Status:
    program, _ = selectors.space_for(user=request.user, slug=slug)
    checkin = services.checkin_create(program=program, actor=request.user, **payload.dict())
    return Status(201, checkin)


# --- one check-in: answers, moving, cancelling ----------------------------------------------


class RsvpIn(Schema):
    response: Literal["going", "not_going"]


class RsvpOut(Schema):
    checkin_id: int
    response: str
    answered_sequence: int
    for_current_time: bool


class RsvpCountsOut(Schema):
    going: int
    not_going: int
    no_answer: int
    before_move: int
    invited: int


class CheckInPatch(Schema):
    starts_at: dt.datetime
    duration_minutes: int | None = Field(None, ge=1, le=600)
    location: str | None = None


def _rsvp_out(rsvp: CheckInRSVP, checkin: CheckIn) -> RsvpOut:
    return RsvpOut(
        checkin_id=checkin.pk,
        response=rsvp.response,
        answered_sequence=rsvp.answered_sequence,
        for_current_time=rsvp.answered_sequence == checkin.sequence,
    )


@router.post(
    "/check-ins/{checkin_id}/rsvp",
    response=RsvpOut,
    summary="Participants: going or not going (answer again to change)",
)
def rsvp_checkin(request: AuthedRequest, checkin_id: int, payload: RsvpIn) -> RsvpOut:
    checkin, _ = selectors.checkin_in_space(user=request.user, checkin_id=checkin_id)
    rsvp = services.checkin_rsvp(checkin=checkin, actor=request.user, response=payload.response)
    return _rsvp_out(rsvp, checkin)


@router.get("/check-ins/{checkin_id}/rsvp", response={200: RsvpOut, 204: None})
def my_rsvp(request: AuthedRequest, checkin_id: int) -> Status:
    checkin, _ = selectors.checkin_in_space(user=request.user, checkin_id=checkin_id)
    rsvp = selectors.my_rsvp(user=request.user, checkin=checkin)
    return Status(204, None) if rsvp is None else Status(200, _rsvp_out(rsvp, checkin))


@router.get(
    "/check-ins/{checkin_id}/rsvps",
    response=RsvpCountsOut,
    summary="Coordinators: how many are going (counts only, no names)",
)
def rsvp_counts(request: AuthedRequest, checkin_id: int) -> RsvpCountsOut:
    checkin, _ = selectors.checkin_in_space(user=request.user, checkin_id=checkin_id)
    counts = selectors.rsvp_counts(user=request.user, checkin=checkin)
    if counts is None:  # counts are for the program's coordinators
        raise Http404(gettext("No such check-in."))
    return RsvpCountsOut(
        going=counts.going,
        not_going=counts.not_going,
        no_answer=counts.no_answer,
        before_move=counts.before_move,
        invited=counts.invited,
    )


@router.patch(
    "/check-ins/{checkin_id}",
    response=CheckInOut,
    summary="Coordinators move a check-in (same UID, SEQUENCE + 1)",
)
def reschedule_checkin(request: AuthedRequest, checkin_id: int, payload: CheckInPatch) -> CheckIn:
    checkin, _ = selectors.checkin_in_space(user=request.user, checkin_id=checkin_id)
    return services.checkin_reschedule(checkin=checkin, actor=request.user, **payload.dict())


@router.post("/check-ins/{checkin_id}/cancel", response=CheckInOut, summary="Coordinators cancel")
def cancel_checkin(request: AuthedRequest, checkin_id: int) -> CheckIn:
    checkin, _ = selectors.checkin_in_space(user=request.user, checkin_id=checkin_id)
    return services.checkin_cancel(checkin=checkin, actor=request.user)
