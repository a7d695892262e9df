"""Safety and closure: confidential concerns, and each person's closing choice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upward.mentoring.models.pairs import Pair, Role


class Concern(models.Model):
    """A confidential report from a participant to the program's coordinators: a case, with a
    reply thread, a status history and a resolution (`ConcernEntry`).

    Never shown to the partner: only the person who raised it and the coordinators see it.
    `raised_by` is always stored (the raiser must find their concern and its replies again), but
    when `anonymous` is set nothing that names them (their name, their pair, their role in it)
    is ever shown to a coordinator, on any page, API answer, message or audit entry.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

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
    anonymous = models.BooleanField(
        default=False, help_text=_("The raiser asked the coordinators not to see who they are.")
    )
    # Optimistic concurrency: a status change made from a stale page is refused (409).
    version = models.PositiveIntegerField(default=1)
    resolution = models.TextField(blank=True, help_text=_("What was done; the raiser reads it."))
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Since when the case waits for a coordinator (raised, or the raiser wrote again); None once
    # a coordinator answered or changed its status. The reminder rule reads it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["waiting_since"]),
        ]

    def __str__(self) -> str:
        return f"Concern #{self.pk} ({self.status})"

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED


class ConcernEntry(models.Model):
    """One line of a concern's case: a reply in the confidential thread between the raiser and
    the coordinators, or a status change (who changed what, when)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        STATUS = "status", _("Status change")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by the person who raised the concern (shown without a name when it is anonymous).
    by_raiser = models.BooleanField(default=False)
    body = models.TextField(blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["concern", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} on concern #{self.concern_id}"


class ClosureChoice(models.Model):
    """How each person closes the pair: a final reflection and what they want next."""

    class Next(models.TextChoices):
        CONTINUE = "continue", _("Continue informally with my partner")
        GROUP = "group", _("Join a group (circle) in the next cohort")
        MENTOR_ANEW = "mentor_anew", _("Take part again with a new partner")
        PAUSE = "pause", _("Take a break for now")

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
