"""Aggregated survey results: every figure goes through `upward.feedback.disclosure`.

Every function here answers with counts, means and themes; never with a single response. A cell
(the page's filters) with fewer than k responses yields `suppressed=True` and no figures at all;
within a shown cell, each question is shown only if the disclosure module lets that question's
cell through (enough people answered it, and it cannot be worked out by subtraction), so an
optional question answered by one person is never shown. Free text appears only as themes
(phrases used by at least two respondents of a shown cell) or as quotes the respondent allowed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from upward.feedback.disclosure import (
    HIDDEN_QUESTION,
    SUPPRESSED_MESSAGE,
    cell_key,
    cell_members,
    cohort_value,
    question_cells,
    threshold,
)
from upward.feedback.models import Answer, Construct, Question, Response, Survey
from upward.programs.models import Program
from upward.themes import text_themes

__all__ = [
    "SUPPRESSED_MESSAGE",
    "ConstructTrend",
    "SurveyResults",
    "construct_trends",
    "text_themes",
]

MAX_QUOTES = 6


@dataclass
class QuestionResult:
    id: int
    text: str
    kind: str
    construct: str
    construct_label: str = ""
    # Hidden by the disclosure module: no figure at all below, not even how many answered.
    suppressed: bool = False
    message: str = ""
    answered: int | None = 0
    mean: float | None = None
    # (label, count) in the order the scale or the options are listed.
    distribution: list[tuple[str, int]] = field(default_factory=list)
    nps: int | None = None
    themes: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey_id: int
    title: str
    responses: int
    threshold: int
    suppressed: bool
    message: str = ""
    questions: list[QuestionResult] = field(default_factory=list)


People = dict[Hashable, tuple[str | None, ...]]


def _people(responses: Any) -> People:
    """Each response's attribute values, in the order of `disclosure.DIMENSIONS`."""
    return {pk: (cohort_value(cohort), role or None) for pk, cohort, role in responses}


def _answered(q: Question, value: int | None, choices: list[str], text: str) -> bool:
    if q.is_scale:
        return value is not None
    if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return bool(choices)
    return bool(text)


def survey_results(
    *, survey: Survey, cohort_month: dt.date | None = None, role: str = ""
) -> SurveyResults:
    """Results for one survey, for one cell: all responses, or one start-month cohort and/or one
    role. Four queries whatever the number of responses."""
    program: Program = survey.program
    k = threshold(program)
    people = _people(
        Response.objects.filter(survey=survey).values_list("pk", "cohort_month", "respondent_role")
    )
    key = cell_key(cohort=cohort_month, role=role)
    in_cell = cell_members(people).get(key, set())
    result = SurveyResults(
        survey_id=survey.pk,
        title=survey.title,
        responses=len(in_cell),
        threshold=k,
        suppressed=len(in_cell) < k,
    )
    if result.suppressed:
        result.message = SUPPRESSED_MESSAGE
        return result
    questions = {q.pk: q for q in survey.questions.all()}
    rows = [
        row
        for row in Answer.objects.filter(response__survey=survey).values_list(
            "question_id", "response_id", "value", "choices", "text", "may_quote"
        )
        if row[0] in questions and _answered(questions[row[0]], row[2], row[3] or [], row[4])
    ]
    decided = question_cells(((q, person) for q, person, *_ in rows), people, k)
    shown = {q: cells for q, (_, cells) in decided.items()}
    by_question: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        if row[1] in in_cell:
            by_question[row[0]].append(row)
    for q in questions.values():
        qr = QuestionResult(
            id=q.pk,
            text=q.text,
            kind=q.kind,
            construct=q.construct,
            construct_label=q.get_construct_display() if q.construct else "",
        )
        result.questions.append(qr)
        if key not in shown.get(q.pk, set()):
            qr.suppressed, qr.answered = True, None
            qr.message = HIDDEN_QUESTION.format(k=k)
            continue
        _fill(qr, q, by_question[q.pk])
    return result


