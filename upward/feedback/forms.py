from __future__ import annotations

from typing import Any

from django import forms

from upward.feedback.models import Question
from upward.feedback.services import (
    MAX_TEXT_LENGTH,
    AnswerInput,
    AnswersInvalid,
    answers_validate,
    question_field,
)

LIKERT_LABELS = {
    1: "1 · Strongly disagree",
    2: "2 · Disagree",
    3: "3 · Neither",
    4: "4 · Agree",
    5: "5 · Strongly agree",
}


class SurveyAnswerForm(forms.Form):
    """One field per question (`q<id>`), plus `q<id>_quote` for free-text answers."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = question_field(q)
            common: dict[str, Any] = {
                "label": q.text,
                "help_text": q.help_text,
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
                    choices=[(c, c) for c in q.choices], widget=forms.RadioSelect, **common
                )
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in q.choices],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT_LENGTH, **common
                )
            field.question = q  # type: ignore[union-attr,attr-defined]
            self.fields[name] = field
            if q.kind == Question.Kind.TEXT:
                self.fields[f"{name}_quote"] = forms.BooleanField(
                    required=False,
                    label="You may quote this answer word for word (still without my name).",
                )

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Pairs of (answer field, may-quote field or None), in question order."""
        out = []
        for q in self.questions:
            name = question_field(q)
            quote = self[f"{name}_quote"] if q.kind == Question.Kind.TEXT else None
            out.append((self[name], quote))
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
            except AnswersInvalid as exc:
                for name, message in exc.errors.items():
                    self.add_error(name if name in self.fields else None, message)
        return cleaned
