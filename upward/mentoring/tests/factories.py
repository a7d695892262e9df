"""Pair builders for every test: programs, participants (with accounts) and pairs.

Other apps' tests build pairs here too (`PairFactory`), so a change to `Pair` is made once."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from upward.mentoring.models import Pair
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program


class ProgramFactory(factory.django.DjangoModelFactory):
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


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    program = factory.SubFactory(ProgramFactory)
    leader = factory.LazyAttribute(
        lambda o: ParticipantFactory(
            program=o.program, role=Participant.Role.LEADER, person=PersonFactory(level=9)
        )
    )
    mentor = factory.LazyAttribute(
        lambda o: ParticipantFactory(
            program=o.program, role=Participant.Role.MENTOR, person=PersonFactory(level=2)
        )
    )
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


def user_of(participant: Participant) -> User:
    """The participant's account (ParticipantFactory always creates one)."""
    assert participant.user is not None
    return participant.user
