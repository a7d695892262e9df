from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.http import Http404

from upward.errors import ServiceError
from upward.feedback.models import (
    Answer,
    HeldResponse,
    Question,
    Response,
    Survey,
    SurveyAssignment,
)
from upward.feedback.questions import SCHEDULED_KINDS
from upward.feedback.selectors.assignments import survey_assignments_due, survey_assignments_overdue
from upward.feedback.selectors.results import SUPPRESSED_MESSAGE, survey_results, text_themes
from upward.feedback.services.answers import AnswerInput, survey_answer
from upward.feedback.services.schedule import survey_assignments_sync, survey_defaults_ensure
from upward.feedback.tests.factories import make_pair, make_program
from upward.mentoring.models import Pair
from upward.programs.models import Participant

START = dt.date(2026, 3, 2)


def full_answers(
    survey: Survey, *, value: int = 4, text: str = "", quote: bool = False
) -> dict[int, AnswerInput]:
    answers: dict[int, AnswerInput] = {}
    for q in survey.questions.all():
        if q.kind == Question.Kind.LIKERT:
            answers[q.pk] = AnswerInput(value=value)
        elif q.kind == Question.Kind.NPS:
            answers[q.pk] = AnswerInput(value=9)
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            answers[q.pk] = AnswerInput(choices=[q.choices[0]])
        elif text:
            answers[q.pk] = AnswerInput(text=text, may_quote=quote)
    return answers


def scheduled(program, kind: str = "checkin_3", role: str = "leader") -> list[SurveyAssignment]:
    return list(
        SurveyAssignment.objects.filter(
            survey__program=program, survey__kind=kind, survey__audience=role
        ).select_related("survey__program", "participant", "pair")
    )


def answer(a: SurveyAssignment, **kwargs: object) -> None:
    survey_answer(
        assignment=a,
        actor=a.participant.user,
        answers=full_answers(a.survey, **kwargs),  # type: ignore[arg-type]
        today=a.due_on,
    )


@pytest.fixture
def program(db: None, coordinator_user):
    return make_program(coordinator=coordinator_user)


def test_default_surveys_tag_every_agreement_question_with_a_construct(program) -> None:
    surveys = survey_defaults_ensure(program=program)
    assert len(surveys) == len(SCHEDULED_KINDS) * 2
    likert = Question.objects.filter(survey__program=program, kind=Question.Kind.LIKERT)
    assert likert.exists()
    assert not likert.filter(construct="").exists()
    kinds = set(Question.objects.filter(survey__program=program).values_list("kind", flat=True))
    assert kinds == {"likert", "nps", "single", "multiple", "text"}
    survey_defaults_ensure(program=program)
    assert Survey.objects.filter(program=program).count() == len(surveys)


def test_schedule_follows_each_pairs_start_and_is_idempotent(program) -> None:
    pair = make_pair(program, started_on=START)
    created = survey_assignments_sync(program=program)
    assert created == 6  # 3-month, 6-month and closing, for leader and mentor
    dues = {
        (a.survey.kind, a.participant.role): a.due_on
        for a in SurveyAssignment.objects.filter(pair=pair).select_related("survey", "participant")
    }
    assert dues[("checkin_3", "leader")] == START + dt.timedelta(days=90)
    assert dues[("checkin_6", "mentor")] == START + dt.timedelta(days=180)
    assert dues[("closing", "leader")] == dt.date(2026, 9, 2)  # six calendar months
    assert survey_assignments_sync(program=program) == 0


def test_schedule_skips_check_ins_after_the_end_and_withdrawn_people(db: None) -> None:
    program = make_program(slug="short", ends_on=START + dt.timedelta(days=120))
    pair = make_pair(program, started_on=START)
    Participant.objects.filter(pk=pair.mentor_id).update(status=Participant.Status.WITHDRAWN)
    survey_assignments_sync(program=program)
    kinds = sorted(
        SurveyAssignment.objects.filter(pair=pair).values_list("survey__kind", flat=True)
    )
    assert kinds == ["checkin_3", "closing"]  # leader only; no 6-month check-in after the end


def test_ended_pairs_keep_only_their_closing_survey(program) -> None:
    pair = make_pair(program, started_on=START, status=Pair.Status.ENDED)
    Pair.objects.filter(pk=pair.pk).update(ended_on=START + dt.timedelta(days=40))
    survey_assignments_sync(program=program)
    rows = SurveyAssignment.objects.filter(pair=pair)
    assert set(rows.values_list("survey__kind", flat=True)) == {"closing"}
    assert set(rows.values_list("due_on", flat=True)) == {START + dt.timedelta(days=40)}


def test_due_list_opens_a_week_before_and_overdue_list_after(program) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    due_day = START + dt.timedelta(days=90)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        assert not survey_assignments_due(on=due_day - dt.timedelta(days=8)).exists()
        week_before = survey_assignments_due(on=due_day - dt.timedelta(days=7))
        assert {a.survey.kind for a in week_before} == {"checkin_3"}
        assert week_before.count() == 2
        assert survey_assignments_due(on=due_day).count() == 2
        assert not survey_assignments_overdue(on=due_day).exists()
        late = survey_assignments_overdue(on=due_day + dt.timedelta(days=1))
        assert late.count() == 2
        answer(late[0])
        assert survey_assignments_overdue(on=due_day + dt.timedelta(days=1)).count() == 1


def test_due_list_ignores_programs_that_are_not_running(db: None) -> None:
    program = make_program(slug="done", phase="closed")
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assert not survey_assignments_overdue(on=START + dt.timedelta(days=400)).exists()


