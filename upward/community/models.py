"""Program spaces: posts, celebrations and group check-ins."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", pgettext_lazy("kind of post", "Post")
        ANNOUNCEMENT = "announcement", _("Announcement")
        CELEBRATION = "celebration", _("Celebration")

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # Celebrations point at what they celebrate; one celebration per action or pair closure.
    action = models.OneToOneField(
        "mentoring.Action",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="celebration",
    )
    pair = models.ForeignKey(
        "mentoring.Pair", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return self.title or self.body[:60]


def _new_checkin_uid() -> str:
    return f"checkin-{uuid.uuid4()}@upward"


class CheckIn(models.Model):
    """A group check-in for a whole program: an event with its own calendar entry."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="checkins"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    location = models.CharField(max_length=200, blank=True)
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    uid = models.CharField(max_length=120, unique=True, default=_new_checkin_uid)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class CheckInRSVP(models.Model):
    """A participant's answer to a group check-in invitation."""

    class Response(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    response = models.CharField(max_length=10, choices=Response.choices)
    # The check-in's SEQUENCE when answered: an older value means the answer was given for a
    # time that has since moved, so it is counted apart until the person answers again.
    answered_sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "user"], name="one_rsvp_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.response} {self.checkin_id}"


class Reply(models.Model):
    """An answer under a post: the thread that makes a post a conversation."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return self.body[:60]


class Reaction(models.Model):
    """One person's reaction of one kind to a post: a small fixed set, at most one of each kind
    per person (the constraint, not the code, makes a double click count once)."""

    class Kind(models.TextChoices):
        THANKS = "thanks", pgettext_lazy("reaction", "Thanks")
        CELEBRATE = "celebrate", pgettext_lazy("reaction", "Celebrate")
        INSIGHTFUL = "insightful", pgettext_lazy("reaction", "Insightful")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="one_reaction_per_person_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"
