"""Forms: validation with field errors for every page (and the API's intake endpoint)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

from django import forms
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from upward.engine.instance import CRITERIA, DEFAULT_WEIGHTS, OBJECTIVES
from upward.inputs import TEXT_MAX, Form
from upward.people.models import Department, Person, User
from upward.programs.catalog import (
    DEFAULT_MATCHING_SETTINGS,
    LANGUAGE_NAMES,
    PROGRAM_TEMPLATES,
    STYLE_QUESTIONS,
)
from upward.programs.measures import MEETINGS_MAX, measure_choices
from upward.programs.models import (
    ANONYMITY_FLOOR,
    Intake,
    InterestResponse,
    Objective,
    Participant,
    Program,
    Topic,
)
from upward.programs.services.invitations import DirectoryFilter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CRITERION_LABELS = {
    "topics": _("Topics (mentor can teach what the leader wants)"),
    "interests": _("Shared interests"),
    "style": _("Similar working style"),
    "affinity": _("Shared affinity groups"),
    "cross_department": _("Different departments"),
    "text": _("Goals and strengths in their own words"),
}
OBJECTIVE_LABELS = {
    "max_total": _("Best overall (largest total score)"),
    "max_min": _("Fairest (raise the weakest pair)"),
    "stable": _("Stable (no two people would rather swap)"),
}


def language_choices() -> list[tuple[str, str]]:
    """The languages people meet in, sorted by their name in the active language."""
    names = ((code, str(name)) for code, name in LANGUAGE_NAMES.items())
    return sorted(names, key=lambda kv: kv[1])


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # declared so on the form class
    return field


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # declared so on the form class
    return field


LEVEL_CHOICES = [
    (0, _("0 – not at all")),
    (1, _("1 – a little")),
    (2, _("2 – quite")),
    (3, _("3 – very")),
]


class ProgramForm(Form):
    template = forms.ChoiceField(
        choices=[(k, t.label) for k, t in PROGRAM_TEMPLATES.items()], widget=forms.HiddenInput
    )
    # The version an edit starts from (optimistic concurrency); empty when creating.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One narrow purpose, in a sentence or two. Programs with a vague aim fade."),
    )
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The executive who champions the program and hears its results."),
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Focus topics. Sensitive (identity) topics are opt-in for mentors."),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"),
        min_value=1,
        max_value=24,
        initial=6,
        help_text=_("Six to nine months works best."),
    )
    cadence_days = forms.IntegerField(
        min_value=7,
        max_value=90,
        initial=30,
        label=_("Meet every (days)"),
        help_text=_("Monthly is 30."),
    )
    meeting_minutes = forms.IntegerField(
        label=_("Meeting minutes"),
        min_value=15,
        max_value=180,
        initial=60,
        help_text=_("45 to 60 minutes is typical."),
    )
    mentor_capacity = forms.IntegerField(
        label=_("Mentor capacity"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("Most leaders a mentor may take on."),
    )
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=ANONYMITY_FLOOR,
        max_value=50,
        initial=5,
        help_text=_(
            "Survey results appear only once at least this many people answered. It can "
            "be raised later, never lowered once people have answered."
        ),
    )
    require_readiness = forms.BooleanField(
        label=_("Require readiness"),
        required=False,
        help_text=_("Only match people who finished their readiness training."),
    )
    consult_mentors = forms.BooleanField(
        label=_("Consult mentors"),
        required=False,
        help_text=_("Ask mentors too (not only leaders) to accept their match."),
    )
    open_enrolment = forms.BooleanField(
        required=False,
        label=_("Open enrolment"),
        help_text=_(
            "Anyone in the directory sees the program on their home page and may apply; "
            "you accept or decline each application on the participants page."
        ),
    )
    objective = forms.ChoiceField(
        label=_("Objective"), choices=[(o, OBJECTIVE_LABELS[o]) for o in OBJECTIVES]
    )
    min_level_gap = forms.IntegerField(
        label=_("Min level gap"),
        min_value=0,
        max_value=10,
        initial=2,
        help_text=_("Leader at least this many levels above."),
    )
    exclude_reporting_line = forms.BooleanField(
        label=_("Exclude reporting line"),
        required=False,
        initial=True,
        help_text=_("Never pair someone with their own manager chain."),
    )
    require_shared_language = forms.BooleanField(
        label=_("Require shared language"), required=False, initial=True
    )
    min_score = forms.IntegerField(
        label=_("Min score"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("Leave unmatched rather than below this."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"weight_{criterion}"] = forms.IntegerField(
                min_value=0,
                max_value=100,
                initial=round(DEFAULT_WEIGHTS[criterion] * 100),
                label=CRITERION_LABELS[criterion],
            )
        # The people who hold a role now are always among the choices, however they got it
        # (an org admin grants roles per program on the account pages, without the
        # organisation-wide flags): a choice the form cannot show would be dropped on save.
        sponsor_now = self.initial.get("sponsor")
        coordinators_now = list(self.initial.get("coordinators") or [])
        _model_field(self, "sponsor").queryset = User.objects.filter(
            Q(is_sponsor=True) | Q(is_org_admin=True) | Q(pk=sponsor_now), is_active=True
        ).order_by("name")
        _model_field(self, "coordinators").queryset = User.objects.filter(
            Q(is_coordinator=True) | Q(is_org_admin=True) | Q(pk__in=coordinators_now),
            is_active=True,
        ).order_by("name")

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{c}"] for c in CRITERIA]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(f"weight_{c}") for c in CRITERIA]
        given = [w for w in weights if w is not None]
        if len(given) == len(weights) and sum(given) == 0:
            self.add_error(
                "weight_topics", gettext("At least one criterion needs a weight above 0.")
            )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", gettext("The end date must be after the start date."))
        return data

    @staticmethod
    def initial_from(values: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from a program (or template defaults)."""
        settings: dict[str, Any] = {
            **DEFAULT_MATCHING_SETTINGS,
            **values.get("matching_settings", {}),
        }
        weights = {**DEFAULT_WEIGHTS, **settings.get("weights", {})}
        initial = {k: v for k, v in values.items() if k != "matching_settings"}
        initial.update(
            objective=settings["objective"],
            min_level_gap=settings["min_level_gap"],
            exclude_reporting_line=settings["exclude_reporting_line"],
            require_shared_language=settings["require_shared_language"],
            min_score=round(float(settings["min_score"]) * 100),
        )
        total = sum(weights.values()) or 1.0
        for c in CRITERIA:
            initial[f"weight_{c}"] = round(weights[c] / total * 100)
        return initial

    def service_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        total = sum(d[f"weight_{c}"] for c in CRITERIA) or 1
        settings = {
            "objective": d["objective"],
            "min_level_gap": d["min_level_gap"],
            "exclude_reporting_line": d["exclude_reporting_line"],
            "require_shared_language": d["require_shared_language"],
            "min_score": d["min_score"] / 100,
            "weights": {c: round(d[f"weight_{c}"] / total, 4) for c in CRITERIA},
        }
        keys = [
            "name",
            "purpose",
            "sponsor",
            "starts_on",
            "ends_on",
            "duration_months",
            "cadence_days",
            "meeting_minutes",
            "mentor_capacity",
            "anonymity_threshold",
            "require_readiness",
            "consult_mentors",
            "open_enrolment",
        ]
        values = {k: d[k] for k in keys}
        values["matching_settings"] = settings
        return values


