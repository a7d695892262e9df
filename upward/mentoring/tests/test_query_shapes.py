"""Issue 16: the widest hot reads compose their SQL once per connection (upward/queryshapes.py).

Held to what Django's own queryset returns for the same values: the same rows, the same field
values, the related objects loaded in the one query; and a value Django answers without the
database (an empty list, an id no column holds) still answers without an error.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Q

from upward.access.pairs import pairs_with_people
from upward.mentoring.models import Pair
from upward.mentoring.tests.factories import PairFactory
from upward.people.backends import signed_in_user
from upward.people.models import User
from upward.programs.tests.factories import ParticipantFactory
from upward.queryshapes import QueryShape

pytestmark = pytest.mark.django_db


def by_id() -> QueryShape[Pair]:
    return QueryShape(lambda pk: pairs_with_people().filter(pk=pk))


def of_participants() -> QueryShape[Pair]:
    return QueryShape(
        lambda ids: pairs_with_people().filter(Q(leader_id__in=ids) | Q(mentor_id__in=ids))
    )


def everything(pair: Pair) -> tuple[Any, ...]:
    """A pair and all it was read with, as values."""
    return (
        [getattr(pair, f.attname) for f in Pair._meta.concrete_fields],
        [getattr(pair.program, f.attname) for f in pair.program._meta.concrete_fields],
        *(
            (
                [getattr(p, f.attname) for f in p._meta.concrete_fields],
                p.person and [getattr(p.person, f.attname) for f in p.person._meta.concrete_fields],
                p.user and [getattr(p.user, f.attname) for f in p.user._meta.concrete_fields],
            )
            for p in (pair.leader, pair.mentor)
        ),
    )


def test_a_pair_read_by_shape_is_the_pair_django_reads_with_its_people_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    pairs = PairFactory.create_batch(3)
    shape = by_id()
    for pair in pairs:
        with django_assert_num_queries(1):
            [read] = shape(pair.pk)
            seen = everything(read)  # the people and accounts read with the pair, no query more
        assert seen == everything(pairs_with_people().get(pk=pair.pk))
    assert shape.compositions == 1  # composed for the first pair, reused for the others


def test_lists_of_ids_of_each_length_match_djangos_answer() -> None:
    pairs = PairFactory.create_batch(4)
    shape = of_participants()
    for chosen in ([pairs[0].leader_id], [pairs[1].mentor_id, pairs[2].leader_id], [0, 1, 2]):
        expected = pairs_with_people().filter(Q(leader_id__in=chosen) | Q(mentor_id__in=chosen))
        got = shape(chosen)
        assert sorted(map(everything, got)) == sorted(map(everything, expected))
    assert shape.compositions == 3  # one per length: each has its own count of parameters
    shape([pairs[3].mentor_id, pairs[3].leader_id])
    assert shape.compositions == 3


def test_a_participant_without_an_account_reads_as_none_not_as_someone_elses() -> None:
    pair = PairFactory()
    pair.mentor.user = None
    pair.mentor.save()
    [read] = by_id()(pair.pk)
    assert read.mentor.user is None
    assert read.leader.user is not None and read.leader.user.pk == pair.leader.user_id


def test_values_django_answers_without_the_database_still_answer(
    django_assert_num_queries: Any,
) -> None:
    PairFactory()
    with django_assert_num_queries(0):
        assert of_participants()([]) == []
    # Beyond any column's range: the database would refuse it with an error (a 500 from a URL).
    assert by_id()(2**70) == []
    assert by_id()(-(2**70)) == []
    assert of_participants()([1, 2**64]) == list(
        pairs_with_people().filter(Q(leader_id__in=[1]) | Q(mentor_id__in=[1]))
    )
    assert by_id()(-1) == []


@pytest.mark.parametrize("value", ["1", 1.0, True, None, [1, "2"], ["1 OR 1=1"]])
def test_anything_but_ints_is_refused_before_it_reaches_sql(value: Any) -> None:
    with pytest.raises(TypeError):
        by_id()(value)


def test_the_signed_in_account_reads_with_its_person_and_nothing_for_a_bad_session_value(
    django_assert_num_queries: Any,
) -> None:
    participant = ParticipantFactory()
    user = participant.user
    assert user is not None and user.person is not None
    with django_assert_num_queries(1):
        read = signed_in_user(user.pk)
        assert read is not None and read.person is not None
        assert read.person.pk == user.person.pk and read.email == user.email
    assert signed_in_user(str(user.pk)) == user  # sessions hold the id as text
    for bad in ("x", None, "", 2**80, User.objects.order_by("-pk").first().pk + 1):  # type: ignore[union-attr]
        assert signed_in_user(bad) is None


def test_values_rows_flat_values_and_annotations_match_djangos_answer() -> None:
    pairs = PairFactory.create_batch(3)
    ids = [p.pk for p in pairs[:2]]
    tuples = QueryShape(
        lambda ids: Pair.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "started_on")
    )
    flat = QueryShape(
        lambda ids: Pair.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
    )
    counted = QueryShape(
        lambda ids: (
            Pair.objects.filter(pk__in=ids)
            .annotate(people=Count("leader") + Count("mentor"))
            .order_by("pk")
            .values_list("pk", "people")
        )
    )
    assert tuples(ids) == list(
        Pair.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "started_on")
    )
    assert flat(ids) == ids
    assert counted(ids) == [(pk, 2) for pk in ids]


def test_a_queryset_whose_columns_django_would_reorder_is_refused() -> None:
    PairFactory()
    reordered = QueryShape(
        lambda pk: (
            Pair.objects.filter(pk=pk).annotate(people=Count("leader")).values_list("people", "pk")
        )
    )
    with pytest.raises(ValueError):
        reordered(1)
    annotated_models = QueryShape(
        lambda pk: Pair.objects.filter(pk=pk).annotate(people=Count("leader"))
    )
    with pytest.raises(ValueError):
        annotated_models(1)
