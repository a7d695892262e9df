"""The pair's journal: notes, reflections, growth threads, insights, actions, and the mentor's
own learning goals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upward.mentoring.models.meetings import Meeting
from upward.mentoring.models.pairs import Pair, Role


class GrowthEntry(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private (only me)")
        PAIR = "pair", _("Shared with my partner")
        PROGRAM = "program", _("Published to the program")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="growth_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every edit; an edit sends the version it started from (optimistic concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("growth entries")

    def __str__(self) -> str:
        return f"{self.visibility} entry #{self.pk}"


class Insight(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="insights")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class TrackedStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """A leader's commitment. Published actions appear on the program's follow-through board."""

    Status = TrackedStatus

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="actions")
    insight = models.ForeignKey(
        Insight, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TrackedStatus.choices, default="planned")
    dropped_reason = models.CharField(max_length=300, blank=True)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # Only the mentor can turn this on: credit is theirs to give.
    credit_mentor = models.BooleanField(default=False)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["pair", "status"]), models.Index(fields=["published"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status in (TrackedStatus.PLANNED, TrackedStatus.IN_PROGRESS)
            and self.due_on < timezone.localdate()
        )


class LearningGoal(models.Model):
    """Two-way learning: what the mentor wants to learn from the leader's experience."""

    Status = TrackedStatus

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="learning_goals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TrackedStatus.choices, default="planned")
    dropped_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private (only me)")
    SHARED = "shared", _("Shared with my partner")


class Note(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every edit; an edit sends the version it started from (optimistic concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.visibility} note #{self.pk}"


class Reflection(models.Model):
    """A short reflection after a meeting; the questions differ by role."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices)
    # Leader: what surprised me / what I will try. Mentor: what landed / what I want to raise next.
    surprised = models.TextField(blank=True)
    will_try = models.TextField(blank=True)
    landed = models.TextField(blank=True)
    raise_next = models.TextField(blank=True)
    # Private unless the writer chooses to share it with their partner (issue 11).
    shared_with_partner = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="one_reflection_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.role} reflection on {self.meeting_id}"
