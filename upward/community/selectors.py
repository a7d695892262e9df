"""Reads for program spaces. Access follows mentoring.selectors.program_space_role."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from upward.community.models import CheckIn, Post
from upward.mentoring.selectors import (
    AnyUser,
    member_participations,
    program_space_role,
    programs_in_space_of,
)
from upward.programs.models import Program


def spaces_of(*, user: AnyUser) -> QuerySet[Program]:
    return programs_in_space_of(user=user).order_by("-created_at")


def space_for(*, user: AnyUser, slug: str) -> tuple[Program, str]:
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise Http404("No such program.")
    role = program_space_role(user=user, program=program)
    if role is None:
        raise Http404("No such program space.")
    return program, role


def posts_of(*, user: AnyUser, program: Program) -> QuerySet[Post]:
    if program_space_role(user=user, program=program) is None:
        return Post.objects.none()
    return program.posts.select_related("author")


def post_in_space(*, user: AnyUser, post_id: int) -> Post:
    post = Post.objects.select_related("program").filter(pk=post_id).first()
    if post is None or program_space_role(user=user, program=post.program) is None:
        raise Http404("No such post.")
    return post


def checkins_of(*, user: AnyUser, program: Program) -> QuerySet[CheckIn]:
    if program_space_role(user=user, program=program) is None:
        return CheckIn.objects.none()
    return program.checkins.all()


def checkins_for_calendar(*, user: AnyUser) -> QuerySet[CheckIn]:
    """Check-ins of programs the user takes part in or coordinates (sponsors are not invited)."""
    if not user.is_authenticated:
        return CheckIn.objects.none()
    program_ids = set(member_participations(user).values_list("program_id", flat=True))
    program_ids |= set(user.coordinated_programs.values_list("pk", flat=True))  # type: ignore[union-attr]
    return CheckIn.objects.filter(program_id__in=program_ids).select_related("program")
