"""Writes for custom surveys: a coordinator's own questions, published to a program's people.

Life of a custom survey: draft (edit freely) -> open (published: assignments exist, questions are
locked; changing them needs `confirm=True` and is refused once anyone has answered) -> closed (no
more answers; results stay). Results go through the same threshold as the check-ins
(`feedback.results.survey_results`).

Every function asks `upward.access` whether the `actor` manages the program (its coordinators
and org admins); for anyone else the survey does not exist (`Http404`). Bad input raises a
`ServiceError` naming each field (422); a request the survey's state forbids raises one with
status 409 (`field="confirm"` when confirming would allow it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from upward import events
from upward.access import AnyUser, account, require_manage
from upward.errors import ServiceError, invalid, stale_write
from upward.feedback.events import SURVEY_CLOSED, SURVEY_OPENED
from upward.feedback.models import Construct, Question, Survey, SurveyAssignment
from upward.feedback.selectors.surveys import survey_has_answers
from upward.feedback.services.release import release_held
from upward.feedback.services.schedule import custom_assignments_create
from upward.programs.models import Program

MIN_OPTIONS = 2
MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 120
MAX_QUESTIONS = 40
MAX_QUESTION_LENGTH = 300
MAX_TITLE_LENGTH = 200

# Programs whose people can be asked: not before anyone is invited, not after the end.
PUBLISHABLE_PHASES = (
    Program.Phase.RECRUITING,
    Program.Phase.MATCHING,
    Program.Phase.ACTIVE,
    Program.Phase.CLOSING,
)
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
SCALE_KINDS = (Question.Kind.LIKERT, Question.Kind.NPS)


# The field of a refusal that confirming would lift (the survey is open; nobody answered yet).
CONFIRM = "confirm"
# A question's construct is "what it measures", the word the forms and the API show.
MEASURES = "measures"


@dataclass
class SurveySettings:
    title: str
    intro: str = ""
    anonymous: bool = True
    audience: str = Survey.Audience.ALL
    due_on: dt.date | None = None


@dataclass
class QuestionInput:
    text: str
    kind: str
    construct: str = ""
    choices: list[str] = field(default_factory=list)
    help_text: str = ""
    required: bool = True


def _require_custom(survey: Survey) -> None:
    if not survey.is_custom:
        raise ServiceError(
            _("Only custom surveys can be edited; check-ins use the shared question sets."),
            field="survey",
            status=409,
        )


def survey_settings_problems(
    s: SurveySettings, *, today: dt.date, require_future_due: bool = True
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not s.title.strip():
        errors["title"] = _("Give the survey a title people will recognise.")
    elif len(s.title.strip()) > MAX_TITLE_LENGTH:
        errors["title"] = _("Keep the title under %(n)d characters.") % {"n": MAX_TITLE_LENGTH}
    if s.audience not in Survey.Audience.values:
        errors["audience"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(Survey.Audience.values)
        }
    if s.due_on is None:
        errors["due_on"] = _("Choose the date answers are due.")
    elif require_future_due and s.due_on < today:
        errors["due_on"] = _("The due date cannot be in the past.")
    return errors


def question_problems(q: QuestionInput) -> dict[str, str]:
    """Everything wrong with a question, by field name (shared by the forms and the API)."""
    errors: dict[str, str] = {}
    text = q.text.strip()
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > MAX_QUESTION_LENGTH:
        errors["text"] = _("Keep the question under %(n)d characters.") % {"n": MAX_QUESTION_LENGTH}
    if q.kind not in Question.Kind.values:
        errors["kind"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(Question.Kind.values)
        }
    if q.construct and q.construct not in Construct.values:
        errors[MEASURES] = _("Choose one of: %(values)s, or leave it empty.") % {
            "values": ", ".join(Construct.values)
        }
    elif q.kind in SCALE_KINDS and not q.construct:
        # Scale answers feed the dashboard's per-construct figures, so they must say what.
        errors[MEASURES] = _("Say what this scale question measures.")
    if q.kind in CHOICE_KINDS:
        options = [c.strip() for c in q.choices if c.strip()]
        seen: set[str] = set()
        repeated = None
        for option in options:
            if option.lower() in seen:
                repeated = option
                break
            seen.add(option.lower())
        too_long = next((c for c in options if len(c) > MAX_OPTION_LENGTH), None)
        if len(options) < MIN_OPTIONS:
            errors["choices"] = _("Give at least %(n)d options, one per line.") % {"n": MIN_OPTIONS}
        elif len(options) > MAX_OPTIONS:
            errors["choices"] = _("Give at most %(n)d options.") % {"n": MAX_OPTIONS}
        elif repeated is not None:
            errors["choices"] = _("Each option must be different: %(option)s appears twice.") % {
                "option": repr(repeated)
            }
        elif too_long is not None:
            errors["choices"] = _("Keep each option under %(n)d characters.") % {
                "n": MAX_OPTION_LENGTH
            }
    if len(q.help_text) > MAX_QUESTION_LENGTH:
        errors["help_text"] = _("Keep the help text under %(n)d characters.") % {
            "n": MAX_QUESTION_LENGTH
        }
    return errors


def _clean_question(q: QuestionInput) -> QuestionInput:
    errors = question_problems(q)
    if errors:
        raise invalid(errors)
    return QuestionInput(
        text=q.text.strip(),
        kind=q.kind,
        construct=q.construct,
        choices=[c.strip() for c in q.choices if c.strip()] if q.kind in CHOICE_KINDS else [],
        help_text=q.help_text.strip(),
        required=q.required,
    )


def questions_editable_check(*, survey: Survey, confirm: bool) -> None:
    """Raise unless the questions may change now (see the module docstring)."""
    _require_custom(survey)
    if survey.status == Survey.Status.CLOSED:
        raise ServiceError(
            _("This survey is closed; its questions stay as they were."), field="status", status=409
        )
    if survey.status == Survey.Status.OPEN:
        if survey_has_answers(survey=survey):
            raise ServiceError(
                _(
                    "People have already answered, so the questions can no longer change: the "
                    "answers would no longer match them. Close this survey and start a new one."
                ),
                field="questions",
                status=409,
            )
        if not confirm:
            raise ServiceError(
                _(
                    "This survey is already open and people may have read it. Confirm to change "
                    "its questions."
                ),
                field=CONFIRM,
                status=409,
            )


@transaction.atomic
def custom_survey_create(
    *,
    program: Program,
    actor: AnyUser,
    settings: SurveySettings,
    questions: list[QuestionInput] | None = None,
    today: dt.date | None = None,
) -> Survey:
    """A draft, optionally with its first questions (problems are named `questions.<i>.<field>`;
    nothing is created unless everything is valid)."""
    require_manage(actor=actor, program=program)
    today = today or timezone.localdate()
    errors = survey_settings_problems(settings, today=today)
    if program.phase == Program.Phase.CLOSED:
        errors["program"] = _("This program is closed; its surveys are final.")
    for index, question in enumerate(questions or []):
        for name, message in question_problems(question).items():
            errors[f"questions.{index}.{name}"] = message
    if len(questions or []) > MAX_QUESTIONS:
        errors["questions"] = _("A survey has at most %(n)d questions.") % {"n": MAX_QUESTIONS}
    if errors:
        raise invalid(errors)
    survey = Survey.objects.create(
        program=program,
        kind=Survey.Kind.CUSTOM,
        status=Survey.Status.DRAFT,
        title=settings.title.strip(),
        intro=settings.intro.strip(),
        anonymous=settings.anonymous,
        audience=settings.audience,
        due_on=settings.due_on,
        created_by=account(actor),
    )
    for question in questions or []:
        question_add(survey=survey, actor=actor, question=question)
    return survey


@transaction.atomic
def custom_survey_update(
    *,
    survey: Survey,
    actor: AnyUser,
    settings: SurveySettings,
    today: dt.date | None = None,
    version: int | None = None,
) -> Survey:
    """Change title, intro and due date at any time before closing; who is asked and whether it
    is anonymous only while it is a draft (people were told when it opened). `version` is the
    one the editor started from: a stale one is refused (409) with what changed."""
    require_manage(actor=actor, program=survey.program)
    _require_custom(survey)
    saved = Survey.objects.select_for_update().get(pk=survey.pk)
    if version is not None and version != saved.version:
        changed = {
            name: getattr(saved, name)
            for name in ("title", "intro", "anonymous", "audience", "due_on")
            if getattr(saved, name) != getattr(settings, name)
        }
        raise stale_write(
            _("The survey"), sent_version=version, current_version=saved.version, changed=changed
        )
    today = today or timezone.localdate()
    if survey.status == Survey.Status.CLOSED:
        raise ServiceError(
            _("This survey is closed; reopen a new one instead."), field="status", status=409
        )
    due_changed = settings.due_on != survey.due_on
    errors = survey_settings_problems(settings, today=today, require_future_due=due_changed)
    if not survey.is_draft:
        if settings.anonymous != survey.anonymous:
            errors["anonymous"] = _("People were told whether it is anonymous; this cannot change.")
        if settings.audience != survey.audience:
            errors["audience"] = _("The survey was sent already; who is asked cannot change.")
    if errors:
        raise invalid(errors)
    survey.title = settings.title.strip()
    survey.intro = settings.intro.strip()
    survey.anonymous = settings.anonymous
    survey.audience = settings.audience
    survey.due_on = settings.due_on
    survey.version = saved.version + 1
    survey.save(update_fields=["title", "intro", "anonymous", "audience", "due_on", "version"])
    if due_changed and not survey.is_draft:
        SurveyAssignment.objects.filter(
            survey=survey, status=SurveyAssignment.Status.PENDING
        ).update(due_on=settings.due_on)
    return survey


@transaction.atomic
def custom_survey_delete(*, survey: Survey, actor: AnyUser) -> None:
    require_manage(actor=actor, program=survey.program)
    _require_custom(survey)
    if not survey.is_draft:
        raise ServiceError(
            _("Only drafts can be deleted; close an open survey instead."),
            field="status",
            status=409,
        )
    survey.delete()


@transaction.atomic
def question_add(
    *, survey: Survey, actor: AnyUser, question: QuestionInput, confirm: bool = False
) -> Question:
    require_manage(actor=actor, program=survey.program)
    questions_editable_check(survey=survey, confirm=confirm)
    clean = _clean_question(question)
    if Question.objects.filter(survey=survey).count() >= MAX_QUESTIONS:
        raise invalid({"questions": f"A survey has at most {MAX_QUESTIONS} questions."})
    last = Question.objects.filter(survey=survey).aggregate(m=Max("order"))["m"] or 0
    return Question.objects.create(
        survey=survey,
        order=last + 1,
        text=clean.text,
        kind=clean.kind,
        construct=clean.construct,
        choices=clean.choices,
        help_text=clean.help_text,
        required=clean.required,
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    actor: AnyUser,
    changes: QuestionInput,
    confirm: bool = False,
    version: int | None = None,
) -> Question:
    """Change a question. `version` is the one the editor started from: a stale one is refused
    (409) naming what was saved meanwhile, so two authors never silently overwrite each other."""
    survey = question.survey
    require_manage(actor=actor, program=survey.program)
    questions_editable_check(survey=survey, confirm=confirm)
    saved = Question.objects.select_for_update().get(pk=question.pk)
    if version is not None and version != saved.version:
        mine = {
            "text": changes.text,
            "kind": changes.kind,
            "measures": changes.construct,
            "choices": list(changes.choices),
            "help_text": changes.help_text,
            "required": changes.required,
        }
        theirs = {
            "text": saved.text,
            "kind": saved.kind,
            "measures": saved.construct,
            "choices": list(saved.choices or []),
            "help_text": saved.help_text,
            "required": saved.required,
        }
        changed = {name: theirs[name] for name in theirs if theirs[name] != mine[name]}
        raise stale_write(
            _("The question"), sent_version=version, current_version=saved.version, changed=changed
        )
    clean = _clean_question(changes)
    question.text = clean.text
    question.kind = clean.kind
    question.construct = clean.construct
    question.choices = clean.choices
    question.help_text = clean.help_text
    question.required = clean.required
    question.version = saved.version + 1
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: AnyUser, confirm: bool = False) -> None:
    survey = question.survey
    require_manage(actor=actor, program=survey.program)
    questions_editable_check(survey=survey, confirm=confirm)
    if survey.status == Survey.Status.OPEN and survey.questions.count() <= 1:
        raise ServiceError(
            _("An open survey needs at least one question."), field="questions", status=409
        )
    question.delete()


@transaction.atomic
def questions_reorder(
    *, survey: Survey, actor: AnyUser, order: list[int], confirm: bool = False
) -> list[Question]:
    """Put the survey's questions in `order` (every question id, each once)."""
    require_manage(actor=actor, program=survey.program)
    questions_editable_check(survey=survey, confirm=confirm)
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    if len(order) != len(set(order)) or set(order) != set(questions):
        raise invalid(
            {
                "order": _("List every question of this survey exactly once, by id: %(ids)s.")
                % {"ids": sorted(questions)}
            }
        )
    for index, pk in enumerate(order, start=1):
        questions[pk].order = index
    Question.objects.bulk_update(questions.values(), ["order"])
    return [questions[pk] for pk in order]


