"""Reads for program spaces. Access follows `upward.access.program_space_role`: members and
coordinators of the program, and its sponsor (read only); anyone else gets 404.

A sponsor does not belong to the space (`upward.access.space_shows_people`): they see its
aggregates (`space_summary`) and the follow-through board without names, never the posts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.access import (
    COORDINATOR,
    AnyUser,
    member_participations,
    program_space_role,
    programs_in_space_of,
    space_shows_people,
)
from upward.community.events import CHECKIN_CALENDAR_FILE
from upward.community.models import CheckIn, CheckInRSVP, Post, Reaction, Reply
from upward.mentoring.models import Action
from upward.people.models import User
from upward.programs.models import Participant, Program


def spaces_of(*, user: AnyUser) -> QuerySet[Program]:
    return programs_in_space_of(user=user).order_by("-created_at")


def space_for(*, user: AnyUser, slug: str) -> tuple[Program, str]:
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise Http404(_("No such program."))
    role = program_space_role(user=user, program=program)
    if role is None:
        raise Http404(_("No such program space."))
    return program, role


def program_space_role_of(*, user: AnyUser, program: Program) -> str | None:
    """The user's role in the program's space (for views deciding which buttons to show)."""
    return program_space_role(user=user, program=program)


def posts_of(*, user: AnyUser, program: Program) -> QuerySet[Post]:
    """The space's posts, for its members and coordinators; none for a sponsor."""
    if not space_shows_people(user=user, program=program):
        return Post.objects.none()
    return program.posts.select_related("author")


def post_in_space(*, user: AnyUser, post_id: int) -> Post:
    post = Post.objects.select_related("program").filter(pk=post_id).first()
    if post is None or not space_shows_people(user=user, program=post.program):
        raise Http404(_("No such post."))
    return post


def reply_in_space(*, user: AnyUser, reply_id: int) -> Reply:
    reply = Reply.objects.select_related("post__program").filter(pk=reply_id).first()
    if reply is None or not space_shows_people(user=user, program=reply.post.program):
        raise Http404(_("No such reply."))
    return reply


# --- the feed: people's posts, and the platform's celebrations grouped by week ----------------


def week_of(moment: dt.datetime) -> dt.date:
    """The Monday of the week a moment falls in, in the active time zone."""
    day = timezone.localtime(moment).date()
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Digest:
    """The platform's celebrations of one program and one week, as one card.

    Each celebration stays its own row (one per pair closure or published action, kept in step
    with what it celebrates, and written with names only where the people agreed); the feed
    shows them together so that ten closures do not push everyone's posts off the page.
    """

    week: dt.date
    celebrations: list[Post] = field(default_factory=list)

    kind = "digest"

    @property
    def created_at(self) -> dt.datetime:
        return max(p.created_at for p in self.celebrations)

    @property
    def pairs_completed(self) -> int:
        return sum(1 for p in self.celebrations if p.action_id is None)

    @property
    def actions(self) -> int:
        return sum(1 for p in self.celebrations if p.action_id is not None)


FeedItem = Post | Digest


def feed_of(*, user: AnyUser, program: Program, show: str = "") -> list[FeedItem]:
    """The space's feed, newest first: posts and announcements as they are, and the platform's
    own celebrations (no author) as one digest card per week. Empty for a sponsor."""
    posts = posts_of(user=user, program=program)
    if show == "celebrations":
        posts = posts.filter(kind=Post.Kind.CELEBRATION)
    items: list[FeedItem] = []
    digests: dict[dt.date, Digest] = {}
    for post in posts:
        if post.kind == Post.Kind.CELEBRATION and post.author_id is None:
            week = week_of(post.created_at)
            if week not in digests:
                digests[week] = Digest(week=week)
                items.append(digests[week])
            digests[week].celebrations.append(post)
        else:
            items.append(post)
    return items


@dataclass
class Social:
    """What people answered to one post: its thread, and the reactions (counts and mine)."""

    replies: list[Reply] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)

    @property
    def reactions(self) -> list[tuple[str, str, int, bool]]:
        """(kind, label, count, mine) for every kind, in a fixed order."""
        return [
            (kind, str(label), self.counts.get(kind, 0), kind in self.mine)
            for kind, label in Reaction.Kind.choices
        ]


