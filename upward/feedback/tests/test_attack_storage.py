"""Attacks on storage: a reader with full database access tries to tie answers to people.

Issue 11 ("From the database alone"): before, joining a response's survey, role, cohort month and
week to the assignment's role, pair start month and completed week narrowed 7 of the demo's 31
anonymous responses to one person; responses were stored in the order people answered, and
interest receipts and answers were numbered in the same order.

These tests play that reader. They run on SQLite and PostgreSQL (`DATABASE_URL`); on PostgreSQL
they also use the system columns a reader can select (`xmin`: the transaction that wrote a row).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db import connection, models
from hypothesis import given, settings
from hypothesis import strategies as st

from upward.demo.seed import seed_demo
from upward.feedback.disclosure import coarsen, threshold
from upward.feedback.models import Answer, HeldResponse, Response, Survey, SurveyAssignment
from upward.feedback.services.answers import survey_answer
from upward.feedback.services.release import release_when_program_closes
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_program
from upward.feedback.tests.test_surveys import full_answers
from upward.people.tests.factories import UserFactory
from upward.programs.models import HeldInterest, InterestReceipt, InterestResponse, Program
from upward.programs.selectors import interest_summary
from upward.programs.services.interest import interest_answer
from upward.programs.services.programs import program_update

K = 5


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _neighbourhood(obj: models.Model, depth: int = 2) -> dict[str, set[Any]]:
    """Every value a reader can reach from a row by following its foreign keys, by kind:
    ("fk", model label, id), strings, and dates with their month and week (a reader would
    truncate them to match a coarsened column)."""
    found: dict[str, set[Any]] = defaultdict(set)
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value is None:
            continue
        if f.is_relation:
            found["fk"].add((f.related_model._meta.label, value))
            target = getattr(obj, f.name, None)
            if depth and target is not None:
                for kind, values in _neighbourhood(target, depth - 1).items():
                    found[kind] |= values
        elif isinstance(value, dt.datetime):
            day = value.date()
            found["date"] |= {day, day.replace(day=1), _week(day)}
        elif isinstance(value, dt.date):
            found["date"] |= {value, value.replace(day=1), _week(value)}
        elif isinstance(value, str) and value:
            found["str"].add(value)
    return found


def _response_columns() -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every column of the response table as stored, whatever columns it has today."""
    table = Response._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table name
        columns = [c[0] for c in cursor.description]
        return columns, list(cursor.fetchall())


def _joins(column: str, value: Any, near: dict[str, set[Any]]) -> bool:
    """Whether a response column's value is consistent with an assignment's neighbourhood."""
    field = Response._meta.get_field(column.removesuffix("_id"))
    if value is None or value == "":
        return True  # a value not kept narrows nothing
    if field.is_relation:
        return (field.related_model._meta.label, value) in near["fk"]
    if isinstance(field, models.DateField):
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return day in near["date"]
    return str(value) in near["str"]


def candidates_per_response() -> list[int]:
    """For each anonymous response, how many people who answered it survive a join on every
    non-key column of the response table against everything reachable from their assignment."""
    columns, rows = _response_columns()
    completed = list(
        SurveyAssignment.objects.filter(status=SurveyAssignment.Status.COMPLETED).select_related(
            "survey", "participant__person", "participant__user", "pair"
        )
    )
    near = [(a, _neighbourhood(a)) for a in completed]
    sizes = []
    for row in rows:
        stored = dict(zip(columns, row, strict=True))
        survey = Survey.objects.get(pk=stored["survey_id"])
        if not survey.anonymous:
            continue
        keys = [c for c in columns if c != "id"]
        sizes.append(sum(1 for _, n in near if all(_joins(c, stored[c], n) for c in keys)))
    return sizes


