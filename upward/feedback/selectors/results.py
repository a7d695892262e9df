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
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import translation

from upward.feedback.disclosure import (
    HIDDEN_QUESTION,
    SUPPRESSED_MESSAGE,
    Attrs,
    CellKey,
    cell_key,
    cohort_value,
    question_cells_by_count,
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


def _attrs(cohort: dt.date | None, role: str) -> Attrs:
    """A response's attribute values, in the order of `disclosure.DIMENSIONS`."""
    return (cohort_value(cohort), role or None)


def _within(key: CellKey, attrs: Attrs) -> bool:
    return all(want is None or want == have for want, have in zip(key, attrs, strict=True))


_CHOICE_OR_TEXT = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TEXT)


def survey_results(
    *, survey: Survey, cohort_month: dt.date | None = None, role: str = ""
) -> SurveyResults:
    """Results for one survey, for one cell: all responses, or one start-month cohort and/or one
    role. Four queries whatever the number of responses; scale answers are counted in the
    database, grouped by question, cohort, role and value."""
    program: Program = survey.program
    k = threshold(program)
    key = cell_key(cohort=cohort_month, role=role)
    responses = sum(
        row["n"]
        for row in Response.objects.filter(survey=survey)
        .values("cohort_month", "respondent_role")
        .annotate(n=Count("pk"))
        .order_by()
        if _within(key, _attrs(row["cohort_month"], row["respondent_role"]))
    )
    result = SurveyResults(
        survey_id=survey.pk,
        title=survey.shown_title,
        responses=responses,
        threshold=k,
        suppressed=responses < k,
    )
    if result.suppressed:
        result.message = str(SUPPRESSED_MESSAGE)
        return result
    questions = {q.pk: q for q in survey.questions.all()}
    answered: dict[int, Counter[Attrs]] = defaultdict(Counter)
    values: dict[int, Counter[int]] = defaultdict(Counter)
    for row in (
        Answer.objects.filter(response__survey=survey, value__isnull=False)
        .values("question_id", "response__cohort_month", "response__respondent_role", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        q = questions.get(row["question_id"])
        if q is None or not q.is_scale:
            continue
        attrs = _attrs(row["response__cohort_month"], row["response__respondent_role"])
        answered[q.pk][attrs] += row["n"]
        if _within(key, attrs):
            values[q.pk][int(row["value"])] += row["n"]
    rows: dict[int, list[tuple[list[str], str, bool]]] = defaultdict(list)
    for qid, cohort, who, choices, text, may_quote in Answer.objects.filter(
        response__survey=survey, question__kind__in=_CHOICE_OR_TEXT
    ).values_list(
        "question_id",
        "response__cohort_month",
        "response__respondent_role",
        "choices",
        "text",
        "may_quote",
    ):
        q = questions.get(qid)
        if q is None or not (choices if q.kind != Question.Kind.TEXT else text):
            continue
        attrs = _attrs(cohort, who)
        answered[qid][attrs] += 1
        if _within(key, attrs):
            rows[qid].append((list(choices or []), text, may_quote))
    decided = question_cells_by_count(answered, k)
    built_in = not survey.is_custom
    for q in questions.values():
        qr = QuestionResult(
            id=q.pk,
            text=q.shown_text if built_in else q.text,
            kind=q.kind,
            construct=q.construct,
            construct_label=q.get_construct_display() if q.construct else "",
        )
        result.questions.append(qr)
        if q.pk not in decided or key not in decided[q.pk][1]:
            qr.suppressed, qr.answered = True, None
            qr.message = HIDDEN_QUESTION % {"k": k}
            continue
        _fill(qr, q, values[q.pk], rows[q.pk])
    return result


def _fill(
    qr: QuestionResult, q: Question, counts: Counter[int], rows: list[tuple[list[str], str, bool]]
) -> None:
    """The figures of one shown cell of one question, from its answers there."""
    if q.is_scale:
        qr.answered = sum(counts.values())
        qr.distribution = [(str(v), counts.get(v, 0)) for v in q.scale]
        qr.mean = round(sum(v * n for v, n in counts.items()) / qr.answered, 2)
        if q.kind == Question.Kind.NPS:
            promoters = sum(n for v, n in counts.items() if v >= 9)
            detractors = sum(n for v, n in counts.items() if v <= 6)
            qr.nps = round(100 * (promoters - detractors) / qr.answered)
        return
    qr.answered = len(rows)
    if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        chosen = Counter(c for choices, _, _ in rows for c in choices)
        qr.distribution = [(q.choice_label(c), chosen.get(c, 0)) for c in q.choices]
    else:
        # Sorted, so the order says nothing about who wrote what or when.
        given = sorted((text, may_quote) for _, text, may_quote in rows)
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


def _english(label: object) -> str:
    with translation.override("en"):
        return str(label)


TREND_KINDS = (Survey.Kind.CHECKIN_3, Survey.Kind.CHECKIN_6)


def construct_trends(
    *, program: Program, cohort_month: dt.date | None = None
) -> list[ConstructTrend]:
    """Mean agreement (1-5) per role and construct at 3 vs 6 months; three queries in all, each
    grouped in the database (a few hundred rows whatever the number of answers).

    A construct's mean in a cell adds up only the questions the disclosure module shows in that
    cell, so it is a function of figures already shown and cannot reveal a hidden answer.
    """
    k = threshold(program)
    key = cell_key(cohort=cohort_month)

    group_sizes: Counter[tuple[str, str]] = Counter()
    for row in (
        Response.objects.filter(survey__program=program, survey__kind__in=TREND_KINDS)
        .values("cohort_month", "respondent_role", "survey__kind", "survey__audience")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if _within(key, _attrs(row["cohort_month"], row["respondent_role"])):
            group_sizes[(row["survey__kind"], row["survey__audience"])] += row["n"]
    likert = {
        pk: (kind, audience, construct)
        for pk, kind, audience, construct in Question.objects.filter(
            survey__program=program, survey__kind__in=TREND_KINDS, kind=Question.Kind.LIKERT
        )
        .exclude(construct="")
        .values_list("pk", "survey__kind", "survey__audience", "construct")
    }
    counts: dict[int, Counter[Attrs]] = defaultdict(Counter)
    totals: dict[int, Counter[Attrs]] = defaultdict(Counter)
    for row in (
        Answer.objects.filter(question_id__in=list(likert), value__isnull=False)
        .values("question_id", "response__cohort_month", "response__respondent_role")
        .annotate(n=Count("pk"), total=Sum("value"))
        .order_by()
    ):
        attrs = (
            cohort_value(row["response__cohort_month"]),
            row["response__respondent_role"] or None,
        )
        counts[row["question_id"]][attrs] += row["n"]
        totals[row["question_id"]][attrs] += row["total"] or 0
    decided = question_cells_by_count(counts, k)
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for q, (_, shown) in decided.items():
        if key not in shown:
            continue
        acc = sums[likert[q]]
        for group, n in counts[q].items():
            if _within(key, group):
                acc[0] += totals[q][group]
                acc[1] += n
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
                    # English, like the figures' keys: the metrics are cached for every reader
                    # and the API; pages show `Construct(construct).label` in their language.
                    label=_english(construct.label),
                    checkin_3=round(m3, 2) if m3 is not None and n3 >= k else None,
                    n_3=n3,
                    checkin_6=round(m6, 2) if m6 is not None and n6 >= k else None,
                    n_6=n6,
                    suppressed_3=m3 is None or n3 < k,
                    suppressed_6=m6 is None or n6 < k,
                )
            )
    return trends
