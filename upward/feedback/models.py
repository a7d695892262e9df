"""Surveys: check-ins at 3 and 6 months, closing, interest and custom surveys.

Privacy by construction (docs/privacy.md): a `Response` row has no reference to the person,
participant, pair or assignment that produced it, and nothing that joins back to them:

- Answering marks the person's `SurveyAssignment` completed (a status, no date or week) and puts
  the answers, sealed with a key the database does not hold, in the holding pool
  (`HeldResponse`). Nothing else is written in that transaction.
- Held answers are released as `Response` rows only in batches of at least the anonymity
  threshold, shuffled, with random primary keys and no time at all; the group attributes kept
  for breakdowns (role, cohort month) are coarsened so that every combination stored in a batch
  is shared by at least the threshold (`upward.feedback.services.release`).

Scheduled surveys are always anonymous. A coordinator may make a custom survey "named"
(`anonymous=False`); only then is a `NamedResponse` row written beside the response, linking it to
the participant so they can read their own answers back. Even then, coordinators and sponsors see
aggregates only, under the same anonymity threshold.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _shown(text: str) -> str:
    # The default question sets import these models, hence the late import.
    from upward.feedback.questions import shown

    return shown(text)


class Construct(models.TextChoices):
    """What a question measures; dashboards trend these between the 3- and 6-month check-ins."""

    PERCEIVED_VALUE = "perceived_value", _("Perceived value")
    PSYCHOLOGICAL_SAFETY = "psychological_safety", _("Psychological safety")
    SKILL_GAIN = "skill_gain", _("Skill gain")
    RELATIONSHIP_QUALITY = "relationship_quality", _("Relationship quality")


class Survey(models.Model):
    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest (before launch)")
        CHECKIN_3 = "checkin_3", _("3-month check-in")
        CHECKIN_6 = "checkin_6", _("6-month check-in")
        CLOSING = "closing", _("Closing survey")
        CUSTOM = "custom", _("Custom survey")

    class Audience(models.TextChoices):
        LEADER = "leader", _("Leaders")
        MENTOR = "mentor", _("Mentors")
        ALL = "all", _("Leaders and mentors")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "Draft")
        OPEN = "open", pgettext_lazy("survey status", "Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text=_("Shown above the questions."))
    # For custom surveys only: the date everyone's answer is due (scheduled kinds use pair dates).
    due_on = models.DateField(null=True, blank=True)
    anonymous = models.BooleanField(
        default=True,
        help_text=_(
            "Anonymous: only the fact that someone answered is kept, never which answers "
            "were theirs."
        ),
    )
    # Scheduled surveys are live from the start; custom ones are created as drafts by
    # `custom_survey_create` and opened by `custom_survey_publish`.
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped by every edit of its details; an edit sends the version it started from
    # (optimistic concurrency: a stale one is refused with what changed).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["program", "kind", "audience"]
        constraints = [
            # One scheduled survey of each kind per audience; custom surveys may repeat.
            models.UniqueConstraint(
                fields=["program", "kind", "audience"],
                condition=~Q(kind="custom"),
                name="one_scheduled_survey_per_kind_and_audience",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.kind == self.Kind.CUSTOM

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def audience_in_sentence(self) -> str:
        """Who is asked, as written inside a sentence ("leaders", "Führungskräfte")."""
        return str(AUDIENCE_IN_SENTENCE.get(self.audience, self.get_audience_display()))

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when it is a built-in default (check-ins)."""
        return _shown(self.title) if not self.is_custom else self.title

    @property
    def shown_intro(self) -> str:
        return _shown(self.intro) if not self.is_custom else self.intro


