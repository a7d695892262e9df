"""Pairs: a junior mentor and a senior leader in a program."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The two sides of a pair; used wherever we record who did something."""

    LEADER = "leader", _("Leader")
    MENTOR = "mentor", _("Mentor")


class Pair(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        ENDED = "ended", _("Ended early")

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
    # "End early" on purpose (not a no-fault exit): one of the two asked, with a confirmation and
    # a reason their partner reads; final reflections open for the pair, which closes when both
    # have answered. Coordinators see that the pair is ending early, never the reason.
    early_end_requested_at = models.DateTimeField(null=True, blank=True)
    early_end_by = models.CharField(max_length=8, choices=Role.choices, blank=True)
    early_end_reason = models.TextField(blank=True)
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

    @property
    def ending_early(self) -> bool:
        """An open pair whose members chose to end before the program does."""
        return self.is_open and self.early_end_requested_at is not None

    def wants_new_partner(self, role: str) -> bool:
        """Whether the person on `role` asked for a new partner when the pair ended."""
        return bool(self.leader_wants_rematch if role == Role.LEADER else self.mentor_wants_rematch)
