"""Programs, their participants and the topic taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


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


class Program(models.Model):
    class Phase(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECRUITING = "recruiting", "Recruiting"
        MATCHING = "matching", "Matching"
        ACTIVE = "active", "Active"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    template = models.CharField(max_length=64, blank=True)
    purpose = models.TextField(help_text="One narrow purpose, in a sentence or two.")
    objectives = models.TextField(blank=True, help_text="Measurable objectives, one per line.")
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
    cadence_days = models.PositiveSmallIntegerField(default=30, help_text="Days between meetings.")
    meeting_minutes = models.PositiveSmallIntegerField(default=60)
    mentor_capacity = models.PositiveSmallIntegerField(default=1)
    matching_settings = models.JSONField(default=dict, blank=True)
    anonymity_threshold = models.PositiveSmallIntegerField(default=5)
    require_readiness = models.BooleanField(default=False)
    consult_mentors = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "Leader"
        MENTOR = "mentor", "Mentor"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        OPTED_IN = "opted_in", "Opted in"
        WITHDRAWN = "withdrawn", "Withdrawn"

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
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="one_role_per_program"),
        ]
        indexes = [models.Index(fields=["program", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.person} as {self.role} in {self.program}"
