"""Messages in the pair: a simple thread between the leader and the mentor of one pair.

Pair content: only the two members ever read it (coordinators, sponsors and admins see neither
the words nor that there are any), and it leaves Upward only as a notification that names the
partner, never the text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from upward.mentoring.models.pairs import Pair


class Message(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # When the other member first saw it (their room's thread or the API's mark-read).
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["pair", "-created_at"])]

    def __str__(self) -> str:
        return f"Message #{self.pk} in pair {self.pair_id}"
