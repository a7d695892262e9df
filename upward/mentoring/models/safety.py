"""Safety and closure: confidential concerns, and each person's closing choice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from upward.mentoring.models.pairs import Pair, Role


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