def program_initial(program: Program) -> dict[str, Any]:
    values: dict[str, Any] = {
        "template": program.template or "blank",
        "name": program.name,
        "purpose": program.purpose,
        "sponsor": program.sponsor_id,
        "coordinators": list(program.coordinators.values_list("pk", flat=True)),
        "topics": list(program.topics.values_list("pk", flat=True)),
        "starts_on": program.starts_on,
        "ends_on": program.ends_on,
        "duration_months": program.duration_months,
        "cadence_days": program.cadence_days,
        "meeting_minutes": program.meeting_minutes,
        "mentor_capacity": program.mentor_capacity,
        "anonymity_threshold": program.anonymity_threshold,
        "require_readiness": program.require_readiness,
        "consult_mentors": program.consult_mentors,
        "open_enrolment": program.open_enrolment,
        "matching_settings": program.matching_settings or {},
    }
    return ProgramForm.initial_from(values) | {"version": program.version}


class TopicForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_("About identity or lived experience: mentors are never assumed to discuss it."),
    )


class PhaseForm(Form):
    to_phase = forms.ChoiceField(choices=Program.Phase.choices)
    note = forms.CharField(max_length=500, required=False)
    confirm = forms.BooleanField(required=False)


class InviteForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)
    people = forms.CharField(
        label=_("People"),
        widget=forms.Textarea(attrs={"rows": 4}),
        # The boundary's limit for any text (a 200-person batch is well within it); a larger
        # list belongs in a CSV file.
        max_length=TEXT_MAX,
        help_text=_(
            "Employee ids or e-mail addresses, separated by commas, spaces or new lines. "
            "Lines that cannot be invited stay here for you to correct."
        ),
    )


