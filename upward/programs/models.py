"""Programs, their participants and the topic taxonomy."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Topic(models.Model):
    """A subject a leader wants to learn and a mentor can teach (e.g. "AI tools")."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    # Identity-related topics are never assumed: a mentor must opt in to discuss them.
    sensitive = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The smallest anonymity threshold a program may have (docs/privacy.md).
ANONYMITY_FLOOR = 5


class Program(models.Model):
    class Phase(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("program phase", "Draft")
        RECRUITING = "recruiting", pgettext_lazy("program phase", "Recruiting")
        MATCHING = "matching", pgettext_lazy("program phase", "Matching")
        ACTIVE = "active", pgettext_lazy("program phase", "Active")
        CLOSING = "closing", pgettext_lazy("program phase", "Closing")
        CLOSED = "closed", pgettext_lazy("program phase", "Closed")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    template = models.CharField(max_length=64, blank=True)
    purpose = models.TextField(help_text=_("One narrow purpose, in a sentence or two."))
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_programs",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_programs"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="programs")
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(default=6)
    cadence_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Days between meetings.")
    )
    meeting_minutes = models.PositiveSmallIntegerField(default=60)
    mentor_capacity = models.PositiveSmallIntegerField(default=1)
    matching_settings = models.JSONField(default=dict, blank=True)
    # The promise made to people who answer: no figure about fewer of them. Never below
    # ANONYMITY_FLOOR, and never lowered once anyone answered a survey of the program.
    anonymity_threshold = models.PositiveSmallIntegerField(default=5)
    require_readiness = models.BooleanField(default=False)
    consult_mentors = models.BooleanField(default=False)
    interest_survey_open = models.BooleanField(
        default=False, help_text=_("Lets any employee answer the anonymous interest survey.")
    )
    # Open enrolment: anyone in the directory may apply (from their home page); the coordinators
    # accept or decline each application. Off: people take part only when invited.
    open_enrolment = models.BooleanField(
        default=False,
        help_text=_("Anyone in the directory may apply; you accept each application."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Bumped by every settings edit; an edit sends the version it started from (optimistic
    # concurrency: a stale one is refused with what changed, never silently overwritten).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two programs called "Pilot" and "pilot" confuse every list, email and export:
            # a name is unique in the organisation, whatever its case.
            models.UniqueConstraint(Lower("name"), name="program_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MENTOR = "mentor", _("Mentor")

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("participant status", "Invited")
        OPTED_IN = "opted_in", pgettext_lazy("participant status", "Opted in")
        WITHDRAWN = "withdrawn", pgettext_lazy("participant status", "Withdrawn")
        # Open enrolment: they asked to take part (and agreed to the data use); a coordinator
        # accepts (they are then opted in) or declines.
        APPLIED = "applied", pgettext_lazy("participant status", "Applied")
        DECLINED = "declined", pgettext_lazy("participant status", "Application declined")

    # Statuses of people who are not (or not yet) in the program: invitations aside, only these
    # never count as members (a pending application is not membership).
    OUTSIDE = (Status.WITHDRAWN, Status.APPLIED, Status.DECLINED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INVITED)
    consented_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the invitation e-mail last went out (first send or a re-send); re-sends are limited
    # to one a day so that nobody is pestered (see enrolment.invitation_resend).
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    invitations_sent = models.PositiveSmallIntegerField(default=0)
    # Which wording of the consent text they agreed to (see programs.consent).
    consent_version = models.CharField(max_length=16, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Why they want to take part, in their words (open enrolment); their coordinators read it.
    application_note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="one_role_per_program"),
        ]
        indexes = [models.Index(fields=["program", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.person} as {self.role} in {self.program}"


class ProgramPhaseChange(models.Model):
    """Audit trail: who moved a program from one phase to another, when, and why."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=16, choices=Program.Phase.choices)
    to_phase = models.CharField(max_length=16, choices=Program.Phase.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.program}: {self.from_phase} → {self.to_phase}"


class InterestResponse(models.Model):
    """One anonymous answer to a program's interest survey.

    There is deliberately no link to the respondent and no time at all. Answers are released from
    the holding pool (`HeldInterest`) in shuffled batches of at least the anonymity threshold,
    with random primary keys, so neither keys nor row order follow the receipts' order.
    """

    class Interest(models.TextChoices):
        LEADER = "leader", _("I would like to be mentored (as a senior leader)")
        MENTOR = "mentor", _("I would like to mentor a senior leader")
        EITHER = "either", _("Either role could suit me")
        NOT_NOW = "not_now", _("Not for me right now")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="interest")
    interest = models.CharField(max_length=8, choices=Interest.choices)
    topics = models.JSONField(default=list, blank=True)
    hopes = models.TextField(blank=True)
    worries = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Interest answer ({self.interest})"


class HeldInterest(models.Model):
    """An interest answer waiting, sealed (`upward.sealing`), to be released with others."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()

    def __str__(self) -> str:
        return f"Held interest answer for program #{self.program_id}"


class InterestReceipt(models.Model):
    """Only that a user has answered (to stop double answers), never what they answered."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_interest_answer"),
        ]

    def __str__(self) -> str:
        return f"Receipt {self.pk}"


class Intake(models.Model):
    """A participant's intake questionnaire; saved as a draft until submitted."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="intake")
    # Topic slug -> 0..3: how much a leader wants to learn it / how well a mentor can teach it.
    topics = models.JSONField(default=dict, blank=True)
    goals = models.TextField(blank=True)
    will_do = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    # Sensitive topics a mentor explicitly chose to discuss; never filled in for them.
    sensitive_topics = models.JSONField(default=list, blank=True)
    not_represent = models.JSONField(default=list, blank=True)
    not_represent_note = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    availability = models.CharField(max_length=300, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    # Three 1-5 answers: structure, directness of feedback, pace (see programs.intake.STYLE).
    style = models.JSONField(default=list, blank=True)
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    preferred_channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Intake of {self.participant}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class TrainingCompletion(models.Model):
    """A participant finished one readiness module (content lives in programs.training)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="training_completions"
    )
    module = models.SlugField(max_length=64)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "module"], name="one_completion"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} completed {self.module}"


class Objective(models.Model):
    """A measurable objective of a program: a statement, what measures it, and the target.

    The measures are `upward.programs.measures.MEASURES`; insights computes their values. An
    objective with no measure yet (`measure == ""`, e.g. one written before objectives were
    measured) reads "not measured yet" until its coordinator chooses one.
    """

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("At least (higher is better)")
        AT_MOST = "at_most", _("At most (lower is better)")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="objectives")
    statement = models.CharField(
        max_length=300, help_text=_("What will be different, in a sentence anyone can read.")
    )
    measure = models.CharField(max_length=64, blank=True)
    # "At least N meetings", for the measure that takes it (pairs_min_meetings_pct).
    min_meetings = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        max_length=8, choices=Direction.choices, default=Direction.AT_LEAST
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Bumped by every edit (optimistic concurrency, like the program's own version).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.statement


class ObjectiveReading(models.Model):
    """A figure the coordinator recorded for an objective measured by hand, with its date.

    The latest (by date) is the objective's current value; the others are its history."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="readings")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    recorded_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.value} on {self.recorded_on}"