def _answer_everyone(program: Program, cohorts: dict[dt.date, int], seed: int) -> list[Any]:
    """Pairs started in each month (how many), both roles answering the 3-month check-in in a
    random order; returns the assignments in the order they were answered."""
    for start, n in cohorts.items():
        for _ in range(n):
            make_pair(program, started_on=start)
    survey_assignments_sync(program=program)
    rows = list(
        SurveyAssignment.objects.filter(
            survey__program=program, survey__kind="checkin_3"
        ).select_related("survey__program", "participant__user", "pair")
    )
    random.Random(seed).shuffle(rows)
    for a in rows:
        survey_answer(
            assignment=a,
            actor=a.participant.user,
            answers=full_answers(a.survey, value=random.Random(a.pk).randint(1, 5)),
            today=max(a.due_on, dt.date(2026, 12, 1)),
        )
    return rows


@pytest.fixture
def program(db: None) -> Program:
    return make_program(threshold=K)


MIXED_COHORTS = {
    dt.date(2026, 1, 5): 7,
    dt.date(2026, 2, 2): 3,
    dt.date(2026, 3, 2): 1,
    dt.date(2026, 4, 6): 6,
    dt.date(2026, 5, 4): 2,
    dt.date(2026, 6, 1): 5,
}


def test_join_on_every_column_never_narrows_below_k(program) -> None:
    _answer_everyone(program, MIXED_COHORTS, seed=11)
    sizes = candidates_per_response()
    assert sizes, "some responses were released"
    assert min(sizes) >= K, sorted(sizes)[:5]


def test_join_attack_on_the_demo_data(transactional_db: None) -> None:
    seed_demo(log=lambda _: None)
    sizes = candidates_per_response()
    assert len(sizes) >= 20  # the demo's released anonymous responses
    k = min(threshold(p) for p in Program.objects.filter(surveys__responses__isnull=False))
    assert min(sizes) >= k, sorted(sizes)[:5]


def test_every_stored_group_is_shared_by_at_least_k_responses(program) -> None:
    _answer_everyone(program, MIXED_COHORTS, seed=12)
    groups = defaultdict(int)
    for survey, role, cohort in Response.objects.values_list(
        "survey_id", "respondent_role", "cohort_month"
    ):
        groups[(survey, role, cohort)] += 1
    assert min(groups.values()) >= K, groups
    # The big cohorts kept their month; the small ones were coarsened, not dropped.
    assert any(cohort is not None for _, _, cohort in groups)


def test_a_reader_watching_after_every_answer_never_sees_fewer_than_k_new_rows(program) -> None:
    for start, n in MIXED_COHORTS.items():
        for _ in range(n):
            make_pair(program, started_on=start)
    survey_assignments_sync(program=program)
    rows = list(
        SurveyAssignment.objects.filter(
            survey__program=program, survey__kind="checkin_3", survey__audience="leader"
        ).select_related("survey__program", "participant__user", "pair")
    )
    seen: set[Any] = set()
    growth = []
    for a in rows:
        survey_answer(
            assignment=a, actor=a.participant.user, answers=full_answers(a.survey), today=a.due_on
        )
        now = set(Response.objects.values_list("pk", flat=True))
        if now != seen:
            growth.append(len(now - seen))
            assert seen <= now
            seen = now
    assert growth and min(growth) >= K, growth


