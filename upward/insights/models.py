"""Behaviour change a program caused: tools adopted, policies and practices changed.

These are logged by a leader or a coordinator as short public-facing statements ("Team adopted a
shared Notion board for planning"), never copied from a pair's private notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BehaviourChange(models.Model):
    class Kind(models.TextChoices):
        TOOL_ADOPTED = "tool_adopted", _("Tool adopted")
        POLICY_CHANGED = "policy_changed", _("Policy changed")
        PRACTICE_CHANGED = "practice_changed", _("Practice changed")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="behaviour_changes"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(
        max_length=200,
        help_text=_(
            "One line anyone in the organisation could read, e.g. "
            "“Finance leadership now reviews dashboards on mobile”."
        ),
    )
    happened_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["program", "kind"])]

    def __str__(self) -> str:
        return self.title
