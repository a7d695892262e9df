"""The coordinators' follow-up of a pair: nudges sent to its two members, and private notes of
check-ins. Both are about the pair's health; neither holds anything the pair wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from upward.mentoring.models.pairs import Pair


class PairNudge(models.Model):
    """A message a coordinator sent to both members of a pair (in the app and by email)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="nudges")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["pair", "-sent_at"])]

    def __str__(self) -> str:
        return f"Nudge to {self.pair} at {self.sent_at:%Y-%m-%d %H:%M}"


class CoordinatorCheckIn(models.Model):
    """A coordinator's private note that they checked in with a pair. Only the program's
    coordinators read it; the pair's members never do."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="coordinator_checkins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    noted_on = models.DateField()
    note = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Check-in with {self.pair} on {self.noted_on}"
