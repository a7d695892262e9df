from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from upward.errors import ServiceError, form_error
from upward.feedback.models import Construct, Question, Survey
from upward.feedback.services.answers import (
    ANSWERS,
    MAX_TEXT_LENGTH,
    AnswerInput,
    answers_validate,
    question_field,
)
from upward.feedback.services.authoring import (
    MAX_QUESTION_LENGTH,
    MEASURES,
    QuestionInput,
    SurveySettings,
    question_problems,
)
from upward.inputs import Form

LIKERT_LABELS = {
    1: _("1 · Strongly disagree"),
    2: _("2 · Disagree"),
    3: _("3 · Neither"),
    4: _("4 · Agree"),
    5: _("5 · Strongly agree"),
}


class SurveyAnswerForm(Form):
    """One field per question (`q<id>`), plus `q<id>_quote` for free-text answers."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = question_field(q)
            common: dict[str, Any] = {
                "label": q.shown_text,
                "help_text": q.shown_help_text,
                "required": q.required,
            }
            field: forms.Field
            if q.kind == Question.Kind.LIKERT:
                field = forms.TypedChoiceField(
                    choices=list(LIKERT_LABELS.items()),
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif q.kind == Question.Kind.NPS:
                field = forms.TypedChoiceField(
                    choices=[(v, str(v)) for v in range(11)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "nps"}),
                    **common,
                )
            elif q.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(
                    choices=q.shown_choices, widget=forms.RadioSelect, **common
                )
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=q.shown_choices,
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT_LENGTH, **common
                )
            self.fields[name] = field
            if q.kind == Question.Kind.TEXT:
                self.fields[f"{name}_quote"] = forms.BooleanField(
                    required=False,
                    label=_("You may quote this answer word for word (still without my name)."),
                )

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField | None, str]]:
        """(answer field, may-quote field or None, question kind), in question order."""
        out = []
        for q in self.questions:
            name = question_field(q)
            quote = self[f"{name}_quote"] if q.kind == Question.Kind.TEXT else None
            out.append((self[name], quote, q.kind))
        return out

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        answers: dict[int, AnswerInput] = {}
        for q in self.questions:
            value: Any = data.get(question_field(q))
            if value in (None, "", []):
                continue
            if q.is_scale:
                answers[q.pk] = AnswerInput(value=int(value))
            elif q.kind == Question.Kind.SINGLE:
                answers[q.pk] = AnswerInput(choices=[value])
            elif q.kind == Question.Kind.MULTIPLE:
                answers[q.pk] = AnswerInput(choices=list(value))
            else:
                answers[q.pk] = AnswerInput(
                    text=value, may_quote=bool(data.get(f"{question_field(q)}_quote"))
                )
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                answers_validate(questions=self.questions, raw=self.answers())
            except ServiceError as exc:
                for name, message in exc.errors.items():
                    field = name.removeprefix(f"{ANSWERS}.")
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class SurveySettingsForm(Form):
    """Title, intro, anonymity, audience and due date of a custom survey."""

    title = forms.CharField(
        max_length=200,
        label=_("Title"),
        help_text=_("What people see in their list and in reminders, e.g. “Midpoint pulse”."),
    )
    intro = forms.CharField(
        required=False,
        label=_("Intro"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two above the questions: why you ask and what happens next."),
    )
    anonymous = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Anonymous"),
        help_text=_(
            "Recommended. We keep only that someone answered, never which answers were "
            "theirs. Untick to let people read their own answers back later; coordinators still "
            "see totals only."
        ),
    )
    audience = forms.ChoiceField(
        choices=Survey.Audience.choices,
        initial=Survey.Audience.ALL,
        label=_("Who is asked"),
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone of these who has opted in is asked, including people who join "
            "while the survey is open."
        ),
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Reminders go out a week before and the day after."),
    )
    # The version an edit starts from (optimistic concurrency); empty when creating.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, survey: Survey | None = None, **kwargs: Any) -> None:
        if survey is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": survey.version,
                "title": survey.title,
                "intro": survey.intro,
                "anonymous": survey.anonymous,
                "audience": survey.audience,
                "due_on": survey.due_on,
            }
        super().__init__(*args, **kwargs)
        if survey is not None and not survey.is_draft:
            # Fixed once people were asked; the service refuses changes, the form shows why.
            for name in ("anonymous", "audience"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the survey was sent.")

    def settings(self) -> SurveySettings:
        data = self.cleaned_data
        return SurveySettings(
            title=data["title"],
            intro=data.get("intro", ""),
            anonymous=bool(data.get("anonymous")),
            audience=data["audience"],
            due_on=data["due_on"],
        )


CONSTRUCT_CHOICES = [("", _("Not tagged")), *Construct.choices]


class QuestionForm(Form):
    """One question of a custom survey; `confirm` appears once the survey is open."""

    text = forms.CharField(max_length=MAX_QUESTION_LENGTH, label=_("Question"))
    kind = forms.ChoiceField(
        choices=Question.Kind.choices,
        label=_("Type"),
        help_text=_(
            "Agreement and likelihood scales give averages; choices give counts; free "
            "text is only shown as shared themes or quotes people allowed."
        ),
    )
    # Named as the service and the API name it, so their errors land beside it.
    measures = forms.ChoiceField(
        choices=CONSTRUCT_CHOICES,
        required=False,
        label=_("Measures"),
        help_text=_("What the answer tells you about. Required for the two scales."),
    )
    choices = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Options (choice questions)"),
        help_text=_("For choice questions: one option per line, at least two."),
    )
    help_text = forms.CharField(
        required=False, max_length=MAX_QUESTION_LENGTH, label=_("Help text")
    )
    required = forms.BooleanField(required=False, initial=True, label=_("An answer is required"))
    confirm = forms.BooleanField(
        required=False,
        label=_("I understand people may already have read this survey; change it anyway."),
    )
    # The version an edit starts from (optimistic concurrency); empty when adding.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": question.version,
                "text": question.text,
                "kind": question.kind,
                MEASURES: question.construct,
                "choices": "\n".join(question.choices or []),
                "help_text": question.help_text,
                "required": question.required,
            }
        super().__init__(*args, **kwargs)

    def question_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            text=data.get("text", ""),
            kind=data.get("kind", ""),
            construct=data.get(MEASURES, ""),
            choices=(data.get("choices") or "").splitlines(),
            help_text=data.get("help_text", ""),
            required=bool(data.get("required")),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "text" in cleaned and "kind" in cleaned:
            problems = question_problems(self.question_input())
            if problems:
                form_error(self, ServiceError("", errors=problems))
        return cleaned


class CohortFilterForm(Form):
    """Cohort = the month pairs started, as YYYY-MM; role = who answered (for surveys of both)."""

    cohort = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("Use a month like 2026-04.")},
    )
    role = forms.ChoiceField(
        choices=[("", _("Everyone")), ("leader", _("Leaders")), ("mentor", _("Mentors"))],
        required=False,
    )

    def role_value(self) -> str:
        return str(self.cleaned_data.get("role") or "") if self.is_valid() else ""

    def cohort_month(self) -> dt.date | None:
        """The first day of the chosen month, or None (no filter, or an invalid one)."""
        if not self.is_valid() or not self.cleaned_data["cohort"]:
            return None
        year, month = self.cleaned_data["cohort"].split("-")
        return dt.date(int(year), int(month), 1)


def parse_cohort(value: str | None) -> dt.date | None:
    """A YYYY-MM cohort as the first day of that month; None when empty or invalid."""
    return CohortFilterForm({"cohort": value or ""}).cohort_month()
