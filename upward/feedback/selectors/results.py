"""Aggregated survey results, shown only for groups at or above the anonymity threshold.

Every function here answers with counts, means and themes; never with a single response. A group
smaller than `program.anonymity_threshold` yields `suppressed=True` and no figures at all.
Free text appears only as themes (phrases used by at least two respondents) or as quotes the
respondent allowed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum

from upward.feedback.models import Answer, Construct, Question, Response, Survey
from upward.programs.models import Program

SUPPRESSED_MESSAGE = "Not enough responses to show without identifying people"
MAX_QUOTES = 6
MAX_THEMES = 8


@dataclass
class QuestionResult:
    id: int
    text: str
    kind: str
    construct: str
    construct_label: str = ""
    answered: int = 0
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


def _responses(survey: Survey, cohort_month: dt.date | None) -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey)
    if cohort_month is not None:
        qs = qs.filter(cohort_month=cohort_month)
    return qs


def survey_results(*, survey: Survey, cohort_month: dt.date | None = None) -> SurveyResults:
    """Results for one survey (its audience is one role), optionally one start-month cohort."""
    program: Program = survey.program
    responses = _responses(survey, cohort_month)
    count = responses.count()
    threshold = program.anonymity_threshold
    result = SurveyResults(
        survey_id=survey.pk,
        title=survey.title,
        responses=count,
        threshold=threshold,
        suppressed=count < threshold,
    )
    if result.suppressed:
        result.message = SUPPRESSED_MESSAGE
        return result
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    scale_counts: dict[int, Counter[int]] = defaultdict(Counter)
    for row in (
        answers.filter(value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scale_counts[row["question_id"]][row["value"]] = row["n"]
    choice_counts: dict[int, Counter[str]] = defaultdict(Counter)
    texts: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for question_id, choices, text, may_quote in answers.filter(
        question__kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TEXT]
    ).values_list("question_id", "choices", "text", "may_quote"):
        for choice in choices or []:
            choice_counts[question_id][choice] += 1
        if text:
            texts[question_id].append((text, may_quote))
    for q in questions:
        qr = QuestionResult(
            id=q.pk,
            text=q.text,
            kind=q.kind,
            construct=q.construct,
            construct_label=q.get_construct_display() if q.construct else "",
        )
        if q.is_scale:
            counts = scale_counts[q.pk]
            qr.answered = sum(counts.values())
            qr.distribution = [(str(v), counts.get(v, 0)) for v in q.scale]
            if qr.answered:
                qr.mean = round(sum(v * n for v, n in counts.items()) / qr.answered, 2)
            if q.kind == Question.Kind.NPS and qr.answered:
                promoters = sum(n for v, n in counts.items() if v >= 9)
                detractors = sum(n for v, n in counts.items() if v <= 6)
                qr.nps = round(100 * (promoters - detractors) / qr.answered)
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            counts_c = choice_counts[q.pk]
            qr.distribution = [(c, counts_c.get(c, 0)) for c in q.choices]
            qr.answered = sum(counts_c.values()) if q.kind == Question.Kind.SINGLE else 0
        else:
            given = texts[q.pk]
            qr.answered = len(given)
            qr.themes = text_themes([t for t, _ in given])
            qr.quotes = [t for t, ok in given if ok][:MAX_QUOTES]
        result.questions.append(qr)
    return result


# Words of two letters or more, no digits (ages, dates and figures could identify someone).
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"


def text_themes(
    texts: list[str], *, min_respondents: int = 2, limit: int = MAX_THEMES
) -> list[tuple[str, int]]:
    """Words and two-word phrases used by at least `min_respondents` people, most common first.

    A phrase only one person used could identify them, so it is never shown.
    """
    if len(texts) < min_respondents:
        return []
    # Imported here: scikit-learn is slow to import and only this page needs it.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = set(ENGLISH_STOP_WORDS) | {"really", "lot", "bit", "just", "think", "like", "ve", "don"}
    vectorizer = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=list(stop),
        binary=True,
        min_df=min_respondents,
        token_pattern=WORD_PATTERN,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every word was a stop word or used by one person only
        return []
    totals = matrix.sum(axis=0).A1
    terms = vectorizer.get_feature_names_out()
    ranked = sorted(zip(terms, totals, strict=True), key=lambda t: (-t[1], -len(t[0]), t[0]))
    themes: list[tuple[str, int]] = []
    for term, n in ranked:
        # Prefer a phrase over the single words it contains when both are equally common.
        if any(term in chosen and n == c for chosen, c in themes):
            continue
        themes.append((str(term), int(n)))
        if len(themes) >= limit:
            break
    return themes


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
    """Mean agreement (1–5) per role and construct at 3 vs 6 months; two queries in all."""
    responses = Response.objects.filter(survey__program=program, survey__kind__in=TREND_KINDS)
    if cohort_month is not None:
        responses = responses.filter(cohort_month=cohort_month)
    group_sizes = {
        (row["survey__kind"], row["survey__audience"]): row["n"]
        for row in responses.values("survey__kind", "survey__audience")
        .annotate(n=Count("pk"))
        .order_by()
    }
    # Group by question id only (the question -> survey mapping is a handful of rows), so the
    # database scans the answers' (question, value) index without joining surveys.
    likert = {
        pk: (kind, audience, construct)
        for pk, kind, audience, construct in Question.objects.filter(
            survey__program=program, survey__kind__in=TREND_KINDS, kind=Question.Kind.LIKERT
        )
        .exclude(construct="")
        .values_list("pk", "survey__kind", "survey__audience", "construct")
    }
    answers = Answer.objects.filter(question_id__in=list(likert))
    if cohort_month is not None:
        answers = answers.filter(response__cohort_month=cohort_month)
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in answers.values("question_id").annotate(total=Sum("value"), n=Count("pk")).order_by():
        acc = sums[likert[row["question_id"]]]
        acc[0] += row["total"] or 0
        acc[1] += row["n"]
    means = {key: total / n for key, (total, n) in sums.items() if n}
    threshold = program.anonymity_threshold
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
                    checkin_3=round(m3, 2) if m3 is not None and n3 >= threshold else None,
                    n_3=n3,
                    checkin_6=round(m6, 2) if m6 is not None and n6 >= threshold else None,
                    n_6=n6,
                    suppressed_3=n3 < threshold,
                    suppressed_6=n6 < threshold,
                )
            )
    return trends