def _fill(qr: QuestionResult, q: Question, rows: list[tuple[Any, ...]]) -> None:
    """The figures of one shown cell of one question, from its answers there."""
    qr.answered = len(rows)
    if q.is_scale:
        counts = Counter(int(value) for _, _, value, *_ in rows)
        qr.distribution = [(str(v), counts.get(v, 0)) for v in q.scale]
        qr.mean = round(sum(v * n for v, n in counts.items()) / qr.answered, 2)
        if q.kind == Question.Kind.NPS:
            promoters = sum(n for v, n in counts.items() if v >= 9)
            detractors = sum(n for v, n in counts.items() if v <= 6)
            qr.nps = round(100 * (promoters - detractors) / qr.answered)
    elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        chosen = Counter(c for row in rows for c in row[3] or [])
        qr.distribution = [(c, chosen.get(c, 0)) for c in q.choices]
    else:
        # Sorted, so the order says nothing about who wrote what or when.
        given = sorted((text, may_quote) for _, _, _, _, text, may_quote in rows)
        qr.themes = text_themes([t for t, _ in given])
        qr.quotes = [t for t, ok in given if ok][:MAX_QUOTES]


@dataclass
class ConstructTrend:
    role: str
    construct: str
    label: str
    checkin_3: float | None
    n_3: int
    checkin_6: float | None
    n_6: int
    suppressed_3: bool
    suppressed_6: bool


TREND_KINDS = (Survey.Kind.CHECKIN_3, Survey.Kind.CHECKIN_6)


def construct_trends(
    *, program: Program, cohort_month: dt.date | None = None
) -> list[ConstructTrend]:
    """Mean agreement (1-5) per role and construct at 3 vs 6 months; three queries in all.

    A construct's mean in a cell adds up only the questions the disclosure module shows in that
    cell, so it is a function of figures already shown and cannot reveal a hidden answer.
    """
    k = threshold(program)
    key = cell_key(cohort=cohort_month)
    responses = Response.objects.filter(survey__program=program, survey__kind__in=TREND_KINDS)
    people: People = {}
    survey_of: dict[Hashable, tuple[str, str]] = {}
    for pk, cohort, role, kind, audience in responses.values_list(
        "pk", "cohort_month", "respondent_role", "survey__kind", "survey__audience"
    ):
        people[pk] = (cohort_value(cohort), role or None)
        survey_of[pk] = (kind, audience)
    group_sizes: Counter[tuple[str, str]] = Counter()
    for person, attrs in people.items():
        if all(want is None or want == have for want, have in zip(key, attrs, strict=True)):
            group_sizes[survey_of[person]] += 1
    likert = {
        pk: (kind, audience, construct)
        for pk, kind, audience, construct in Question.objects.filter(
            survey__program=program, survey__kind__in=TREND_KINDS, kind=Question.Kind.LIKERT
        )
        .exclude(construct="")
        .values_list("pk", "survey__kind", "survey__audience", "construct")
    }
    rows = list(
        Answer.objects.filter(question_id__in=list(likert), value__isnull=False).values_list(
            "question_id", "response_id", "value"
        )
    )
    decided = question_cells(((q, person) for q, person, _ in rows), people, k)
    shown_here = {q for q, (_, cells) in decided.items() if key in cells}
    in_cell = cell_members(people).get(key, set())
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for q, person, value in rows:
        if q in shown_here and person in in_cell:
            acc = sums[likert[q]]
            acc[0] += value or 0  # never None: the query excludes unanswered values
            acc[1] += 1
    means = {group: total / n for group, (total, n) in sums.items() if n}
    trends: list[ConstructTrend] = []
    for role in ("leader", "mentor"):
        for construct in Construct:
            n3 = group_sizes.get((Survey.Kind.CHECKIN_3, role), 0)
            n6 = group_sizes.get((Survey.Kind.CHECKIN_6, role), 0)
            m3 = means.get((Survey.Kind.CHECKIN_3, role, construct.value))
            m6 = means.get((Survey.Kind.CHECKIN_6, role, construct.value))
            trends.append(
                ConstructTrend(
                    role=role,
                    construct=construct.value,
                    label=str(construct.label),
                    checkin_3=round(m3, 2) if m3 is not None and n3 >= k else None,
                    n_3=n3,
                    checkin_6=round(m6, 2) if m6 is not None and n6 >= k else None,
                    n_6=n6,
                    suppressed_3=m3 is None or n3 < k,
                    suppressed_6=m6 is None or n6 < k,
                )
            )
    return trends
