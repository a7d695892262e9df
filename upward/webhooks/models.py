"""Outgoing webhooks: endpoints people register, and a ledger of every delivery to them.

`WebhookDelivery` rows are written in the same transaction as the change they announce (an
outbox): a rolled-back change sends nothing, a committed one is delivered by a worker, with
retries, at least once. Receivers deduplicate on the delivery's `id` (docs/integrations.md).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"  # noqa: S105  (a prefix that marks the string, not a secret)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A URL that receives JSON deliveries for the events it chose.

    Its owner's role decides what reaches it, at record time and again at send time: an org
    admin's endpoint hears about every program (or the one it names), a coordinator's only
    about programs they manage.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        help_text=_("Only this program's events; empty for every program the owner manages."),
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)
    # Needed in clear to sign each body; shown to the owner once, when created or rotated.
    secret = models.CharField(max_length=80, default=new_secret)
    active = models.BooleanField(default=True, help_text=_("Turned off by its owner."))
    # Set when deliveries kept failing for WEBHOOKS_PAUSE_AFTER_HOURS; cleared by Resume.
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    # The first failure of the current streak; cleared by any successful delivery.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def state(self) -> str:
        if not self.active:
            return "off"
        return "paused" if self.is_paused else "active"


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body that is signed and sent, and how it went.

    Life cycle: pending → sending → delivered; a failed try goes back to pending with a later
    `next_attempt_at` (exponential backoff) until WEBHOOKS_MAX_ATTEMPTS, then failed. Replay
    puts any row back to pending, keeping its id so the receiver can tell it is the same event.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # The programs that made this event relevant to the endpoint; the owner must still manage
    # one of them (or be an org admin) when it is sent.
    programs = models.JSONField(default=list, blank=True)
    # The JSON text exactly as sent: the signature covers these bytes.
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    replays = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
        ]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
