"""Our own conversation material: prompts, agenda templates, learning paths and resources."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Stage(models.TextChoices):
    FIRST = "first", "First conversation"
    MIDDLE = "middle", "Middle conversations"
    CLOSING = "closing", "Closing"


class Prompt(models.Model):
    """A conversation starter. Audience says who usually asks it."""

    class Audience(models.TextChoices):
        BOTH = "both", "Either person"
        LEADER = "leader", "Leader asks"
        MENTOR = "mentor", "Mentor asks"

    slug = models.SlugField(max_length=80, unique=True)
    text = models.CharField(max_length=300)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="prompts"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.MIDDLE)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.BOTH)
    why = models.CharField(max_length=300, blank=True, help_text="What the question opens up.")

    class Meta:
        ordering = ["stage", "topic__name", "pk"]

    def __str__(self) -> str:
        return self.text


class AgendaTemplate(models.Model):
    """A ready-made agenda: ordered item texts, some tied to prompts."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.MIDDLE)
    description = models.CharField(max_length=300, blank=True)
    items = models.JSONField(default=list, help_text="Ordered list of agenda item texts.")

    class Meta:
        ordering = ["stage", "name"]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide"
        LINK = "link", "Link"
        EXERCISE = "exercise", "Exercise"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        LEADER = "leader", "Leaders"
        MENTOR = "mentor", "Mentors"
        COORDINATOR = "coordinator", "Coordinators"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    summary = models.CharField(max_length=300)
    body = models.TextField(
        blank=True, help_text="Guide text; paragraphs separated by blank lines."
    )
    url = models.URLField(blank=True)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    minutes = models.PositiveSmallIntegerField(default=5, help_text="Reading or doing time.")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Roadmap(models.Model):
    """A learning path on one topic: ordered steps a pair works through together."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmaps"
    )
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RoadmapStep(models.Model):
    class Kind(models.TextChoices):
        RESOURCE = "resource", "Read or watch"
        ACTIVITY = "activity", "Do together"
        PROMPT = "prompt", "Talk about"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["roadmap", "order"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "order"], name="one_step_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class StepProgress(models.Model):
    """A pair finished a step (either person may tick it)."""

    pair = models.ForeignKey(
        "mentoring.Pair", on_delete=models.CASCADE, related_name="roadmap_progress"
    )
    step = models.ForeignKey(RoadmapStep, on_delete=models.CASCADE, related_name="progress")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "step"], name="step_done_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} did {self.step}"