def test_anonymous_response_row_carries_no_respondent_reference(program) -> None:
    for _ in range(5):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assignments = scheduled(program)[:5]
    answer(assignments[0], text="Learnt to use shared boards", quote=True)
    # One answer is held, sealed: nothing in the pool says what it was or who gave it.
    assert not Response.objects.exists()
    held = HeldResponse.objects.get()
    assert "shared boards" not in held.sealed and "leader" not in held.sealed
    for a in assignments[1:]:
        answer(a)
    assert not HeldResponse.objects.exists()

    field_names = {f.name for f in Response._meta.get_fields()}
    assert field_names == {"id", "survey", "respondent_role", "cohort_month", "answers"}
    related = {
        f.related_model
        for model in (Response, Answer)
        for f in model._meta.get_fields()
        if f.is_relation and f.many_to_one
    }
    assert related == {Survey, Response, Question}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table}")  # noqa: S608 - fixed table name
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert sorted(columns) == sorted(["id", "survey_id", "respondent_role", "cohort_month"])
    assert len(rows) == 5
    for row in rows:
        stored = dict(zip(columns, row, strict=True))
        assert str(assignments[0].participant_id) not in {
            str(v) for k, v in stored.items() if k != "survey_id"
        }
    # Completion is a status only: no week, no date.
    assert {f.name for f in SurveyAssignment._meta.get_fields()}.isdisjoint(
        {"completed_week", "completed_at", "completed_on"}
    )
    assert {
        a.status for a in SurveyAssignment.objects.filter(pk__in=[a.pk for a in assignments])
    } == {SurveyAssignment.Status.COMPLETED}


def test_a_person_answers_once(program) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assignment = scheduled(program)[0]
    answer(assignment)
    stale = SurveyAssignment.objects.select_related("survey__program", "participant", "pair").get(
        pk=assignment.pk
    )
    with pytest.raises(ServiceError) as exc:
        answer(stale)
    assert exc.value.status == 409
    assert HeldResponse.objects.count() == 1


def test_someone_else_cannot_answer_your_assignment(program, coordinator_user) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assignment = scheduled(program)[0]
    with pytest.raises(Http404):
        survey_answer(
            assignment=assignment, actor=coordinator_user, answers={}, today=assignment.due_on
        )


def test_survey_is_not_open_before_its_window(program) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    a = scheduled(program)[0]
    with pytest.raises(ServiceError, match="opens on"):
        survey_answer(
            assignment=a, actor=a.participant.user, answers=full_answers(a.survey), today=START
        )


def test_bad_answers_are_named_by_question(program) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    a = scheduled(program)[0]
    questions = list(a.survey.questions.all())
    likert = next(q for q in questions if q.kind == "likert")
    nps = next(q for q in questions if q.kind == "nps")
    single = next(q for q in questions if q.kind == "single")
    answers = full_answers(a.survey)
    answers[likert.pk] = AnswerInput(value=6)
    answers[nps.pk] = AnswerInput(value=None)
    answers[single.pk] = AnswerInput(choices=["Nope"])
    answers[999999] = AnswerInput(value=3)
    with pytest.raises(ServiceError) as exc:
        survey_answer(assignment=a, actor=a.participant.user, answers=answers, today=a.due_on)
    assert exc.value.errors == {
        f"answers.q{likert.pk}": "Choose a whole number from 1 to 5.",
        f"answers.q{nps.pk}": "Please answer this question.",
        f"answers.q{single.pk}": "Not one of the options: 'Nope'.",
        "answers.q999999": "This question is not part of the survey.",
    }
    assert exc.value.status == 422
    assert not Response.objects.exists() and not HeldResponse.objects.exists()
    a.refresh_from_db()
    assert a.status == SurveyAssignment.Status.PENDING


def _answered_group(program, n: int) -> Survey:
    for _ in range(n):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    rows = scheduled(program)
    for a in rows[:n]:
        answer(a, value=4, text="More time for shared planning tools", quote=False)
    return rows[0].survey


def test_results_are_suppressed_below_the_threshold(program) -> None:
    survey = _answered_group(program, 4)
    results = survey_results(survey=survey)
    assert results.responses == 0  # still held: four answers are never released on their own
    assert HeldResponse.objects.filter(survey=survey).count() == 4
    assert results.suppressed
    assert results.message == SUPPRESSED_MESSAGE
    assert results.questions == []


def test_results_show_at_the_threshold(program) -> None:
    survey = _answered_group(program, 5)
    results = survey_results(survey=survey)
    assert not results.suppressed
    likert = next(q for q in results.questions if q.kind == "likert")
    assert likert.mean == 4.0
    assert dict(likert.distribution)["4"] == 5
    nps = next(q for q in results.questions if q.kind == "nps")
    assert nps.nps == 100
    text = next(q for q in results.questions if q.kind == "text" and q.answered)
    assert ("shared planning tools", 5) in text.themes or ("planning tools", 5) in text.themes
    assert text.quotes == []  # nobody allowed quoting


def test_themes_never_show_words_only_one_person_used() -> None:
    themes = dict(
        text_themes(["Loved the Discord tour", "Discord tour was great", "My aunt Zelda helped"])
    )
    assert "discord tour" in themes
    assert not any("zelda" in t for t in themes)
    assert text_themes(["alone"]) == []


def test_quotes_only_where_the_respondent_allowed(program) -> None:
    for _ in range(5):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    rows = scheduled(program)
    answer(rows[0], text="You may quote me on this", quote=True)
    for a in rows[1:5]:
        answer(a, text="Please keep this private", quote=False)
    text = next(
        q
        for q in survey_results(survey=rows[0].survey).questions
        if q.answered and q.kind == "text"
    )
    assert text.quotes == ["You may quote me on this"]