class InviteCsvForm(Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Participant.Role.choices,
        help_text=_("Unless the file has a role column."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A header row with an email column (the directory export works as it is); "
            "an optional role column (leader or mentor) per row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class DirectoryInviteForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    level_min = forms.IntegerField(min_value=0, max_value=99, required=False, label=_("Level from"))
    level_max = forms.IntegerField(min_value=0, max_value=99, required=False, label=_("to"))
    location = forms.ChoiceField(label=_("Location"), choices=[], required=False)
    # The count the coordinator saw in the preview: nobody is invited who was not counted.
    expected = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = (
            Person.objects.filter(is_active=True)
            .exclude(location="")
            .values_list("location", flat=True)
            .distinct()
            .order_by("location")
        )
        any_ = gettext("Any")
        _choice_field(self, "location").choices = [("", any_), *((x, x) for x in locations)]
        _model_field(self, "department").empty_label = any_

    def directory_filter(self) -> DirectoryFilter:
        d = self.cleaned_data
        return DirectoryFilter(
            department=d.get("department"),
            level_min=d.get("level_min"),
            level_max=d.get("level_max"),
            location=d.get("location") or "",
        )


class ApplyForm(Form):
    role = forms.ChoiceField(
        choices=[
            ("leader", _("As a leader: I want to learn from a junior colleague")),
            ("mentor", _("As a mentor: I want to share what I know with a senior leader")),
        ],
        widget=forms.RadioSelect,
        label=_("How would you take part?"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        label=_("Why would you like to take part? (optional)"),
        help_text=_("The program's coordinators read this; nobody else does."),
    )
    consent = forms.BooleanField(
        label=_("I have read how my data is used and I want to take part."),
        error_messages={"required": _("Tick the box to agree to how your data is used.")},
    )


class InterestForm(Form):
    interest = forms.ChoiceField(
        choices=InterestResponse.Interest.choices, widget=forms.RadioSelect, label=_("Would you…")
    )
    topics = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which topics would be worth it?"),
    )
    hopes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label=_("What would you hope to get out of it?"),
    )
    worries = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label=_("What would worry you about it?"),
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "topics").choices = [(t.slug, t.name) for t in topics]


class ConsentForm(Form):
    consent = forms.BooleanField(
        label=_("I have read how my data is used and I want to take part."),
        error_messages={"required": _("Tick the box to agree to how your data is used.")},
    )


def _split_list(value: str) -> list[str]:
    items = [v.strip() for v in value.replace(";", ",").split(",")]
    return list(dict.fromkeys(v[:60] for v in items if v))


