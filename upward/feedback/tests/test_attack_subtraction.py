"""Attacks on figures: a coordinator or sponsor works out a hidden group by subtraction.

Issue 11 ("By subtraction", "Per question"): the cohort filter showed all cohorts together and
each apart, so when one cohort was suppressed the total minus the visible cohorts gave the hidden
people's answers; and an optional question answered by one person was shown.

The attacker here sees every figure of every filter combination (pages and API give the same
numbers) and may add and subtract them at will. Every figure is a sum over people, so a group's
figures can be recovered exactly when its indicator vector (1 for its people, 0 for others) is a
linear combination of the shown cells' indicator vectors. The tests check that with a rank test.
Responses are written directly, in any shape (small cohorts included), so the figures layer is
tested on its own, whatever the storage layer would have coarsened.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import client_for
from upward.feedback.disclosure import (
    CellKey,
    cell_members,
    cohort_value,
    question_cells_by_count,
    visible_cells,
)
from upward.feedback.models import Answer, Question, Response, Survey
from upward.feedback.selectors.results import survey_results
from upward.feedback.tests.factories import make_program
from upward.programs.models import Program

COHORTS = ["2026-01", "2026-02", "2026-03", "2026-04"]
ROLES = ["leader", "mentor"]


def _in_span(shown: list[set[Hashable]], target: set[Hashable], people: list[Hashable]) -> bool:
    """Whether `target`'s indicator vector is a linear combination of the shown cells'."""
    if not shown:
        return False
    index = {p: i for i, p in enumerate(people)}

    def vector(group: Iterable[Hashable]) -> np.ndarray:
        v = np.zeros(len(people))
        for p in group:
            v[index[p]] = 1.0
        return v

    matrix = np.array([vector(c) for c in shown])
    with_target = np.vstack([matrix, vector(target)])
    return bool(np.linalg.matrix_rank(with_target) == np.linalg.matrix_rank(matrix))


def assert_nothing_small_recoverable(
    members: Mapping[CellKey, set[Hashable]], shown: set[CellKey], k: int
) -> int:
    """No cell of fewer than k people, no single person and no pair of them is recoverable from
    the shown cells; returns how many hidden cells were checked."""
    people = sorted({p for group in members.values() for p in group}, key=str)
    visible = [members[c] for c in shown]
    for c in shown:
        assert len(members[c]) >= k, f"primary: {c} shown with {len(members[c])} people"
    checked = 0
    for c, group in members.items():
        if c not in shown and 0 < len(group) < k:
            checked += 1
            assert not _in_span(visible, group, people), f"{c} ({len(group)}) recoverable"
    for p in people:
        assert not _in_span(visible, {p}, people), f"person {p} recoverable"
    if k > 2:
        for a, b in itertools.combinations(people[:12], 2):
            assert not _in_span(visible, {a, b}, people), f"pair {a}, {b} recoverable"
    return checked


# --- the rule itself, on generated people ----------------------------------------------------

person_attrs = st.tuples(
    st.one_of(st.none(), st.sampled_from(COHORTS)), st.one_of(st.none(), st.sampled_from(ROLES))
)


@settings(max_examples=300, deadline=None)
@given(attrs=st.lists(person_attrs, min_size=0, max_size=40), k=st.integers(5, 7))
def test_no_hidden_cell_is_recoverable_by_subtraction(attrs: list[Any], k: int) -> None:
    people = {i: a for i, a in enumerate(attrs)}
    members = cell_members(people)
    shown = visible_cells(members, k)
    assert_nothing_small_recoverable(members, shown, k)


@settings(max_examples=200, deadline=None)
@given(attrs=st.lists(person_attrs, min_size=0, max_size=40), k=st.integers(5, 7))
def test_deciding_on_counted_groups_is_deciding_on_people(attrs: list[Any], k: int) -> None:
    """The pages decide from GROUP BY counts; the decision must be the one made person by
    person (people with the same values are in the same cells)."""
    people = {i: a for i, a in enumerate(attrs)}
    by_people = visible_cells(cell_members(people), k)
    counts = Counter(attrs)
    (_, by_counts) = question_cells_by_count({"q": counts}, k).get("q", ({}, set()))
    assert by_counts == by_people


def test_the_issues_example_hides_the_smallest_complementary_cohort() -> None:
    """Cohorts of 9, 6 and 2: the 2 are hidden, and so is the 6 (the smallest complement), so
    'all minus the visible cohorts' gives 8 people, not 2."""
    sizes = {"2026-01": 9, "2026-02": 6, "2026-03": 2}
    people = {f"{c}-{i}": (c, "leader") for c, n in sizes.items() for i in range(n)}
    members = cell_members(people)
    shown = visible_cells(members, 5)
    assert ("2026-03", None) not in shown
    assert ("2026-02", None) not in shown
    assert ("2026-01", None) in shown and (None, None) in shown
    assert_nothing_small_recoverable(members, shown, 5)


# --- the same attack against stored responses, through the results the pages and API show ----


def _survey(program: Program) -> Survey:
    survey = Survey.objects.create(
        program=program, kind="custom", audience="all", title=f"Pulse {uuid.uuid4().hex[:6]}"
    )
    Question.objects.create(survey=survey, order=1, text="Useful?", kind="likert", construct="")
    Question.objects.create(survey=survey, order=2, text="Optional", kind="likert", required=False)
    return survey


answer_rows = st.lists(
    st.tuples(
        st.sampled_from(COHORTS[:3]),
        st.sampled_from(ROLES),
        st.integers(1, 5),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    min_size=0,
    max_size=30,
)


def _filters(survey: Survey) -> list[tuple[dt.date | None, str]]:
    months = [dt.date.fromisoformat(f"{c}-01") for c in COHORTS[:3]]
    return [(m, r) for m in [None, *months] for r in ["", *ROLES]]


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=answer_rows)
def test_every_filter_combination_of_the_results_resists_subtraction(rows: list[Any]) -> None:
    program = Program.objects.first() or make_program()
    k = 5
    survey = _survey(program)
    useful, optional = list(survey.questions.all())
    truth: dict[Hashable, tuple[str, str]] = {}
    for cohort, role, value, extra in rows:
        response = Response.objects.create(
            survey=survey,
            respondent_role=role,
            cohort_month=dt.date.fromisoformat(f"{cohort}-01"),
        )
        truth[response.pk] = (cohort, role)
        Answer.objects.create(response=response, question=useful, value=value)
        if extra is not None:
            Answer.objects.create(response=response, question=optional, value=extra)
    answered_optional = {
        r for r in Answer.objects.filter(question=optional).values_list("response_id", flat=True)
    }
    for question, who in ((useful, set(truth)), (optional, answered_optional)):
        members = cell_members({p: truth[p] for p in who})
        # What the attacker sees: every filter combination, through the results selector.
        shown: set[CellKey] = set()
        for cohort, role in _filters(survey):
            result = survey_results(survey=survey, cohort_month=cohort, role=role)
            key: CellKey = (cohort_value(cohort), role or None)
            figures = [q for q in result.questions if q.id == question.pk]
            if result.suppressed or not figures or figures[0].suppressed:
                continue
            q = figures[0]
            # Per question: never a figure from fewer than k answers.
            assert q.answered is not None and q.answered >= k
            assert q.answered == len(members[key])
            shown.add(key)
        assert_nothing_small_recoverable(members, shown, k)


# --- per question, on the page and in the API ------------------------------------------------


def test_an_optional_question_answered_by_one_person_is_not_shown(
    db: None, coordinator_user
) -> None:
    program = make_program(coordinator=coordinator_user)
    survey = _survey(program)
    useful, optional = list(survey.questions.all())
    for i in range(6):
        response = Response.objects.create(survey=survey, respondent_role="leader")
        Answer.objects.create(response=response, question=useful, value=4)
        if i == 0:
            Answer.objects.create(response=response, question=optional, value=1)
    result = survey_results(survey=survey)
    assert not result.suppressed
    shown = {q.id: q for q in result.questions}
    assert shown[useful.pk].mean == 4.0
    hidden = shown[optional.pk]
    assert hidden.suppressed and hidden.mean is None and hidden.answered is None
    assert hidden.distribution == []
    client = client_for(coordinator_user)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "from 1 answers" not in page and "Average <strong>1.0" not in page
    assert "Hidden: fewer than 5 people answered this" in page
    api = client.get(f"/api/v1/programs/{program.pk}/surveys/{survey.pk}").json()
    optional_out = next(q for q in api["results"]["questions"] if q["id"] == optional.pk)
    assert optional_out["suppressed"] is True
    assert optional_out["mean"] is None and optional_out["distribution"] == []
