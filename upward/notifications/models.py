"""Reminders and nudges: what people receive, how they want it, and a ledger of every send.

`Delivery` is the ledger. Its `key` is unique, so a reminder that two sweeps (or two workers)
both think is due is recorded once, and a message is only handed to the mail server by the one
worker whose compare-and-set claim moved the row from `pending` to `sending`. See
docs/notifications.md for the exact guarantees.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

# What people call each kind of message (pages, the failed-messages list, the admin).
KIND_LABELS = {
    "meeting_soon": _("Meeting tomorrow"),
    "charter_unsigned": _("Charter unsigned"),
    "action_due": _("Action due"),
    "survey_due": _("Check-in open"),
    "survey_overdue": _("Check-in overdue"),
    "pair_at_risk": _("Pair at risk"),
    "invitation_unanswered": _("Invitation unanswered"),
    "weekly_digest": _("Weekly digest"),
    "meeting_invitation": _("Meeting invitation"),
    "webhook_paused": _("Webhook paused"),
    "partner_erased": _("Partner left Upward"),
    "pair_message": _("Message from your partner"),
    "pair_ended": _("Partnership ended"),
    "pair_ending_early": _("Partner would like to end early"),
    "coordinator_nudge": _("Message from your coordinator"),
    "concern_news": _("News on your concern"),
    "concern_waiting": _("Concern waiting for a reply"),
}


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In the app")
    CHAT = "chat", _("Chat")


class Notification(models.Model):
    """One item in a person's in-app notification list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} → {self.user}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryPreference(models.Model):
    """How one person wants to be nudged. Absent row = the defaults (both channels, no quiet
    hours, the directory time zone)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference"
    )
    email_enabled = models.BooleanField(
        default=True, help_text=_("Send reminders and invitations by email.")
    )
    in_app_enabled = models.BooleanField(
        default=True, help_text=_("Show reminders in your notification list.")
    )
    # The person's own Slack or Teams incoming webhook (offered when the organisation lists the
    # provider in PERSONAL_CHAT_PROVIDERS). The URL is a credential: shown masked once saved.
    chat_enabled = models.BooleanField(default=False, help_text=_("Send reminders to my chat."))
    chat_provider = models.CharField(max_length=8, blank=True)
    chat_webhook_url = models.CharField(max_length=500, blank=True)
    quiet_start = models.TimeField(
        null=True,
        blank=True,
        help_text=_("No reminder emails or chat messages from this local time…"),
    )
    quiet_end = models.TimeField(null=True, blank=True, help_text=_("…until this local time."))
    timezone = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("Leave empty to use the time zone from the directory."),
    )
    # '' follows the browser's Accept-Language, then the organisation's LANGUAGE_CODE; emails,
    # reminders and calendar invitations use it too (upward/i18n.py).
    language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave empty to follow your browser's language."),
    )
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    @property
    def masked_chat_url(self) -> str:
        if not self.chat_webhook_url:
            return ""
        parts = urlsplit(self.chat_webhook_url)
        return f"{parts.scheme}://{parts.hostname or ''}/…{self.chat_webhook_url[-4:]}"


class ProgramNudgePause(models.Model):
    """While a row exists, the program's people receive no reminders (invitations still go)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="nudge_pause"
    )
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paused_at = models.DateTimeField(default=now)
    reason = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Nudges paused for {self.program}"


class Delivery(models.Model):
    """One message to one person on one channel, recorded before it is sent.

    Life cycle: pending → sending → sent. On a mail-server error the row goes back to pending
    with a later `next_attempt_at` (exponential backoff) until `MAX_ATTEMPTS`, then failed.
    A row left in `sending` by a worker that died mid-send becomes `uncertain`: it may or may
    not have reached the mail server, and we never send it again on our own (a coordinator can).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Interrupted while sending")
        SKIPPED = "skipped", _("Skipped")

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
    )
    template = models.CharField(max_length=60)
    context = models.JSONField(default=dict, blank=True)
    # Calendar attachment method (REQUEST/CANCEL) for meeting invitations; empty otherwise.
    ics_method = models.CharField(max_length=8, blank=True)
    # Nudges honour quiet hours and program pauses; invitations are not nudges.
    is_nudge = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["program", "status"]),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize()))

    @property
    def is_problem(self) -> bool:
        return self.status in {self.Status.FAILED, self.Status.UNCERTAIN}


class SweepRun(models.Model):
    """One scheduler tick, kept so the coordinator page can say when reminders last ran."""

    started_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Sweep at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(milliseconds=self.duration_ms)


class ChatProvider(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class ChatKind(models.TextChoices):
    """The program-level messages a channel may receive (never anything about one person)."""

    SURVEY_OPENED = "survey_opened", _("A survey opens")
    CHECKIN = "checkin", _("Group check-ins: when one is planned, and the day before")
    CELEBRATION = "celebration", _("Celebrations people agreed to share")


class ProgramChatChannel(models.Model):
    """A program's Slack or Teams channel, reached through an incoming-webhook URL.

    The URL is itself the credential (anyone holding it can post), so pages and the API show
    only its host and last characters once saved.
    """

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="chat_channel"
    )
    provider = models.CharField(max_length=8, choices=ChatProvider.choices)
    webhook_url = models.URLField(max_length=500)
    kinds = models.JSONField(default=list, blank=True)
    enabled = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.get_provider_display()} channel of {self.program}"

    @property
    def masked_url(self) -> str:
        parts = urlsplit(self.webhook_url)
        return f"{parts.scheme}://{parts.hostname or ''}/…{self.webhook_url[-4:]}"


class ChatPost(models.Model):
    """One message to one program's channel, recorded before it is sent (like `Delivery`).

    `key` is unique so a message is recorded once however often its occasion is seen; a post
    that the chat service refuses is retried with backoff, then marked failed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    key = models.CharField(max_length=255, unique=True)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="chat_posts"
    )
    kind = models.CharField(max_length=16, choices=ChatKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
