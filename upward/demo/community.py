"""Demo: the active program's space, with announcements, posts, check-ins and celebrations."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from upward.community.models import CheckIn, CheckInRSVP, Post, Reply
from upward.community.services import (
    celebration_for_action_refresh,
    reaction_set,
    reply_create,
)
from upward.demo.context import DemoContext
from upward.mentoring.models import Action
from upward.people.models import User
from upward.programs.models import Participant, Program

POSTS = [
    (
        "Welcome to the program space",
        "This is where the whole cohort shares what is working. Post a question, a tool you "
        "discovered, or a small win. Please do not name anyone without asking them first.",
        True,
    ),
    (
        "",
        "Tried the 'show and try' agenda this week: my mentor had me automate my weekly report "
        "in twenty minutes. Recommend it.",
        False,
    ),
    (
        "",
        "Question for other mentors: how do you bring up something uncomfortable without "
        "making it a big deal? Looking for phrasings that worked.",
        False,
    ),
]


REPLIES = [
    "Naming what I noticed, not what they meant, worked for me: 'I noticed you jumped in "
    "three times; can we try letting me finish first?'",
    "Asking permission first helps: 'Can I give you some honest feedback on that meeting?'",
]


def _conversation(program: Program, people: list[User], coordinator: User) -> None:
    """A thread under the mentors' question, and a few reactions, through the services."""
    question = program.posts.filter(body__startswith="Question for other mentors").first()
    if question is None or Reply.objects.filter(post=question).exists() or len(people) < 2:
        return
    for author, body in zip(people[1:3], REPLIES, strict=False):
        reply_create(post=question, actor=author, body=body)
    for person in people[:3]:
        reaction_set(post=question, actor=person, kind="insightful", on=True)
    tip = program.posts.filter(body__startswith="Tried the 'show and try'").first()
    if tip is not None:
        for person in people[1:4]:
            reaction_set(post=tip, actor=person, kind="thanks", on=True)
        reaction_set(post=tip, actor=coordinator, kind="celebrate", on=True)


def seed(ctx: DemoContext) -> None:
    program = Program.objects.filter(slug="digital-fluency").first()
    if program is None:
        ctx.log("Community: skipped (no digital-fluency program).")
        return
    coordinator = program.coordinators.first() or ctx.users.get("coordinator@example.com")
    participants = list(
        Participant.objects.filter(program=program, user__isnull=False).select_related("user")[:4]
    )
    start = timezone.now() - dt.timedelta(days=150)
    for index, (title, body, from_coordinator) in enumerate(POSTS):
        author = (
            coordinator
            if from_coordinator
            else (participants[index % len(participants)].user if participants else coordinator)
        )
        Post.objects.get_or_create(
            program=program,
            body=body,
            defaults={
                "author": author,
                "title": title,
                "kind": Post.Kind.ANNOUNCEMENT if from_coordinator else Post.Kind.POST,
                "created_at": start + dt.timedelta(days=30 * index),
            },
        )
    if coordinator is not None:
        people = [p.user for p in participants if p.user is not None]
        _conversation(program, people, coordinator)
    for action in Action.objects.filter(pair__program=program, published=True):
        celebration_for_action_refresh(action=action)
    today = timezone.localdate()
    checkins = [
        ("Three-month check-in", -110, "What is working in your pairs, and what is not."),
        ("Mid-program circle: mentors", 12, "Mentors only: share tactics and support each other."),
        ("Six-month check-in", 40, "Look back together and plan the close."),
    ]
    for title, offset, description in checkins:
        day = today + dt.timedelta(days=offset)
        CheckIn.objects.get_or_create(
            program=program,
            title=title,
            defaults={
                "description": description,
                "starts_at": dt.datetime.combine(day, dt.time(15, 0), tzinfo=dt.UTC),
                "duration_minutes": 45,
                "location": "Video call (link in the invitation)",
                "created_by": coordinator,
            },
        )
    # Answers to the upcoming check-ins, so coordinators see counts. The demo's leader and mentor
    # are left unanswered so they can try the buttons themselves.
    members = Participant.objects.filter(program=program, user__isnull=False).exclude(
        user__email__in=["leader@example.com", "mentor@example.com"]
    )
    for checkin in CheckIn.objects.filter(
        program=program, starts_at__gt=timezone.now(), cancelled=False
    ):
        for index, participant in enumerate(members.order_by("pk")):
            if index % 3 == 2:
                continue  # a third have not answered yet
            CheckInRSVP.objects.get_or_create(
                checkin=checkin,
                user=participant.user,
                defaults={
                    "response": "not_going" if index % 5 == 4 else "going",
                    "answered_sequence": checkin.sequence,
                },
            )
    ctx.log(
        f"Community: {program.posts.count()} posts, {program.checkins.count()} check-ins and "
        f"{CheckInRSVP.objects.filter(checkin__program=program).count()} answers in "
        f"{program.name}."
    )
