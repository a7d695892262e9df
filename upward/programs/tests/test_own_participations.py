"""Issue 16: the home page's panels share one read of the user's own participant records
(`access.own_participations`). Held to the queryset rules it replaced: the records that are the
user's own, by account or by directory person; membership as `member_participations` says."""

from __future__ import annotations

from typing import Any

import pytest

from upward.access import (
    is_membership,
    member_participations,
    own_participations,
    participations_of,
)
from upward.people.backends import signed_in_user
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Intake, Participant, Program
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone() -> User:
    person = PersonFactory()
    return UserFactory(email=person.email, person=person)


def records_of_every_kind(user: User) -> Participant:
    """Hers by account, hers by person without an account yet, hers by person but bound to
    another account, in every status; and other people's. Returns hers in a closed program."""
    for status in Participant.Status.values:
        ParticipantFactory(person=user.person, user=user, status=status)
    ParticipantFactory(person=user.person, user=None)
    ParticipantFactory(person=user.person, user=UserFactory())
    ParticipantFactory.create_batch(3)  # other people
    ParticipantFactory(user=user)  # another person's record bound to her account
    return ParticipantFactory(
        person=user.person, user=user, program=ProgramFactory(phase=Program.Phase.CLOSED)
    )


def test_the_shared_read_holds_exactly_what_each_rule_it_replaced_holds(someone: User) -> None:
    closed = records_of_every_kind(someone)
    user = signed_in_user(someone.pk)
    own = own_participations(user=user)
    assert {p.pk for p in own if p.program.phase != Program.Phase.CLOSED} == {
        p.pk for p in participations_of(user=user)
    }
    assert {p.pk for p in own if p.program.phase == Program.Phase.CLOSED} == {closed.pk}
    assert {p.pk for p in own if is_membership(p, user)} == set(
        member_participations(user).values_list("pk", flat=True)
    )
    assert len(own) == len(Participant.Status.values) + 4 and [p.pk for p in own] == sorted(
        p.pk for p in own
    )


def test_it_is_read_once_per_request_with_what_the_panels_show(
    someone: User, django_assert_num_queries: Any
) -> None:
    ParticipantFactory(person=someone.person, user=someone)
    drafted = ParticipantFactory(person=someone.person, user=someone)
    Intake.objects.create(participant=drafted, topics={"ai": 3}, goals="Listen more")
    user = signed_in_user(someone.pk)
    with django_assert_num_queries(1):
        first = own_participations(user=user)
        assert own_participations(user=user) is first
        assert first[0].program.name and first[0].person.name
        assert getattr(first[0], "intake", None) is None  # no intake yet, and no query to know
        intake = first[1].intake
        assert (intake.topics, intake.goals, intake.submitted_at) == (
            {"ai": 3},
            "Listen more",
            None,
        )


def test_an_account_without_a_directory_person_has_its_own_records_only(
    django_assert_num_queries: Any,
) -> None:
    account = UserFactory(person=None)
    mine = ParticipantFactory(user=account)
    ParticipantFactory.create_batch(2)
    assert [p.pk for p in own_participations(user=signed_in_user(account.pk))] == [mine.pk]


def test_nobody_signed_in_has_none(client: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    ParticipantFactory()
    assert own_participations(user=AnonymousUser()) == []
