"""The one place for program builders in tests, for every app.

- `ProgramFactory` / `ParticipantFactory` (factory_boy): plain rows, fast, any phase;
- `make_program`: a program built by the service, from a template (topics, matching settings);
- `enrol`, `person`, `matching_program`, `user_of`: people at each stage of enrolment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from upward.people.models import Person, User
from upward.people.services import user_for_person
from upward.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from upward.programs import training
from upward.programs.models import Intake, Participant, Program, Topic, TrainingCompletion
from upward.programs.services import program_create


class ProgramFactory(factory.django.DjangoModelFactory):
    """An active program that started ten days ago (coordinators and sponsor: add your own)."""

    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    purpose = "Help leaders learn from junior colleagues."
    phase = Program.Phase.ACTIVE
    duration_months = 6
    cadence_days = 30
    meeting_minutes = 60
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An opted-in leader with an account (pass role, status or person to change it)."""

    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    user = factory.LazyAttribute(
        lambda o: UserFactory(email=o.person.email, name=o.person.name, person=o.person)
    )
    role = Participant.Role.LEADER
    status = Participant.Status.OPTED_IN
    consented_at = factory.LazyFunction(timezone.now)


def _free_name(base: str) -> str:
    """Program names are unique (any case): a test making several gets base, base 2, ..."""
    name, n = base, 2
    while Program.objects.filter(name__iexact=name).exists():
        name, n = f"{base} {n}", n + 1
    return name


def make_program(
    *, coordinator: User, phase: str = Program.Phase.DRAFT, sponsor: User | None = None, **kw: Any
) -> Program:
    program = program_create(
        actor=coordinator,
        name=kw.pop("name", None) or _free_name("Digital fluency"),
        purpose=kw.pop("purpose", "Leaders learn everyday digital tools from colleagues."),
        template=kw.pop("template", "digital-fluency"),
        **kw,
    )
    if sponsor is not None:
        program.sponsor = sponsor
    program.phase = phase
    program.save()
    return program


def person(level: int, dept: str = "Engineering", **kw: Any) -> Person:
    return PersonFactory.create(level=level, department=DepartmentFactory(name=dept), **kw)


def enrol(
    program: Program,
    who: Person,
    role: str,
    *,
    opted_in: bool = True,
    intake: bool = True,
    trained: bool = True,
    topics: dict[str, int] | None = None,
) -> Participant:
    user = user_for_person(person=who)
    participant = Participant.objects.create(
        program=program,
        person=who,
        user=user,
        role=role,
        status=Participant.Status.OPTED_IN if opted_in else Participant.Status.INVITED,
        consented_at=timezone.now() if opted_in else None,
    )
    if intake:
        slugs = list(program.topics.values_list("slug", flat=True)) or list(
            Topic.objects.values_list("slug", flat=True)
        )
        Intake.objects.create(
            participant=participant,
            topics=topics if topics is not None else {slugs[0]: 3, slugs[1]: 2},
            goals="Learn how people use AI at work" if role == "leader" else "",
            strengths="" if role == "leader" else "I use AI tools every day",
            languages=["en"],
            interests=["cycling"],
            style=[3, 3, 3],
            availability="Tuesdays",
            submitted_at=timezone.now(),
        )
    if trained:
        for module in training.modules_for(role):
            TrainingCompletion.objects.create(participant=participant, module=module.slug)
    return participant


def matching_program(coordinator: User, *, leaders: int = 3, mentors: int = 4) -> Program:
    """A program in the matching phase with ready leaders (level 9) and mentors (level 2),
    each in their own department so nobody shares a reporting line."""
    program = make_program(coordinator=coordinator, phase=Program.Phase.MATCHING)
    for i in range(leaders):
        enrol(program, person(9, f"Leaders {i}", name=f"Leader {i}"), "leader")
    for i in range(mentors):
        enrol(program, person(2, f"Mentors {i}", name=f"Mentor {i}"), "mentor")
    return program


def user_of(participant: Participant) -> User:
    assert participant.user is not None
    return participant.user
