"""Meetings and their agendas."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upward.mentoring.models.pairs import Pair, Role


def _new_meeting_uid() -> str:
    # Stable for the meeting's whole life so calendar clients update instead of duplicating.
    return f"meeting-{uuid.uuid4()}@upward"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(
        help_text=_("Stored in UTC; shown in each person's time zone.")
    )
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_by_role = models.CharField(max_length=8, choices=Role.choices, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(
        max_length=200, blank=True, help_text=_("Room, video link or channel.")
    )
    # Teams, Zoom, Meet or any https link; shown in the room, emails and calendar files.
    video_url = models.URLField(max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    uid = models.CharField(max_length=120, unique=True, default=_new_meeting_uid)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["pair", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting of {self.pair} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    prompt = models.ForeignKey(
        "content.Prompt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
