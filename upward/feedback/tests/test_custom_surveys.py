"""Custom surveys: authoring rules, publishing, locking, named answers, the threshold."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.http import Http404

from upward.errors import ServiceError
from upward.feedback.models import (
    HeldResponse,
    NamedResponse,
    Response,
    Survey,
    SurveyAssignment,
)
from upward.feedback.selectors.assignments import (
    assignments_for_user,
    own_named_answers,
    survey_assignments_due,
)
from upward.feedback.selectors.results import survey_results
from upward.feedback.selectors.surveys import surveys_of_program
from upward.feedback.services.answers import AnswerInput, survey_answer
from upward.feedback.services.authoring import (
    QuestionInput,
    SurveySettings,
    custom_survey_close,
    custom_survey_create,
    custom_survey_delete,
    custom_survey_publish,
    custom_survey_update,
    question_add,
    question_delete,
    question_move,
    question_problems,
    question_update,
    questions_reorder,
)
from upward.feedback.services.schedule import survey_assignments_sync, survey_defaults_ensure
from upward.feedback.tests.factories import make_pair, make_participant, make_program
from upward.notifications.scheduling import scheduler_tick
from upward.programs.models import Participant

TODAY = dt.date(2026, 5, 4)
DUE = TODAY + dt.timedelta(days=14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user):
    return make_program(coordinator=coordinator_user)


@pytest.fixture
def people(program) -> dict[str, list[Participant]]:
    leaders = [make_participant(program, "leader") for _ in range(3)]
    mentors = [make_participant(program, "mentor") for _ in range(3)]
    invited = make_participant(program, "leader")
    invited.status = Participant.Status.INVITED
    invited.save()
    withdrawn = make_participant(program, "mentor")
    withdrawn.status = Participant.Status.WITHDRAWN
    withdrawn.save()
    return {"leaders": leaders, "mentors": mentors, "others": [invited, withdrawn]}


def likert(text: str = "The program is worth my time.") -> QuestionInput:
    return QuestionInput(text=text, kind="likert", construct="perceived_value")


def draft(program, user, *, audience: str = "all", anonymous: bool = True) -> Survey:
    survey = custom_survey_create(
        program=program,
        actor=user,
        settings=SurveySettings(
            title="Midpoint pulse", audience=audience, anonymous=anonymous, due_on=DUE
        ),
    )
    question_add(survey=survey, actor=user, question=likert())
    question_add(
        survey=survey,
        actor=user,
        question=QuestionInput(
            text="Which format suits you?",
            kind="single",
            choices=["In person", "Video call", " "],
        ),
    )
    return survey


def answer_all(survey: Survey, participants: list[Participant]) -> None:
    questions = list(survey.questions.all())
    for p in participants:
        assignment = SurveyAssignment.objects.get(survey=survey, participant=p)
        answers = {
            q.pk: AnswerInput(value=4) if q.is_scale else AnswerInput(choices=[q.choices[0]])
            for q in questions
            if q.kind != "text"
        }
        survey_answer(assignment=assignment, actor=p.user, answers=answers, today=TODAY)


def test_a_new_custom_survey_is_an_anonymous_draft_nobody_is_asked(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user)
    assert survey.status == Survey.Status.DRAFT
    assert survey.anonymous is True
    assert survey.created_by == coordinator_user
    assert [q.order for q in survey.questions.all()] == [1, 2]
    # Blank options are dropped, the rest trimmed.
    assert survey.questions.get(kind="single").choices == ["In person", "Video call"]
    assert not SurveyAssignment.objects.filter(survey=survey).exists()
    assert survey not in surveys_of_program(program=program)
    assert survey in surveys_of_program(program=program, include_drafts=True)


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        (
            QuestionInput(text="Pick one", kind="single", choices=["Only one"]),
            "choices",
            "Give at least 2 options, one per line.",
        ),
        (
            QuestionInput(text="Pick some", kind="multiple", choices=["A", "a"]),
            "choices",
            "Each option must be different: 'a' appears twice.",
        ),
        (
            QuestionInput(text="Pick", kind="single", choices=[f"o{i}" for i in range(13)]),
            "choices",
            "Give at most 12 options.",
        ),
        (QuestionInput(text="Scale", kind="likert"), "measures", None),
        (QuestionInput(text="Scale", kind="nps", construct="luck"), "measures", None),
        (QuestionInput(text="   ", kind="text"), "text", "Write the question."),
        (QuestionInput(text="x" * 301, kind="text"), "text", None),
        (QuestionInput(text="Rank", kind="ranking"), "kind", None),
    ],
)
def test_bad_questions_are_named_by_field(question, field: str, message: str | None) -> None:
    errors = question_problems(question)
    assert field in errors
    if message:
        assert errors[field] == message


def test_every_question_type_can_be_added(program, coordinator_user) -> None:
    survey = custom_survey_create(
        program=program,
        actor=coordinator_user,
        settings=SurveySettings(title="All kinds", due_on=DUE),
    )
    for q in [
        likert(),
        QuestionInput(text="Recommend?", kind="nps", construct="perceived_value"),
        QuestionInput(text="One", kind="single", choices=["A", "B"]),
        QuestionInput(text="Some", kind="multiple", choices=["A", "B", "C"]),
        QuestionInput(text="Say more", kind="text", construct="", required=False),
    ]:
        question_add(survey=survey, actor=coordinator_user, question=q)
    assert list(survey.questions.values_list("kind", flat=True)) == [
        "likert",
        "nps",
        "single",
        "multiple",
        "text",
    ]
    # Choices are only kept for choice questions.
    text_q = survey.questions.get(kind="text")
    question_update(
        question=text_q,
        actor=coordinator_user,
        changes=QuestionInput(text="Say more", kind="text", choices=["stray"]),
    )
    text_q.refresh_from_db()
    assert text_q.choices == []


def test_survey_settings_are_validated(program, coordinator_user) -> None:
    with pytest.raises(ServiceError) as exc:
        custom_survey_create(
            program=program,
            actor=coordinator_user,
            settings=SurveySettings(
                title=" ", audience="sponsors", due_on=TODAY - dt.timedelta(days=1)
            ),
        )
    assert set(exc.value.errors) == {"title", "audience", "due_on"}


def test_only_the_programs_coordinators_and_org_admins_write_surveys(
    program, coordinator_user, admin_user, sponsor_user, people
) -> None:
    settings = SurveySettings(title="Pulse", due_on=DUE)
    assert custom_survey_create(program=program, actor=admin_user, settings=settings)
    leader = people["leaders"][0].user
    for user in (sponsor_user, leader):
        with pytest.raises(Http404):
            custom_survey_create(program=program, actor=user, settings=settings)
    survey = draft(program, coordinator_user)
    with pytest.raises(Http404):
        question_add(survey=survey, actor=sponsor_user, question=likert())
    with pytest.raises(Http404):
        custom_survey_publish(survey=survey, actor=leader)


def test_publishing_asks_the_audiences_active_participants(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user, audience="leader")
    asked = custom_survey_publish(survey=survey, actor=coordinator_user)
    assert asked == 3
    assigned = set(
        SurveyAssignment.objects.filter(survey=survey).values_list("participant_id", flat=True)
    )
    assert assigned == {p.pk for p in people["leaders"]}
    assert set(SurveyAssignment.objects.filter(survey=survey).values_list("due_on", flat=True)) == {
        DUE
    }
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.published_at is not None
    both = draft(program, coordinator_user, audience="all")
    assert custom_survey_publish(survey=both, actor=coordinator_user) == 6
    with pytest.raises(ServiceError) as again:
        custom_survey_publish(survey=both, actor=coordinator_user)
    assert again.value.status == 409
    assert SurveyAssignment.objects.filter(survey=both).count() == 6


def test_published_surveys_reach_the_due_list_and_the_persons_page(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user, audience="mentor")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    mentor = people["mentors"][0]
    # Open at once on the person's page; reminded from a week before the due date.
    mine = assignments_for_user(user=mentor.user, on=TODAY)
    assert [a.survey for a in mine["open"]] == [survey]
    assert not survey_assignments_due(on=TODAY).filter(survey=survey).exists()
    due = survey_assignments_due(on=DUE - dt.timedelta(days=3)).filter(survey=survey)
    assert {a.participant_id for a in due} == {p.pk for p in people["mentors"]}


def test_a_survey_needs_questions_and_a_future_due_date_to_publish(
    program, people, coordinator_user
) -> None:
    survey = custom_survey_create(
        program=program,
        actor=coordinator_user,
        settings=SurveySettings(title="Empty", due_on=DUE),
    )
    with pytest.raises(ServiceError) as exc:
        custom_survey_publish(survey=survey, actor=coordinator_user)
    assert "questions" in exc.value.errors
    question_add(survey=survey, actor=coordinator_user, question=likert())
    later = dt.datetime.combine(DUE + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    with pytest.raises(ServiceError) as late:
        custom_survey_publish(survey=survey, actor=coordinator_user, now=later)
    assert "due_on" in late.value.errors


def test_draft_programs_cannot_publish(db: None, coordinator_user) -> None:
    program = make_program(slug="early", coordinator=coordinator_user, phase="draft")
    survey = draft(program, coordinator_user)
    with pytest.raises(ServiceError) as exc:
        custom_survey_publish(survey=survey, actor=coordinator_user)
    assert "program" in exc.value.errors


def test_open_survey_questions_change_only_with_confirmation(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user)
    custom_survey_publish(survey=survey, actor=coordinator_user)
    first = survey.questions.first()
    assert first is not None
    with pytest.raises(ServiceError) as exc:
        question_update(question=first, actor=coordinator_user, changes=likert("Reworded"))
    assert exc.value.field == "confirm"
    with pytest.raises(ServiceError):
        question_add(survey=survey, actor=coordinator_user, question=likert())
    with pytest.raises(ServiceError):
        question_delete(question=first, actor=coordinator_user)
    question_update(
        question=first, actor=coordinator_user, changes=likert("Reworded"), confirm=True
    )
    first.refresh_from_db()
    assert first.text == "Reworded"


def test_questions_are_locked_once_anyone_answers(program, people, coordinator_user) -> None:
    survey = draft(program, coordinator_user, audience="leader")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    answer_all(survey, people["leaders"][:1])
    first = survey.questions.first()
    assert first is not None
    for attempt in (
        lambda: question_update(
            question=first, actor=coordinator_user, changes=likert("New"), confirm=True
        ),
        lambda: question_add(
            survey=survey, actor=coordinator_user, question=likert(), confirm=True
        ),
        lambda: question_delete(question=first, actor=coordinator_user, confirm=True),
        lambda: question_move(
            question=first, actor=coordinator_user, direction="down", confirm=True
        ),
    ):
        with pytest.raises(ServiceError) as exc:
            attempt()
        assert exc.value.status == 409
        assert exc.value.field == "questions"
    first.refresh_from_db()
    assert first.text == "The program is worth my time."
    # Wording around the questions may still change; who is asked and anonymity may not.
    custom_survey_update(
        survey=survey,
        actor=coordinator_user,
        settings=SurveySettings(title="Renamed", audience="leader", due_on=DUE),
    )
    with pytest.raises(ServiceError) as fixed:
        custom_survey_update(
            survey=survey,
            actor=coordinator_user,
            settings=SurveySettings(title="Renamed", audience="all", anonymous=False, due_on=DUE),
        )
    assert set(fixed.value.errors) == {"audience", "anonymous"}


def test_moving_a_due_date_moves_pending_assignments(program, people, coordinator_user) -> None:
    survey = draft(program, coordinator_user, audience="leader")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    answer_all(survey, people["leaders"][:1])
    later = DUE + dt.timedelta(days=7)
    custom_survey_update(
        survey=survey,
        actor=coordinator_user,
        settings=SurveySettings(title=survey.title, audience="leader", due_on=later),
    )
    dues = dict(
        SurveyAssignment.objects.filter(survey=survey).values_list("participant_id", "due_on")
    )
    assert dues[people["leaders"][0].pk] == DUE  # answered: left as it was
    assert dues[people["leaders"][1].pk] == later


def test_questions_reorder_and_move(program, coordinator_user) -> None:
    survey = draft(program, coordinator_user)
    third = question_add(
        survey=survey,
        actor=coordinator_user,
        question=QuestionInput(text="Anything else?", kind="text", required=False),
    )
    ids = list(survey.questions.values_list("pk", flat=True))
    question_move(question=third, actor=coordinator_user, direction="up")
    assert list(survey.questions.values_list("pk", flat=True)) == [ids[0], ids[2], ids[1]]
    questions_reorder(survey=survey, actor=coordinator_user, order=[ids[2], ids[1], ids[0]])
    assert list(survey.questions.values_list("pk", flat=True)) == [ids[2], ids[1], ids[0]]
    with pytest.raises(ServiceError) as exc:
        questions_reorder(survey=survey, actor=coordinator_user, order=[ids[0], ids[0], ids[1]])
    assert "order" in exc.value.errors


def test_check_ins_cannot_be_edited_as_custom_surveys(program, coordinator_user) -> None:
    checkin = survey_defaults_ensure(program=program)[0]
    with pytest.raises(ServiceError) as exc:
        question_add(survey=checkin, actor=coordinator_user, question=likert())
    assert exc.value.field == "survey"


def test_only_drafts_are_deleted(program, people, coordinator_user) -> None:
    survey = draft(program, coordinator_user)
    other = draft(program, coordinator_user)
    custom_survey_publish(survey=other, actor=coordinator_user)
    custom_survey_delete(survey=survey, actor=coordinator_user)
    assert not Survey.objects.filter(pk=survey.pk).exists()
    with pytest.raises(ServiceError):
        custom_survey_delete(survey=other, actor=coordinator_user)


def test_people_who_join_later_are_asked_by_the_sync(program, people, coordinator_user) -> None:
    survey = draft(program, coordinator_user, audience="mentor")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    newcomer = make_participant(program, "mentor")
    assert survey_assignments_sync() >= 1
    assert SurveyAssignment.objects.filter(survey=survey, participant=newcomer).exists()
    assert survey_assignments_sync(program=program) == 0


def test_closing_stops_answers_and_reminders(program, people, coordinator_user) -> None:
    survey = draft(program, coordinator_user, audience="leader")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    custom_survey_close(survey=survey, actor=coordinator_user)
    leader = people["leaders"][0]
    assignment = SurveyAssignment.objects.get(survey=survey, participant=leader)
    with pytest.raises(ServiceError) as exc:
        survey_answer(assignment=assignment, actor=leader.user, answers={}, today=TODAY)
    assert exc.value.status == 409
    assert not survey_assignments_due(on=TODAY).filter(survey=survey).exists()
    assert assignments_for_user(user=leader.user, on=TODAY)["open"] == []
    with pytest.raises(ServiceError):
        custom_survey_close(survey=survey, actor=coordinator_user)


def test_anonymous_custom_answers_keep_no_link_to_the_person(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user, audience="leader")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    answer_all(survey, people["leaders"][:1])
    # Held, sealed, until enough people answered to release them together.
    assert HeldResponse.objects.filter(survey=survey).count() == 1
    assert not Response.objects.filter(survey=survey).exists()
    assert not NamedResponse.objects.exists()
    assert own_named_answers(user=people["leaders"][0].user, survey=survey) == []


def test_named_surveys_let_people_read_their_own_answers_back(
    program, people, coordinator_user
) -> None:
    survey = draft(program, coordinator_user, audience="leader", anonymous=False)
    custom_survey_publish(survey=survey, actor=coordinator_user)
    answer_all(survey, people["leaders"][:2])
    first, second = people["leaders"][0], people["leaders"][1]
    assert NamedResponse.objects.filter(participant=first).count() == 1
    assert own_named_answers(user=first.user, survey=survey) == [
        ("The program is worth my time.", "4"),
        ("Which format suits you?", "In person"),
    ]
    assert own_named_answers(user=people["leaders"][2].user, survey=survey) == []
    assert NamedResponse.objects.get(participant=second).response.survey == survey


def test_custom_results_follow_the_anonymity_threshold(db: None, coordinator_user) -> None:
    program = make_program(slug="small", coordinator=coordinator_user, threshold=5)
    leaders = [make_participant(program, "leader") for _ in range(5)]
    survey = draft(program, coordinator_user, audience="leader")
    custom_survey_publish(survey=survey, actor=coordinator_user)
    answer_all(survey, leaders[:4])
    hidden = survey_results(survey=survey)
    assert hidden.suppressed is True
    assert hidden.questions == []
    answer_all(survey, leaders[4:])
    shown = survey_results(survey=survey)
    assert shown.suppressed is False
    assert shown.questions[0].mean == 4.0
    assert shown.questions[1].distribution == [("In person", 5), ("Video call", 0)]


def test_the_scheduler_creates_check_ins_without_anyone_clicking(program) -> None:
    """The notifications scheduler runs `survey_assignments_sync` before its sweep."""
    pair = make_pair(program, started_on=TODAY - dt.timedelta(days=85))
    assert not SurveyAssignment.objects.filter(pair=pair).exists()
    scheduler_tick(send_inline=True)
    kinds = set(SurveyAssignment.objects.filter(pair=pair).values_list("survey__kind", flat=True))
    assert kinds == {"checkin_3", "checkin_6", "closing"}


def test_sync_command_reports_what_it_created(program) -> None:
    make_pair(program, started_on=TODAY - dt.timedelta(days=10))
    out = StringIO()
    call_command("sync_surveys", stdout=out)
    assert out.getvalue().strip() == "6 new survey assignments."
