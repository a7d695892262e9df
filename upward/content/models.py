"""Our own conversation material: prompts, agenda templates, learning paths and resources."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upward.content.library import shown, shown_items


class Stage(models.TextChoices):
    FIRST = "first", _("First conversation")
    MIDDLE = "middle", _("Middle conversations")
    CLOSING = "closing", _("Closing")


class Prompt(models.Model):
    """A conversation starter. Audience says who usually asks it."""

    class Audience(models.TextChoices):
        BOTH = "both", _("Either person")
        LEADER = "leader", _("Leader asks")
        MENTOR = "mentor", _("Mentor asks")

    slug = models.SlugField(max_length=80, unique=True)
    text = models.CharField(max_length=300)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="prompts"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.MIDDLE)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.BOTH)
    why = models.CharField(max_length=300, blank=True, help_text=_("What the question opens up."))

    class Meta:
        ordering = ["stage", "topic__name", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return shown("prompt", self.slug, "text", self.text)

    @property
    def shown_why(self) -> str:
        return shown("prompt", self.slug, "why", self.why)


class AgendaTemplate(models.Model):
    """A ready-made agenda: ordered item texts, some tied to prompts."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.MIDDLE)
    description = models.CharField(max_length=300, blank=True)
    items = models.JSONField(default=list, help_text=_("Ordered list of agenda item texts."))

    class Meta:
        ordering = ["stage", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        return shown("agenda", self.slug, "name", self.name)

    @property
    def shown_description(self) -> str:
        return shown("agenda", self.slug, "description", self.description)

    @property
    def shown_items(self) -> list[str]:
        return shown_items(self.slug, list(self.items or []))


AUDIENCE_WORDS = {
    "everyone": _("for everyone"),
    "leader": _("for leaders"),
    "mentor": _("for mentors"),
    "coordinator": _("for coordinators"),
}


class Resource(models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        LINK = "link", _("Link")
        EXERCISE = "exercise", _("Exercise")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        LEADER = "leader", _("Leaders")
        MENTOR = "mentor", _("Mentors")
        COORDINATOR = "coordinator", _("Coordinators")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    summary = models.CharField(max_length=300)
    body = models.TextField(
        blank=True, help_text=_("Guide text; paragraphs separated by blank lines.")
    )
    url = models.URLField(blank=True)
    topic = models.ForeignKey(
        "programs.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    minutes = models.PositiveSmallIntegerField(default=5, help_text=_("Reading or doing time."))

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_words(self) -> str:
        """'for leaders': who the resource is for, as a phrase."""
        return str(AUDIENCE_WORDS.get(self.audience, self.audience))

    @property
    def shown_title(self) -> str:
        return shown("resource", self.slug, "title", self.title)

    @property
    def shown_summary(self) -> str:
        return shown("resource", self.slug, "summary", self.summary)

    @property
    def shown_body(self) -> str:
        return shown("resource", self.slug, "body", self.body)


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

    @property
    def shown_title(self) -> str:
        return shown("roadmap", self.slug, "title", self.title)

    @property
    def shown_summary(self) -> str:
        return shown("roadmap", self.slug, "summary", self.summary)


class RoadmapStep(models.Model):
    class Kind(models.TextChoices):
        RESOURCE = "resource", _("Read or watch")
        ACTIVITY = "activity", _("Do together")
        PROMPT = "prompt", _("Talk about")

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

    @property
    def shown_title(self) -> str:
        return shown("step", f"{self.roadmap.slug}/{self.order}", "title", self.title)

    @property
    def shown_body(self) -> str:
        return shown("step", f"{self.roadmap.slug}/{self.order}", "body", self.body)


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
