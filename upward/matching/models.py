"""Match runs in the app: what the engine was asked, what it proposed, and the coordinator's edits.

The engine itself (engine.py and friends) knows nothing of these tables; runs.py translates.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Short names of the engine's criteria for the score breakdown (the weights form words them
# at length).
BREAKDOWN_LABELS = {
    "topics": _("Topics"),
    "interests": _("Shared interests"),
    "style": _("Working style"),
    "affinity": _("Affinity groups"),
    "cross_department": _("Different departments"),
    "text": _("Own words"),
}


# A run's status inside a sentence ("This run is published"), lowercase where the language says so.
STATUS_WORDS = {
    "queued": pgettext_lazy("run status in a sentence", "queued"),
    "running": pgettext_lazy("run status in a sentence", "running"),
    "done": pgettext_lazy("run status in a sentence", "ready for review"),
    "consulting": pgettext_lazy("run status in a sentence", "consulting participants"),
    "published": pgettext_lazy("run status in a sentence", "published"),
    "failed": pgettext_lazy("run status in a sentence", "failed"),
    "discarded": pgettext_lazy("run status in a sentence", "discarded"),
}
# A consulted person's answer inside a sentence ("Leader: accepted").
ANSWER_WORDS = {
    "pending": pgettext_lazy("answer in a sentence", "waiting for an answer"),
    "accepted": pgettext_lazy("answer in a sentence", "accepted"),
    "declined": pgettext_lazy("answer in a sentence", "asked for another"),
    "not_asked": pgettext_lazy("answer in a sentence", "not consulted"),
    "no_answer": pgettext_lazy(
        "answer in a sentence", "no answer by the deadline (counted as yes)"
    ),
}


class MatchRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready for review")
        CONSULTING = "consulting", _("Consulting participants")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="match_runs"
    )
    number = models.PositiveIntegerField(
        default=1, help_text=_("Run 1, 2, ... within the program.")
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    # True once the program has pairs (it is active): only people without one are matched,
    # including those waiting for a new partner after a no-fault exit.
    late_joiners = models.BooleanField(default=False)
    settings = models.JSONField(default=dict, blank=True)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=64, blank=True)
    instance = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # People left out before matching (no intake, training not done), with why.
    excluded = models.JSONField(default=list, blank=True)
    consultation_deadline = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker running the run writes this every few seconds (services/recovery.py); a run
    # whose heartbeat is older than the lease lost its worker and is requeued or failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker started it (a run requeued after its worker died runs again).
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_run_number"),
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.program}"

    @property
    def consultation_over(self) -> bool:
        """The deadline has passed: unanswered proposals now count as accepted."""
        return (
            self.status == self.Status.CONSULTING
            and self.consultation_deadline is not None
            and timezone.localdate() > self.consultation_deadline
        )

    @property
    def is_finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def status_words(self) -> str:
        return str(STATUS_WORDS.get(self.status, self.status))


class ProposedPair(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Asked for another")
        NOT_ASKED = "not_asked", _("Not consulted")
        # Recorded at publish for answers still pending after the deadline: silence counts as
        # yes (the match stands), and the review page says so before anyone publishes.
        NO_ANSWER = "no_answer", _("No answer by the deadline (counted as yes)")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    leader = models.ForeignKey("programs.Participant", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("programs.Participant", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    breakdown = models.JSONField(default=dict, blank=True)
    # The engine's reasons as English sentences (what the API shows), and as codes with their
    # facts, worded in the reader's language on the pages (upward/matching/reasons.py).
    reasons = models.JSONField(default=list, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(default=False)
    edited = models.BooleanField(default=False, help_text=_("Changed by hand (a swap)."))
    leader_response = models.CharField(
        max_length=10, choices=Response.choices, default=Response.NOT_ASKED
    )
    mentor_response = models.CharField(
        max_length=10, choices=Response.choices, default=Response.NOT_ASKED
    )
    leader_note = models.CharField(max_length=500, blank=True)
    mentor_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "leader"], name="one_proposal_per_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.leader.person.name} & {self.mentor.person.name} ({self.score:.2f})"

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def breakdown_items(self) -> list[tuple[str, int]]:
        """Each criterion's part of the score as a person reads it ("Different departments 100"),
        in the engine's order; unknown keys (a newer engine) keep their code."""
        return [
            (BREAKDOWN_LABELS.get(name, name), round(float(value) * 100))
            for name, value in (self.breakdown or {}).items()
        ]

    def answer_of(self, side: str) -> str:
        """The side's answer as it stands now: pending turns into no-answer after the deadline."""
        value: str = getattr(self, f"{side}_response")
        if value == self.Response.PENDING and self.run.consultation_over:
            return self.Response.NO_ANSWER
        return value

    @property
    def leader_answer(self) -> str:
        return self.answer_of("leader")

    @property
    def mentor_answer(self) -> str:
        return self.answer_of("mentor")

    @property
    def leader_answer_label(self) -> str:
        return str(self.Response(self.leader_answer).label)

    @property
    def mentor_answer_label(self) -> str:
        return str(self.Response(self.mentor_answer).label)

    @property
    def leader_answer_words(self) -> str:
        return str(ANSWER_WORDS.get(self.leader_answer, self.leader_answer))

    @property
    def mentor_answer_words(self) -> str:
        return str(ANSWER_WORDS.get(self.mentor_answer, self.mentor_answer))

    @property
    def declined(self) -> bool:
        return self.Response.DECLINED in {self.leader_response, self.mentor_response}


class UnmatchedEntry(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(
        "programs.Participant", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField()
    # The engine's reason as a code with its facts ({} when the app wrote `reason` itself).
    explanation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["participant__role", "pk"]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.reason}"


class PairRule(models.Model):
    """A coordinator's (or a consulted participant's) standing rule for the next runs."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Locked together")
        FORBID = "forbid", _("Never together")

    class Source(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CONSULTATION = "consultation", _("Consultation")
        # The pair ended early (a no-fault exit): never proposed together again.
        EXIT = "exit", _("Ended by no-fault exit")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="pair_rules"
    )
    leader = models.ForeignKey("programs.Participant", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("programs.Participant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.COORDINATOR)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "leader", "mentor"], name="one_rule_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.leader_id}-{self.mentor_id}"

    @property
    def reason_words(self) -> str:
        """Why the rule stands, as the review pages say it (in the active language)."""
        if self.kind == self.Kind.LOCK:
            if self.source == self.Source.CONSULTATION:
                return str(_("both accepted this match in the consultation"))
            return str(_("locked by the coordinator"))
        if self.source == self.Source.EXIT:
            return str(_("ended by no-fault exit"))
        if self.source == self.Source.CONSULTATION:
            return str(_("one of them asked for another match"))
        return str(_("forbidden by the coordinator"))
