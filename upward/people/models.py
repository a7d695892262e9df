"""The organisation directory (people, departments, affinity groups) and user accounts."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy, pgettext_lazy


class Department(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AffinityGroup(models.Model):
    """An employee resource group (ERG). Membership comes from the HR import, never guessed."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """One row of the HR directory. Leavers are deactivated (left_on set), never deleted."""

    employee_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    title = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=gettext_lazy("Grade; higher is more senior.")
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    location = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, blank=True, default="UTC")
    languages = models.JSONField(default=list, blank=True)
    affinity_groups = models.ManyToManyField(AffinityGroup, blank=True, related_name="members")
    hire_date = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["name", "employee_id"]
        indexes = [
            # Directory order; SQLite and PostgreSQL walk it and stop after one page.
            models.Index(fields=["name", "employee_id"]),
            models.Index(fields=["level"]),
        ]
        verbose_name_plural = gettext_lazy("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"


class ImportBatch(models.Model):
    """One directory import: who ran it, from where, and what it changed."""

    created_at = models.DateTimeField(default=now)
    created_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.source or 'directory'} at {self.created_at:%Y-%m-%d %H:%M}"


class PersonChange(models.Model):
    """History of a directory field that an import changed (manager moves, leavers, ...)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-batch__created_at", "field"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value!r} → {self.new_value!r}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_org_admin", True)
        return self.create_user(email, password, **extra)


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractBaseUser, PermissionsMixin):
    """A sign-in account. Program roles (coordinator, sponsor, leader, mentor) live on programs;
    these flags are the organisation-wide ones."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text=gettext_lazy("May use the Django admin site.")
    )
    is_org_admin = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Imports the directory and manages accounts and settings."),
    )
    is_coordinator = models.BooleanField(
        default=False, help_text=gettext_lazy("May design and run reverse-mentoring programs.")
    )
    is_sponsor = models.BooleanField(
        default=False, help_text=gettext_lazy("Sees program dashboards (aggregates only).")
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=_new_calendar_token)
    date_joined = models.DateTimeField(default=now)
    # When an org admin last sent the set-password invitation (None: never invited by e-mail).
    invited_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", gettext_lazy("Read only")
        READ_WRITE = "read_write", gettext_lazy("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    # Tokens made before scopes existed could write, so they keep doing so.
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ_WRITE)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=128, unique=True)
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class SignInThrottle(models.Model):
    """Failed sign-ins in the current window for one email or one client address.

    Counted by one atomic upsert per attempt (people/ratelimit.py), so a burst of concurrent
    attempts is counted exactly; a row at or above the limit is a lockout an org admin may lift.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", gettext_lazy("Email")
        ADDRESS = "address", pgettext_lazy("network address", "Address")

    key = models.CharField(max_length=300, unique=True, help_text="kind:value, lower case.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=254)
    failures = models.IntegerField(default=0)
    window_started_at = models.DateTimeField(default=now)
    last_attempt_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-last_attempt_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}: {self.failures}"

    @property
    def unlocks_at(self) -> dt.datetime:
        return self.window_started_at + dt.timedelta(seconds=settings.LOGIN_RATE_WINDOW_SECONDS)