def test_row_order_and_keys_do_not_follow_the_order_of_answering(program) -> None:
    """Each person writes a unique marker; compare the order they answered with the physical
    order of rows (SQLite rowid, PostgreSQL ctid) and with key order."""
    cohorts = {dt.date(2026, 1, 5): 20}
    for start, n in cohorts.items():
        for _ in range(n):
            make_pair(program, started_on=start)
    survey_assignments_sync(program=program)
    rows = list(
        SurveyAssignment.objects.filter(
            survey__program=program, survey__kind="checkin_3", survey__audience="leader"
        ).select_related("survey__program", "participant__user", "pair")
    )
    submitted = []
    for i, a in enumerate(rows):
        marker = f"marker{chr(97 + i)}x"
        answers = full_answers(a.survey, text=f"{marker} shared boards", quote=True)
        survey_answer(assignment=a, actor=a.participant.user, answers=answers, today=a.due_on)
        submitted.append(marker)
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.id FROM {Response._meta.db_table} r ORDER BY r.{position}"  # noqa: S608
        )
        physical = [uuid.UUID(str(row[0])) for row in cursor.fetchall()]
    marker_of = {
        response_id: text.split()[0]
        for response_id, text in Answer.objects.exclude(text="").values_list("response_id", "text")
    }
    by_position = [marker_of[pk] for pk in physical]
    by_key = [marker_of[pk] for pk in sorted(physical, key=str)]
    assert sorted(by_position) == sorted(submitted)
    # 20 answers, four shuffled batches of five: the chance either order matches is 1 in 120^4.
    assert by_position != submitted
    assert by_key != submitted
    # Position tells a reader at most the batch: every run of K rows holds K different people
    # of one batch, and no batch is smaller than K.
    batches = [set(submitted[i : i + K]) for i in range(0, len(submitted), K)]
    for i in range(0, len(by_position), K):
        assert set(by_position[i : i + K]) in batches


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is a PostgreSQL column")
def test_postgresql_transaction_ids_narrow_only_to_a_batch_of_k(program) -> None:
    _answer_everyone(program, MIXED_COHORTS, seed=13)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, survey_id, respondent_role, cohort_month "  # noqa: S608
            f"FROM {Response._meta.db_table}"
        )
        rows = cursor.fetchall()
    by_batch = defaultdict(list)
    for xmin, survey, role, cohort in rows:
        by_batch[(xmin, survey)].append((role, cohort))
    for groups in by_batch.values():
        assert len(groups) >= K
        counts = defaultdict(int)
        for g in groups:
            counts[g] += 1
        assert min(counts.values()) >= K, counts


def test_held_answers_are_sealed(program) -> None:
    make_pair(program, started_on=dt.date(2026, 1, 5))
    survey_assignments_sync(program=program)
    a = SurveyAssignment.objects.filter(survey__program=program).select_related(
        "survey__program", "participant__user", "pair"
    )[0]
    answers = full_answers(a.survey, text="zebracrossing worries me", quote=True)
    survey_answer(assignment=a, actor=a.participant.user, answers=answers, today=a.due_on)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {HeldResponse._meta.db_table}")  # noqa: S608
        dump = repr(cursor.fetchall())
    assert "zebracrossing" not in dump
    assert a.participant.role not in dump
    assert not Response.objects.exists()


def test_interest_receipts_and_answers_cannot_be_lined_up(program) -> None:
    Program.objects.filter(pk=program.pk).update(interest_survey_open=True)
    program.refresh_from_db()
    people = [UserFactory() for _ in range(12)]
    growth = []
    for i, user in enumerate(people):
        before = InterestResponse.objects.count()
        interest_answer(
            actor=user, program=program, interest="mentor", hopes=f"hopeno{chr(97 + i)}x"
        )
        after = InterestResponse.objects.count()
        if after != before:
            growth.append(after - before)
    assert growth and min(growth) >= K
    assert {f.name for f in InterestResponse._meta.concrete_fields} == {
        "id",
        "program",
        "interest",
        "topics",
        "hopes",
        "worries",
    }
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT hopes FROM {InterestResponse._meta.db_table} ORDER BY {position}"  # noqa: S608
        )
        by_position = [r[0] for r in cursor.fetchall()]
    receipts = InterestReceipt.objects.filter(program=program).order_by("pk")
    assert [r.user_id for r in receipts] == [u.pk for u in people]  # receipts follow answering
    in_receipt_order = [f"hopeno{chr(97 + i)}x" for i in range(len(by_position))]
    # Ten released in two shuffled batches of five: both in receipt order is 1 chance in 120^2.
    assert by_position != in_receipt_order
    assert sorted(by_position) == sorted(in_receipt_order)


def test_interest_free_text_is_shown_as_themes_never_word_for_word(program) -> None:
    Program.objects.filter(pk=program.pk).update(interest_survey_open=True)
    program.refresh_from_db()
    hopes = ["Learn shared boards quickly", "Shared boards for my team", "My aunt Zelda says hi"]
    for i in range(6):
        interest_answer(actor=UserFactory(), program=program, interest="mentor", hopes=hopes[i % 3])
    summary = interest_summary(program=program)
    assert summary.shown
    themes = dict(summary.hopes)
    assert "shared boards" in themes
    assert all(isinstance(t, str) and t not in hopes for t in themes)


