"""Pair builders for every test (`PairFactory`), so a change to `Pair` is made once. Programs and
participants come from the programs app's factories (re-exported here for older imports)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from upward.mentoring.models import Pair
from upward.people.models import User
from upward.people.tests.factories import PersonFactory
from upward.programs.models import Participant
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory


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


def invite_to_close(*pairs: Pair) -> None:
    """Open final reflections for these pairs as the program's closing phase does (a final
    reflection mid-program is refused unless the pair chose to end early)."""
    for pair in pairs:
        pair.closing_invited_at = timezone.now()
        pair.save(update_fields=["closing_invited_at"])
