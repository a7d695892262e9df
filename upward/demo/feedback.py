"""Demo: check-in results for the digital-fluency program, above and below the threshold.

Leaders' and mentors' 3-month check-ins and leaders' 6-month check-in get enough answers to show
results; mentors' 6-month check-in gets three, so it shows the "not enough responses" state. The
demo leader@ and mentor@ keep their own check-ins open, so they have a survey to answer.
A custom survey written by the coordinator is open (answered by enough people to show results,
but not by leader@ or mentor@), and a second one waits as a draft.
Idempotent: a program whose surveys already have responses is left alone; custom surveys are
found by title.
"""

from __future__ import annotations

import datetime as dt
import random

from upward.demo.context import DemoContext
from upward.feedback.models import Question, Response, Survey, SurveyAssignment
from upward.feedback.services.answers import AnswerInput, survey_answer
from upward.feedback.services.authoring import (
    QuestionInput,
    SurveySettings,
    custom_survey_create,
    custom_survey_publish,
    question_add,
)
from upward.feedback.services.schedule import survey_assignments_sync
from upward.insights.models import BehaviourChange
from upward.programs.models import Program

PROGRAM_SLUG = "digital-fluency"
TREND_KINDS = ("checkin_3", "checkin_6")
DEMO_EMAILS = {"leader@example.com", "mentor@example.com"}
# (kind, role) -> how many answers to seed (capped by how many were asked).
TARGETS = {
    ("checkin_3", "leader"): 7,
    ("checkin_3", "mentor"): 7,
    ("checkin_6", "leader"): 6,
    ("checkin_6", "mentor"): 3,
}
# Later check-ins lean a little higher: the dashboard's 3 vs 6 months trend has a story.
MEAN_BY_KIND = {"checkin_3": 3.6, "checkin_6": 4.1}
TEXTS = {
    "leader": [
        "I now draft my weekly update with an AI assistant and ask my mentor to check the tone.",
        "Shorter written updates instead of long all-hands slides; the team reads them.",
        "I ask junior colleagues what they think before the meeting, not after the decision.",
        "Our recruitment posts changed after my mentor showed me how they read on mobile.",
        "Shared planning board for the team; fewer status meetings.",
        "More time between meetings would help; the calendar keeps squeezing them.",
    ],
    "mentor": [
        "My leader changed how the team shares updates after our second meeting.",
        "I feel heard, and I saw my idea about shorter written updates actually used.",
        "More time to prepare would help; a short prompt list before each meeting works well.",
        "I would like to meet other mentors to compare notes.",
        "The shared planning board I suggested is now used by the whole team.",
    ],
}
CHANGES = [
    (
        BehaviourChange.Kind.TOOL_ADOPTED,
        "Finance leadership drafts its weekly report with an AI assistant",
        45,
    ),
    (
        BehaviourChange.Kind.PRACTICE_CHANGED,
        "Monthly all-hands replaced by a short written update and open Q&A",
        30,
    ),
    (
        BehaviourChange.Kind.POLICY_CHANGED,
        "Job adverts rewritten in plain language and tested with early-career staff",
        12,
    ),
]


def _answers(assignment: SurveyAssignment, rng: random.Random) -> dict[int, AnswerInput]:
    mean = MEAN_BY_KIND.get(assignment.survey.kind, 3.8)
    texts = TEXTS[assignment.participant.role]
    out: dict[int, AnswerInput] = {}
    for q in assignment.survey.questions.all():
        if q.kind == Question.Kind.LIKERT:
            out[q.pk] = AnswerInput(value=max(1, min(5, round(rng.gauss(mean, 0.8)))))
        elif q.kind == Question.Kind.NPS:
            out[q.pk] = AnswerInput(value=max(0, min(10, round(rng.gauss(mean * 2, 1.5)))))
        elif q.kind == Question.Kind.SINGLE:
            out[q.pk] = AnswerInput(choices=[rng.choice(q.choices[1:] or q.choices)])
        elif q.kind == Question.Kind.MULTIPLE:
            out[q.pk] = AnswerInput(choices=rng.sample(q.choices[:-1], k=2))
        elif rng.random() < 0.8:
            out[q.pk] = AnswerInput(text=rng.choice(texts), may_quote=rng.random() < 0.4)
    return out