class IntakeForm(Form):
    """The intake questionnaire for one participant; fields depend on their role.

    Saving a draft checks only what was typed; submitting also requires the role's answers.
    """

    goals = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What do you want to learn, in your own words?"),
    )
    will_do = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What will you do with what you learn?"),
        help_text=_("A decision, a habit, a policy: something others could notice."),
    )
    strengths = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What could you show or tell a senior leader?"),
        help_text=_("Tools you use, customers you talk to, what you see from where you sit."),
    )
    sensitive_topics = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sensitive topics you are willing to discuss (only if you want to)"),
    )
    not_represent = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics you will not be asked to represent"),
        help_text=_("Your leader's matching will never count on you for these."),
    )
    not_represent_note = forms.CharField(
        required=False, max_length=300, label=_("Anything else you will not speak for")
    )
    capacity = forms.IntegerField(
        required=False, min_value=1, label=_("How many leaders could you mentor at once?")
    )
    availability = forms.CharField(
        required=False,
        max_length=300,
        label=_("When are you usually available?"),
        help_text=_("For example: Tuesday or Thursday mornings."),
    )
    time_zone = forms.CharField(required=False, max_length=64, label=_("Time zone"))
    interests = forms.CharField(
        required=False,
        max_length=500,
        label=_("Interests outside work"),
        help_text=_("Separated by commas, e.g. cycling, podcasts, cooking."),
    )
    languages = forms.MultipleChoiceField(
        required=False,
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages you are happy to meet in"),
    )
    preferred_channel = forms.ChoiceField(
        required=False,
        choices=[("", _("No preference")), *Intake.Channel.choices],
        label=_("Preferred way to meet"),
    )

    def __init__(
        self, *args: Any, participant: Participant, submitting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.submitting = submitting
        self.role = participant.role
        program = participant.program
        all_topics = list(program.topics.all()) or list(Topic.objects.all())
        self.plain_topics = [t for t in all_topics if not t.sensitive]
        sensitive = [t for t in all_topics if t.sensitive]
        learn = self.role == Participant.Role.LEADER
        for topic in self.plain_topics if not learn else all_topics:
            self.fields[f"topic_{topic.slug}"] = forms.TypedChoiceField(
                choices=LEVEL_CHOICES,
                coerce=int,
                required=False,
                empty_value=0,  # type: ignore[arg-type]
                label=topic.name,
                help_text=topic.description,
            )
        for key, low, high in STYLE_QUESTIONS:
            self.fields[f"style_{key}"] = forms.TypedChoiceField(
                choices=[("", "–"), *[(i, str(i)) for i in range(1, 6)]],
                coerce=int,
                required=False,
                empty_value=None,
                label=f"{low} (1) … {high} (5)",
            )
        self.max_capacity = program.mentor_capacity
        if learn:
            for name in (
                "strengths",
                "sensitive_topics",
                "not_represent",
                "not_represent_note",
                "capacity",
                "availability",
            ):
                del self.fields[name]
        else:
            for name in ("goals", "will_do"):
                del self.fields[name]
            _choice_field(self, "sensitive_topics").choices = [(t.slug, t.name) for t in sensitive]
            _choice_field(self, "not_represent").choices = [(t.slug, t.name) for t in all_topics]
            if not sensitive:
                del self.fields["sensitive_topics"]

    @property
    def topic_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("topic_")]

    @property
    def style_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("style_")]

    @property
    def is_leader(self) -> bool:
        return self.role == Participant.Role.LEADER

    def clean_time_zone(self) -> str:
        # Free text once let "Mars/Olympus" through; meetings are placed in this zone.
        value = (self.cleaned_data.get("time_zone") or "").strip()
        if value and value not in available_timezones():
            raise forms.ValidationError(
                gettext(
                    "%(value)s is not a time zone we know. Use a name like Europe/Paris or UTC."
                )
                % {"value": repr(value)}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels = {n[6:]: data.get(n) or 0 for n in self.fields if n.startswith("topic_")}
        if self.submitting:
            if not any(levels.values()):
                first = next((n for n in self.fields if n.startswith("topic_")), None)
                message = (
                    gettext("Choose at least one topic you want to learn.")
                    if self.is_leader
                    else gettext("Choose at least one topic you can teach.")
                )
                if first:
                    self.add_error(first, message)
            required = (
                [
                    ("goals", gettext("Tell us what you want to learn.")),
                    ("will_do", gettext("Say what you will do with it.")),
                ]
                if self.is_leader
                else [
                    ("strengths", gettext("Tell us what you could share.")),
                    ("availability", gettext("Say when you are usually available.")),
                    ("capacity", gettext("Say how many leaders you could mentor.")),
                ]
            )
            for name, message in required:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            if not data.get("languages"):
                self.add_error("languages", gettext("Choose at least one language."))
        if not self.is_leader:
            capacity = data.get("capacity")
            if capacity and capacity > self.max_capacity:
                self.add_error(
                    "capacity",
                    ngettext(
                        "This program allows at most %(n)d leader per mentor.",
                        "This program allows at most %(n)d leaders per mentor.",
                        self.max_capacity,
                    )
                    % {"n": self.max_capacity},
                )
            both = set(data.get("sensitive_topics") or []) & set(data.get("not_represent") or [])
            if both:
                self.add_error(
                    "not_represent",
                    gettext(
                        "A topic cannot be both one you will discuss and one you will not "
                        "represent."
                    ),
                )
        return data

    def intake_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        values: dict[str, Any] = {
            "topics": {n[6:]: int(d.get(n) or 0) for n in self.fields if n.startswith("topic_")},
            "interests": _split_list(d.get("interests") or ""),
            "languages": list(d.get("languages") or []),
            "preferred_channel": d.get("preferred_channel") or "",
            "time_zone": d.get("time_zone") or "",
            "style": [d.get(f"style_{k}") for k, _low, _high in STYLE_QUESTIONS],
        }
        if all(v is None for v in values["style"]):
            values["style"] = []
        elif any(v is None for v in values["style"]):
            values["style"] = [v or 3 for v in values["style"]]  # unanswered = neutral middle
        if self.is_leader:
            values.update(goals=d.get("goals") or "", will_do=d.get("will_do") or "")
        else:
            values.update(
                strengths=d.get("strengths") or "",
                sensitive_topics=list(d.get("sensitive_topics") or []),
                not_represent=list(d.get("not_represent") or []),
                not_represent_note=d.get("not_represent_note") or "",
                availability=d.get("availability") or "",
                capacity=d.get("capacity") or 1,
            )
        return values


def intake_initial(intake: Intake | None, participant: Participant) -> dict[str, Any]:
    person = participant.person
    if intake is None:
        return {
            "languages": [lang for lang in person.languages if lang in LANGUAGE_NAMES],
            "time_zone": person.timezone,
            "capacity": 1,
        }
    initial: dict[str, Any] = {
        "goals": intake.goals,
        "will_do": intake.will_do,
        "strengths": intake.strengths,
        "sensitive_topics": intake.sensitive_topics,
        "not_represent": intake.not_represent,
        "not_represent_note": intake.not_represent_note,
        "capacity": intake.capacity,
        "availability": intake.availability,
        "time_zone": intake.time_zone,
        "interests": ", ".join(intake.interests),
        "languages": intake.languages,
        "preferred_channel": intake.preferred_channel,
    }
    for slug, level in (intake.topics or {}).items():
        initial[f"topic_{slug}"] = level
    for (key, _low, _high), value in zip(STYLE_QUESTIONS, intake.style or [], strict=False):
        initial[f"style_{key}"] = value
    return initial


class TrainingCheckForm(Form):
    answer = forms.TypedChoiceField(
        choices=[], coerce=int, widget=forms.RadioSelect, label=_("Check your understanding")
    )

    def __init__(self, *args: Any, options: tuple[StrOrPromise, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "answer").choices = [(i, str(o)) for i, o in enumerate(options)]


def _measure_select_choices() -> list[tuple[str, Any]]:
    return [("", gettext("Choose a measure")), *measure_choices()]


class ObjectiveForm(Form):
    """An objective's statement, measure and target; the service checks the target fits."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    statement = forms.CharField(
        label=_("Statement"),
        max_length=300,
        help_text=_("What will be different, in a sentence anyone can read."),
    )
    measure = forms.ChoiceField(
        label=_("Measure"),
        choices=_measure_select_choices,
        help_text=_("What Upward counts for it, or a figure you record yourself."),
    )
    min_meetings = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MEETINGS_MAX,
        label=_("Meetings (N)"),
        help_text=_("Only for “Pairs that held at least N meetings”."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Objective.Direction.choices)
    target = forms.DecimalField(
        label=_("Target"),
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "A count (0 or more), a percentage (0 to 100) or an average (1 to 5), as the "
            "measure says."
        ),
    )

    def service_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: d[k] for k in ("statement", "measure", "min_meetings", "direction", "target")}


def objective_initial(objective: Objective) -> dict[str, Any]:
    return {
        "version": objective.version,
        "statement": objective.statement,
        "measure": objective.measure,
        "min_meetings": objective.min_meetings,
        "direction": objective.direction,
        "target": objective.target,
    }


class ReadingForm(Form):
    value = forms.DecimalField(max_digits=10, decimal_places=2, label=_("Figure"))
    recorded_on = forms.DateField(
        label=_("For the day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Where the figure comes from (optional)."),
    )