AUDIENCE_IN_SENTENCE: dict[str, str | Promise] = {
    Survey.Audience.LEADER: _("leaders"),
    Survey.Audience.MENTOR: _("mentors"),
    Survey.Audience.ALL: _("leaders and mentors"),
}


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement, 1 to 5")
        NPS = "nps", _("Likelihood to recommend, 0 to 10")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    choices = models.JSONField(
        default=list, blank=True, help_text=_("Options for choice questions.")
    )
    construct = models.CharField(max_length=24, choices=Construct.choices, blank=True)
    required = models.BooleanField(default=True)
    # Bumped by every edit; an edit sends the version it started from (optimistic concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def built_in(self) -> bool:
        """Copied from the default sets (check-ins): shown in the reader's language."""
        return self.survey.kind != Survey.Kind.CUSTOM

    @property
    def shown_text(self) -> str:
        return _shown(self.text) if self.built_in else self.text

    @property
    def shown_help_text(self) -> str:
        return _shown(self.help_text) if self.built_in else self.help_text

    def choice_label(self, choice: str) -> str:
        """An option as the reader sees it; the answer keeps the option as stored."""
        return _shown(choice) if self.built_in else choice

    @property
    def shown_choices(self) -> list[tuple[str, str]]:
        """(stored option, option as shown), in order."""
        return [(c, self.choice_label(c)) for c in self.choices or []]

    @property
    def is_scale(self) -> bool:
        return self.kind in (self.Kind.LIKERT, self.Kind.NPS)

    @property
    def scale(self) -> range:
        return range(1, 6) if self.kind == self.Kind.LIKERT else range(0, 11)


class SurveyAssignment(models.Model):
    """Who is asked to answer which survey, for which pair, by when; and whether they did."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To answer")
        COMPLETED = "completed", _("Answered")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="assignments")
    participant = models.ForeignKey(
        "programs.Participant", on_delete=models.CASCADE, related_name="survey_assignments"
    )
    pair = models.ForeignKey(
        "mentoring.Pair",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_assignments",
    )
    due_on = models.DateField()
    # Completed carries no date, week or order: it is the only trace of who answered, and it
    # must not narrow down which response was theirs (see the module docstring).
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "participant", "pair"], name="one_assignment_per_pair"
            ),
            models.UniqueConstraint(
                fields=["survey", "participant"],
                condition=Q(pair__isnull=True),
                name="one_assignment_per_person_without_pair",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.survey} for participant #{self.participant_id} (due {self.due_on})"

    @property
    def opens_on(self) -> dt.date:
        """A week before it is due; custom surveys (no pair) open as soon as they are sent."""
        week_before = self.due_on - dt.timedelta(days=OPEN_DAYS_BEFORE_DUE)
        if self.pair_id is None:
            return min(week_before, timezone.localdate(self.created_at))
        return week_before


# A check-in can be answered from a week before it is due (and at any time after, until done).
OPEN_DAYS_BEFORE_DUE = 7


class HeldResponse(models.Model):
    """Answers waiting to be released, sealed (`upward.sealing`): only the survey is readable.

    Released in shuffled batches of at least the threshold by `services.release`; a survey that
    never gathers enough answers never releases them (no figure could be shown anyway).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="held")
    sealed = models.TextField()

    def __str__(self) -> str:
        return f"Held answers to survey #{self.survey_id}"


class Response(models.Model):
    """One anonymous set of answers. Deliberately NO respondent, participant, pair, assignment
    or time.

    `respondent_role` and `cohort_month` are group attributes used for breakdowns, blank/null
    when the group was too small to keep (coarsened on release); results are only shown for
    groups of at least the program's anonymity threshold (`upward.feedback.disclosure`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent_role = models.CharField(max_length=8, blank=True)
    cohort_month = models.DateField(
        null=True, blank=True, help_text=_("First day of the pair's start month.")
    )

    class Meta:
        indexes = [models.Index(fields=["survey", "respondent_role"])]

    def __str__(self) -> str:
        return f"Response to survey #{self.survey_id}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True, help_text=_("Likert 1–5 or NPS 0–10."))
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    # Free text is only ever shown as themes, unless the respondent allowed quoting it.
    may_quote = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"Answer to question #{self.question_id}"


class NamedResponse(models.Model):
    """Who gave a response, for named (non-anonymous) custom surveys only.

    Kept apart from `Response` so that the response table never has a respondent column, and an
    anonymous survey simply has no rows here. The reverse accessor is hidden on purpose.
    """

    response = models.OneToOneField(
        Response, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        "programs.Participant", on_delete=models.CASCADE, related_name="named_survey_responses"
    )

    def __str__(self) -> str:
        return f"Named response by participant #{self.participant_id}"