def seed(ctx: DemoContext) -> None:
    program = Program.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        ctx.log(f"Surveys: program {PROGRAM_SLUG!r} not found; skipped.")
        return
    created = survey_assignments_sync(program=program)
    _seed_custom(ctx, program, random.Random(505))
    if Response.objects.filter(survey__program=program, survey__kind__in=TREND_KINDS).exists():
        ctx.log(f"Surveys: {PROGRAM_SLUG} already has responses ({created} new assignments).")
        return
    rng = random.Random(404)
    answered = 0
    for (kind, role), target in TARGETS.items():
        rows = list(
            SurveyAssignment.objects.filter(
                survey__program=program,
                survey__kind=kind,
                survey__audience=role,
                status=SurveyAssignment.Status.PENDING,
            )
            .exclude(participant__user__email__in=DEMO_EMAILS)
            .exclude(participant__user__isnull=True)
            .select_related("survey__program", "participant__user", "pair")
            .order_by("pk")[:target]
        )
        for assignment in rows:
            user = assignment.participant.user
            if user is None:  # excluded above; tells the type checker
                continue
            # Answered within a fortnight of the due date, never in the future.
            day = min(
                assignment.due_on + dt.timedelta(days=rng.randrange(-5, 14)),
                dt.date.today(),
            )
            survey_answer(
                assignment=assignment,
                actor=user,
                answers=_answers(assignment, rng),
                today=max(day, assignment.opens_on),
            )
            answered += 1
    for kind, title, days_ago in CHANGES:
        BehaviourChange.objects.get_or_create(
            program=program,
            title=title,
            defaults={
                "kind": kind,
                "happened_on": dt.date.today() - dt.timedelta(days=days_ago),
                "recorded_by": ctx.users.get("coordinator@example.com"),
            },
        )
    ctx.log(f"Surveys: {created} check-ins scheduled, {answered} anonymous responses seeded.")


PULSE_TITLE = "Midpoint pulse: how you like to meet"
PULSE_QUESTIONS = [
    QuestionInput(
        "Our meetings are the right length for what we cover.",
        "likert",
        "relationship_quality",
    ),
    QuestionInput(
        "Which format works best for your meetings?",
        "single",
        choices=["In person", "Video call", "A walk", "A mix"],
    ),
    QuestionInput(
        "What would you like the program team to organise next?",
        "multiple",
        choices=["A mentors' meetup", "A leaders' breakfast", "A showcase of changes", "Nothing"],
        required=False,
    ),
    QuestionInput(
        "Anything else we should know?",
        "text",
        help_text="Only shown as shared themes, or word for word if you allow it.",
        required=False,
    ),
]
DRAFT_TITLE = "Closing celebration: what would you enjoy?"


def _seed_custom(ctx: DemoContext, program: Program, rng: random.Random) -> None:
    coordinator = ctx.users.get("coordinator@example.com")
    if coordinator is None or not program.coordinators.filter(pk=coordinator.pk).exists():
        return
    today = dt.date.today()
    pulse = Survey.objects.filter(program=program, kind="custom", title=PULSE_TITLE).first()
    if pulse is None:
        pulse = custom_survey_create(
            program=program,
            actor=coordinator,
            settings=SurveySettings(
                title=PULSE_TITLE,
                intro="Four quick questions so we can plan the second half of the program.",
                audience=Survey.Audience.ALL,
                due_on=today + dt.timedelta(days=10),
            ),
        )
        for spec in PULSE_QUESTIONS:
            question_add(survey=pulse, actor=coordinator, question=spec)
        custom_survey_publish(survey=pulse, actor=coordinator)
        rows = (
            SurveyAssignment.objects.filter(survey=pulse)
            .exclude(participant__user__email__in=DEMO_EMAILS)
            .select_related("survey__program", "participant__user")
            .order_by("pk")[:8]
        )
        for assignment in rows:
            user = assignment.participant.user
            if user is None:  # an invitee without an account cannot answer
                continue
            answers: dict[int, AnswerInput] = {}
            for q in pulse.questions.all():
                if q.kind == Question.Kind.LIKERT:
                    answers[q.pk] = AnswerInput(value=rng.choice([3, 4, 4, 5]))
                elif q.kind == Question.Kind.SINGLE:
                    answers[q.pk] = AnswerInput(choices=[rng.choice(q.choices)])
                elif q.kind == Question.Kind.MULTIPLE:
                    answers[q.pk] = AnswerInput(choices=rng.sample(q.choices[:-1], k=2))
                elif rng.random() < 0.6:
                    answers[q.pk] = AnswerInput(
                        text=rng.choice(
                            [
                                "A shared space to swap prompts between pairs.",
                                "Meeting on video works, but one in person was better.",
                                "Shorter meetings, more often, would suit my calendar.",
                            ]
                        ),
                        may_quote=rng.random() < 0.5,
                    )
            survey_answer(
                assignment=assignment,
                actor=user,
                answers=answers,
            )
    if not Survey.objects.filter(program=program, kind="custom", title=DRAFT_TITLE).exists():
        draft = custom_survey_create(
            program=program,
            actor=coordinator,
            settings=SurveySettings(
                title=DRAFT_TITLE,
                audience=Survey.Audience.ALL,
                anonymous=False,
                due_on=today + dt.timedelta(days=30),
            ),
        )
        question_add(
            survey=draft,
            actor=coordinator,
            question=QuestionInput(
                "How would you like to mark the end of the program?",
                "single",
                choices=["A team lunch", "Short talks by pairs", "A written showcase"],
            ),
        )
