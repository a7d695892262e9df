"""Schemas for /api/v1/programs/{id}/surveys (kept apart so the router module stays readable)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from upward.feedback.disclosure import privacy_note, threshold
from upward.feedback.models import Question, Survey, SurveyAssignment
from upward.feedback.services.authoring import QuestionInput, SurveySettings


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    choices: list[str]
    measures: str = Field(description="The construct the question measures, if any.")
    help_text: str = ""
    required: bool
    version: int = Field(description="Send it back with an edit: a stale one is refused (409).")


class AssignmentOut(Schema):
    id: int
    pair_id: int | None
    due_on: dt.date
    opens_on: dt.date
    status: str


class SurveyOut(Schema):
    id: int
    kind: str
    audience: str
    title: str
    intro: str
    status: str = Field(description="draft, open or closed (check-ins are always open).")
    anonymous: bool
    anonymity_threshold: int = Field(
        description="The threshold in force: no figure about fewer people who answered."
    )
    privacy_note: str = Field(description="The anonymity promise shown above the questions.")
    due_on: dt.date | None = Field(None, description="Custom surveys: when answers are due.")
    questions: list[QuestionOut]
    asked: int | None = None
    response_count: int | None = None
    results: dict[str, Any] | None = None
    my_assignments: list[AssignmentOut] = []
    version: int = 1


class QuestionIn(Schema):
    text: str
    kind: str = Field(description="likert (1-5), nps (0-10), single, multiple or text.")
    measures: str = Field(
        "",
        description="perceived_value, psychological_safety, skill_gain, relationship_quality; "
        "required for likert and nps.",
    )
    choices: list[str] = Field([], description="Options of a choice question (2 to 12).")
    help_text: str = ""
    required: bool = True

    def to_input(self) -> QuestionInput:
        return QuestionInput(
            text=self.text,
            kind=self.kind,
            construct=self.measures,
            choices=list(self.choices),
            help_text=self.help_text,
            required=self.required,
        )


class QuestionPatch(Schema):
    text: str | None = None
    kind: str | None = None
    measures: str | None = None
    choices: list[str] | None = None
    help_text: str | None = None
    required: bool | None = None
    version: int | None = Field(
        None,
        description="The version the edit starts from (as read); a stale one is a 409 with what "
        "was saved meanwhile. Without it the edit is not checked.",
    )

    def merged(self, q: Question) -> QuestionInput:
        return QuestionInput(
            text=self.text if self.text is not None else q.text,
            kind=self.kind if self.kind is not None else q.kind,
            construct=self.measures if self.measures is not None else q.construct,
            choices=list(self.choices if self.choices is not None else q.choices or []),
            help_text=self.help_text if self.help_text is not None else q.help_text,
            required=self.required if self.required is not None else q.required,
        )


class SurveyIn(Schema):
    title: str
    intro: str = ""
    anonymous: bool = True
    audience: str = Field("all", description="leader, mentor or all.")
    due_on: dt.date | None = None
    questions: list[QuestionIn] = Field([], description="Optional: the first questions.")

    def settings(self) -> SurveySettings:
        return SurveySettings(
            title=self.title,
            intro=self.intro,
            anonymous=self.anonymous,
            audience=self.audience,
            due_on=self.due_on,
        )


class SurveyPatch(Schema):
    title: str | None = None
    intro: str | None = None
    anonymous: bool | None = None
    audience: str | None = None
    due_on: dt.date | None = None
    status: Literal["open", "closed"] | None = Field(
        None, description="open: publish a draft (asks the audience); closed: stop answers."
    )
    version: int | None = Field(
        None,
        description="The version you edited (from the last read). If the saved one is newer, "
        "the edit is refused with 409 and `current` holds what is saved now.",
    )

    def merged(self, s: Survey) -> SurveySettings:
        return SurveySettings(
            title=self.title if self.title is not None else s.title,
            intro=self.intro if self.intro is not None else s.intro,
            anonymous=self.anonymous if self.anonymous is not None else s.anonymous,
            audience=self.audience if self.audience is not None else s.audience,
            due_on=self.due_on if self.due_on is not None else s.due_on,
        )


class OrderIn(Schema):
    order: list[int] = Field(description="Every question id of the survey, in the new order.")
    confirm: bool = False


def question_out(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.pk,
        order=q.order,
        text=q.text,
        kind=q.kind,
        choices=list(q.choices or []),
        measures=q.construct,
        help_text=q.help_text,
        required=q.required,
        version=q.version,
    )


def survey_out(s: Survey, **extra: Any) -> SurveyOut:
    return SurveyOut(
        id=s.pk,
        kind=s.kind,
        audience=s.audience,
        title=s.title,
        intro=s.intro,
        status=s.status,
        anonymous=s.anonymous,
        anonymity_threshold=threshold(s.program),
        privacy_note=privacy_note(anonymous=s.anonymous, program=s.program),
        due_on=s.due_on,
        questions=[question_out(q) for q in s.questions.all()],
        version=s.version,
        **extra,
    )


def assignment_out(a: SurveyAssignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.pk, pair_id=a.pair_id, due_on=a.due_on, opens_on=a.opens_on, status=a.status
    )
