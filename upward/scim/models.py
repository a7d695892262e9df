"""Bearer tokens for SCIM provisioning (Entra ID, Okta): separate from people's API tokens, made
by an org admin for the identity provider, stored hashed and shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class ScimToken(models.Model):
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=128, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