def question_move(
    *, question: Question, actor: AnyUser, direction: str, confirm: bool = False
) -> list[Question]:
    """Move a question one place up or down (the buttons on the survey editor)."""
    if direction not in ("up", "down"):
        raise invalid({"direction": _("Choose up or down.")})
    ids = list(Question.objects.filter(survey=question.survey).values_list("pk", flat=True))
    index = ids.index(question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return questions_reorder(survey=question.survey, actor=actor, order=ids, confirm=confirm)


def custom_survey_publish(*, survey: Survey, actor: AnyUser, now: dt.datetime | None = None) -> int:
    """Open the survey and ask its audience; returns the number of people asked."""
    require_manage(actor=actor, program=survey.program)
    _require_custom(survey)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not survey.is_draft:
        raise ServiceError(_("This survey has already been published."), field="status", status=409)
    errors: dict[str, str] = {}
    if not survey.questions.exists():
        errors["questions"] = _("Add at least one question before publishing.")
    if survey.due_on is None or survey.due_on < today:
        errors["due_on"] = _("Set a due date from today onwards before publishing.")
    if survey.program.phase not in PUBLISHABLE_PHASES:
        errors["program"] = _("A program in the “%(phase)s” phase has no one to ask.") % {
            "phase": survey.program.get_phase_display()
        }
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        # The conditional update makes a double click publish once.
        opened = Survey.objects.filter(pk=survey.pk, status=Survey.Status.DRAFT).update(
            status=Survey.Status.OPEN, published_at=now
        )
        if not opened:
            raise ServiceError(
                _("This survey has already been published."), field="status", status=409
            )
        survey.status = Survey.Status.OPEN
        survey.published_at = now
        asked = custom_assignments_create(survey=survey)
        events.publish(SURVEY_OPENED, survey=survey)
        return asked


@transaction.atomic
def custom_survey_close(
    *, survey: Survey, actor: AnyUser, now: dt.datetime | None = None
) -> Survey:
    require_manage(actor=actor, program=survey.program)
    _require_custom(survey)
    if survey.status != Survey.Status.OPEN:
        raise ServiceError(_("Only an open survey can be closed."), field="status", status=409)
    survey.status = Survey.Status.CLOSED
    survey.closed_at = now or timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    # No more answers can come: what is still held joins the released ones if that reaches k.
    release_held(survey=survey, final=True)
    events.publish(SURVEY_CLOSED, survey=survey)
    return survey
