"""Pairs: a mentor (junior) and a leader (senior) working together in a program."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


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
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.leader.person.name} & {self.mentor.person.name}"