def social_of(*, user: AnyUser, posts: list[Post]) -> dict[int, Social]:
    """Threads and reactions of a page of posts, in three queries whatever its size."""
    out: dict[int, Social] = {p.pk: Social() for p in posts}
    if not posts:
        return out
    for reply in Reply.objects.filter(post__in=posts).select_related("author"):
        out[reply.post_id].replies.append(reply)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for post_id, kind, n in (
        Reaction.objects.filter(post__in=posts)
        .values("post_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("post_id", "kind", "n")
        .order_by()
    ):
        counts[post_id][kind] = n
    for post_id, by_kind in counts.items():
        out[post_id].counts = by_kind
    if user.is_authenticated:
        for post_id, kind in Reaction.objects.filter(post__in=posts, user_id=user.pk).values_list(
            "post_id", "kind"
        ):
            out[post_id].mine.add(kind)
    return out


@dataclass(frozen=True)
class SpaceSummary:
    """What a sponsor sees of a space: counts, never who wrote what."""

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


def space_summary(*, user: AnyUser, program: Program) -> SpaceSummary:
    """Aggregates of a space for anyone in it (the sponsor's whole view of the posts)."""
    if program_space_role(user=user, program=program) is None:
        raise Http404(_("No such program space."))
    now = timezone.now()
    roles = dict(
        Participant.objects.filter(program=program, status=Participant.Status.OPTED_IN)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    posts = program.posts.aggregate(
        total=Count("pk"),
        recent=Count("pk", filter=Q(created_at__gte=now - dt.timedelta(days=30))),
        celebrations=Count("pk", filter=Q(kind=Post.Kind.CELEBRATION)),
    )
    actions = Action.objects.filter(pair__program=program, published=True).aggregate(
        published=Count("pk"), done=Count("pk", filter=Q(status=Action.Status.DONE))
    )
    return SpaceSummary(
        leaders=roles.get(Participant.Role.LEADER, 0),
        mentors=roles.get(Participant.Role.MENTOR, 0),
        posts=posts["total"],
        posts_last_30_days=posts["recent"],
        celebrations=posts["celebrations"],
        replies=Reply.objects.filter(post__program=program).count(),
        reactions=Reaction.objects.filter(post__program=program).count(),
        actions_published=actions["published"],
        actions_done=actions["done"],
        checkins_upcoming=program.checkins.filter(starts_at__gte=now, cancelled=False).count(),
    )


def checkins_of(*, user: AnyUser, program: Program) -> QuerySet[CheckIn]:
    if program_space_role(user=user, program=program) is None:
        return CheckIn.objects.none()
    return program.checkins.all()


def checkins_for_calendar(*, user: AnyUser) -> QuerySet[CheckIn]:
    """Check-ins of programs the user takes part in or coordinates (sponsors are not invited)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return CheckIn.objects.none()
    program_ids = set(member_participations(user).values_list("program_id", flat=True))
    program_ids |= set(user.coordinated_programs.values_list("pk", flat=True))
    return CheckIn.objects.filter(program_id__in=program_ids).select_related("program")


def checkin_of_space(
    *, user: AnyUser, slug: str, checkin_id: int, organise: bool = False
) -> tuple[CheckIn, str]:
    """A check-in of the space at `slug` and the user's role there; 404 for anyone outside the
    space and, with `organise` (moving, cancelling), for anyone but its coordinators."""
    program, role = space_for(user=user, slug=slug)
    checkin = checkins_of(user=user, program=program).filter(pk=checkin_id).first()
    if checkin is None or (organise and role != COORDINATOR):
        raise Http404("No such check-in.")
    checkin.program = program
    return checkin, role


def checkin_calendar_file(*, checkin: CheckIn) -> bytes | None:
    """The check-in as an .ics file, from the app that owns calendar files (None without one)."""
    return next(iter(events.publish(CHECKIN_CALENDAR_FILE, checkin=checkin)), None)


def checkin_in_space(*, user: AnyUser, checkin_id: int) -> tuple[CheckIn, str]:
    """A check-in and the user's role in its program space; 404 for anyone outside it."""
    checkin = CheckIn.objects.select_related("program").filter(pk=checkin_id).first()
    if checkin is None:
        raise Http404("No such check-in.")
    role = program_space_role(user=user, program=checkin.program)
    if role is None:
        raise Http404("No such check-in.")
    return checkin, role


def my_rsvp(*, user: AnyUser, checkin: CheckIn) -> CheckInRSVP | None:
    if not user.is_authenticated:
        return None
    return CheckInRSVP.objects.filter(checkin=checkin, user_id=user.pk).first()


@dataclass(frozen=True)
class RsvpCounts:
    """Counts only, no names: enough for a coordinator to plan the room."""

    going: int
    not_going: int
    before_move: int  # answers given for an earlier time, not counted above
    invited: int

    @property
    def no_answer(self) -> int:
        return max(self.invited - self.going - self.not_going, 0)


def rsvp_counts(*, user: AnyUser, checkin: CheckIn) -> RsvpCounts | None:
    """For the program's coordinators; None for everyone else."""
    if program_space_role(user=user, program=checkin.program) != COORDINATOR:
        return None
    current = {"going": 0, "not_going": 0}
    before_move = 0
    for response, sequence in checkin.rsvps.values_list("response", "answered_sequence"):
        if sequence == checkin.sequence:
            current[response] += 1
        else:
            before_move += 1
    invited = (
        Participant.objects.filter(program=checkin.program)
        .exclude(status__in=Participant.OUTSIDE)
        .count()
    )
    return RsvpCounts(
        going=current["going"],
        not_going=current["not_going"],
        before_move=before_move,
        invited=invited,
    )


def going_counts(*, user: AnyUser, checkins: list[CheckIn]) -> dict[int, int]:
    """check-in id -> people going at the current time (coordinators only, else empty)."""
    if not checkins:
        return {}
    if program_space_role(user=user, program=checkins[0].program) != COORDINATOR:
        return {}
    counts: dict[int, int] = {}
    for checkin_id, sequence, current in CheckInRSVP.objects.filter(
        checkin__in=checkins, response=CheckInRSVP.Response.GOING
    ).values_list("checkin_id", "answered_sequence", "checkin__sequence"):
        if sequence == current:
            counts[checkin_id] = counts.get(checkin_id, 0) + 1
    return counts


def my_rsvps(*, user: AnyUser, checkins: list[CheckIn]) -> dict[int, CheckInRSVP]:
    if not user.is_authenticated or not checkins:
        return {}
    return {
        r.checkin_id: r for r in CheckInRSVP.objects.filter(checkin__in=checkins, user_id=user.pk)
    }