def test_closing_the_program_releases_what_waits_into_the_whole_survey(
    program, coordinator_user
) -> None:
    """Two cohorts: five leaders and three; the three wait until the program closes, then join
    the survey. Three cannot keep their month alone, nor hide among the five while those keep
    theirs, so all eight drop the month, and keep their role."""
    program.coordinators.add(coordinator_user)
    for start, n in {dt.date(2026, 1, 5): 5, dt.date(2026, 2, 2): 3}.items():
        for _ in range(n):
            make_pair(program, started_on=start)
    survey_assignments_sync(program=program)
    rows = SurveyAssignment.objects.filter(
        survey__program=program, survey__kind="checkin_3", survey__audience="leader"
    ).select_related("survey__program", "participant__user", "pair")
    for a in rows:
        survey_answer(
            assignment=a, actor=a.participant.user, answers=full_answers(a.survey), today=a.due_on
        )
    survey = rows[0].survey
    assert Response.objects.filter(survey=survey).count() == 5
    assert HeldResponse.objects.filter(survey=survey).count() == 3
    release_when_program_closes(program=program, from_phase="active", to_phase="closed")
    assert not HeldResponse.objects.filter(survey=survey).exists()
    stored = list(Response.objects.filter(survey=survey).values_list("cohort_month", flat=True))
    assert len(stored) == 8
    assert stored == [None] * 8
    assert set(
        Response.objects.filter(survey=survey).values_list("respondent_role", flat=True)
    ) == {"leader"}
    assert min(candidates_per_response()) >= K


@settings(max_examples=300, deadline=None)
@given(
    groups=st.lists(
        st.tuples(
            st.sampled_from(["leader", "mentor"]),
            st.one_of(st.none(), st.sampled_from([dt.date(2026, m, 1) for m in range(1, 5)])),
        ),
        min_size=K,
        max_size=40,
    ),
    k=st.integers(K, 7),
)
def test_any_batch_of_k_or_more_is_stored_in_groups_of_k_or_more(
    groups: list[tuple[str, dt.date | None]], k: int
) -> None:
    if len(groups) < k:
        return
    stored = coarsen(groups, k)
    counts = Counter(stored)
    assert min(counts.values()) >= k, counts
    # Whole groups are coarsened, never single rows, and only ever coarsened.
    for original, kept in zip(groups, stored, strict=True):
        assert kept in {original, (original[0], None), ("", None)}
    by_original = defaultdict(set)
    for original, kept in zip(groups, stored, strict=True):
        by_original[original].add(kept)
    assert all(len(v) == 1 for v in by_original.values())


def test_raising_the_threshold_applies_to_what_is_already_stored(program, coordinator_user) -> None:
    """Stored under k=5, a cohort of five keeps its month; raised to 6, the stored answers must
    not leave a group of five to join on: the survey is rewritten for k=6, or sealed again."""
    program.coordinators.add(coordinator_user)
    _answer_everyone(program, {dt.date(2026, 1, 5): 6, dt.date(2026, 2, 2): 5}, seed=21)
    groups = Counter(Response.objects.values_list("survey_id", "respondent_role", "cohort_month"))
    assert min(groups.values()) == 5  # the February leaders, and mentors, kept their month
    Program.objects.filter(pk=program.pk).update(interest_survey_open=True)
    program.refresh_from_db()
    for _ in range(5):
        interest_answer(actor=UserFactory(), program=program, interest="mentor")
    assert InterestResponse.objects.filter(program=program).count() == 5

    program_update(actor=coordinator_user, program=program, anonymity_threshold=6)

    groups = Counter(Response.objects.values_list("survey_id", "respondent_role", "cohort_month"))
    assert min(groups.values()) >= 6, groups
    assert min(candidates_per_response()) >= 6
    assert Response.objects.count() + HeldResponse.objects.count() == 22
    # Five interest answers are fewer than six: sealed again, nothing readable.
    assert not InterestResponse.objects.filter(program=program).exists()
    assert HeldInterest.objects.filter(program=program).count() == 5
