"""Pairs (a junior mentor and a senior leader in a program) and their agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """The two sides of a pair; used wherever we record who did something."""

    LEADER = "leader", "Leader"
    MENTOR = "mentor", "Mentor"


class Pair(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"
        ENDED = "ended", "Ended early"

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="pairs")
    leader = models.ForeignKey(
        "programs.Participant", on_delete=models.PROTECT, related_name="pairs_as_leader"
    )
    mentor = models.ForeignKey(
        "programs.Participant", on_delete=models.PROTECT, related_name="pairs_as_mentor"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    score = models.FloatField(null=True, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    # No-fault exit: we record which side ended the pair, never a reason the partner could see.
    ended_by = models.CharField(max_length=8, choices=Role.choices, blank=True)
    leader_wants_rematch = models.BooleanField(default=False)
    mentor_wants_rematch = models.BooleanField(default=False)
    # Set when the program moves to "closing": the room then invites both people to close well.
    closing_invited_at = models.DateTimeField(null=True, blank=True)
    # A coordinator who closed the pair when the program ended (None: the pair closed itself).
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.leader.person.name} & {self.mentor.person.name}"

    @property
    def is_open(self) -> bool:
        """Closed and ended rooms are kept for history but become read-only."""
        return self.status == self.Status.ACTIVE


class Charter(models.Model):
    """The pair's co-created agreement. Any edit after signing needs both signatures again."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="charter")
    goals = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    confidentiality = models.TextField(blank=True)
    success_definition = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    CONTENT_FIELDS = (
        "goals",
        "meeting_frequency",
        "channel",
        "confidentiality",
        "success_definition",
    )

    def __str__(self) -> str:
        return f"Charter v{self.version} of {self.pair}"

    @property
    def is_signed(self) -> bool:
        return self.leader_signed_at is not None and self.mentor_signed_at is not None

    def snapshot(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}


class CharterVersion(models.Model):
    """A frozen copy of the charter as it was before an edit (and at each signature)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField(default=dict)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version", "-created_at"]

    def __str__(self) -> str:
        return f"v{self.version} of {self.charter}"


class Concern(models.Model):
    """A confidential report from a participant to the program's coordinators.

    Never shown to the partner: only the person who raised it and the coordinators see it.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="concerns"
    )
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concerns_raised"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    text = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    coordinator_note = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"Concern #{self.pk} ({self.status})"


class ClosureChoice(models.Model):
    """How each person closes the pair: a final reflection and what they want next."""

    class Next(models.TextChoices):
        CONTINUE = "continue", "Continue informally with my partner"
        GROUP = "group", "Join a group (circle) in the next cohort"
        MENTOR_ANEW = "mentor_anew", "Take part again with a new partner"
        PAUSE = "pause", "Take a break for now"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="closure_choices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices)
    choice = models.CharField(max_length=12, choices=Next.choices)
    final_reflection = models.TextField()
    celebrate_by_name = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "role"], name="one_closure_choice_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.role} closes {self.pair}: {self.choice}"
