"""The pair's charter: what the two agree, signed by both, with every signed wording kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from upward.mentoring.models.pairs import Pair


class Charter(models.Model):
    """The pair's co-created agreement. Any edit after signing needs both signatures again."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="charter")
    goals = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    confidentiality = models.TextField(blank=True)
    success_definition = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    CONTENT_FIELDS = (
        "goals",
        "meeting_frequency",
        "channel",
        "confidentiality",
        "success_definition",
    )

    def __str__(self) -> str:
        return f"Charter v{self.version} of {self.pair}"

    @property
    def is_signed(self) -> bool:
        return self.leader_signed_at is not None and self.mentor_signed_at is not None

    def snapshot(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}


class CharterVersion(models.Model):
    """A frozen copy of the charter as it was before an edit (and at each signature)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField(default=dict)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version", "-created_at"]

    def __str__(self) -> str:
        return f"v{self.version} of {self.charter}"
