"""Fixed content the programs app ships with: seed topics, program templates, consent wording,
intake scales. Kept as data so a deployment can review (and translate) it in one place.

The texts are translated when shown (gettext_lazy); the seed topics are not, because they are
stored in the database where coordinators rename and describe them (user data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# (slug, name, description, sensitive). Identity topics are sensitive: a mentor is never assumed
# to speak about them and must opt in explicitly in their intake.
SEED_TOPICS: list[tuple[str, str, str, bool]] = [
    (
        "digital-tools-ai",
        "Digital tools & AI",
        "Everyday AI assistants, automation, new tools.",
        False,
    ),
    ("social-platforms", "Social platforms", "How people discover, share and talk online.", False),
    (
        "younger-customers",
        "Younger customers",
        "What younger buyers notice, expect and ignore.",
        False,
    ),
    ("workplace-values", "Workplace values", "Flexibility, purpose, recognition, growth.", False),
    ("inclusion", "Inclusion", "Who gets heard, who gets ahead, and why.", False),
    ("sustainability", "Sustainability", "Climate and social impact as colleagues see it.", False),
    ("ways-of-working", "Ways of working", "Hybrid work, meetings, tools, pace.", False),
    ("lgbtq-experience", "LGBTQ+ experience at work", "Lived experience; opt-in only.", True),
    ("race-ethnicity", "Race and ethnicity at work", "Lived experience; opt-in only.", True),
    (
        "disability-neurodiversity",
        "Disability and neurodiversity",
        "Lived experience; opt-in only.",
        True,
    ),
    ("gender-at-work", "Gender at work", "Lived experience; opt-in only.", True),
]


@dataclass(frozen=True)
class ObjectiveSpec:
    """An objective a template (or the demo) starts a program with; see `programs.measures`."""

    statement: StrOrPromise
    measure: str
    target: float
    direction: str = "at_least"
    min_meetings: int | None = None


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    label: StrOrPromise
    purpose: StrOrPromise
    objectives: tuple[ObjectiveSpec, ...]
    topics: list[str] = field(default_factory=list)
    duration_months: int = 6
    require_readiness: bool = True
    consult_mentors: bool = False
    weights: dict[str, float] = field(default_factory=dict)


PROGRAM_TEMPLATES: dict[str, ProgramTemplate] = {
    t.key: t
    for t in [
        ProgramTemplate(
            key="digital-fluency",
            label=_("Reverse mentoring: digital fluency"),
            purpose=_(
                "Help senior leaders use today's digital tools and AI with confidence, by learning "
                "hands-on from colleagues who use them every day."
            ),
            objectives=(
                ObjectiveSpec(
                    _("Most leaders put a new tool to work and show it on the board"),
                    "pairs_with_published_action_pct",
                    80,
                ),
                ObjectiveSpec(
                    # xgettext:no-python-format
                    _("80% of pairs meet at least five times"),
                    "pairs_min_meetings_pct",
                    80,
                    min_meetings=5,
                ),
                ObjectiveSpec(
                    _("Leaders rate their skill gain 4 of 5 or more at the check-ins"),
                    "survey_leader_skill_gain",
                    4,
                ),
            ),
            topics=["digital-tools-ai", "social-platforms", "ways-of-working", "younger-customers"],
            weights={
                "topics": 0.55,
                "interests": 0.1,
                "style": 0.1,
                "affinity": 0.05,
                "cross_department": 0.1,
                "text": 0.1,
            },
        ),
        ProgramTemplate(
            key="workplace-culture",
            label=_("Reverse mentoring: workplace culture"),
            purpose=_(
                "Give senior leaders an honest, first-hand view of what working here feels like "
                "for early-career colleagues, and turn it into changes people can see."
            ),
            objectives=(
                ObjectiveSpec(
                    _("Nine leaders in ten make one visible change by month 6"),
                    "pairs_with_published_action_pct",
                    90,
                ),
                ObjectiveSpec(
                    # xgettext:no-python-format
                    _("Early-career engagement reaches 75% favourable at the next pulse survey"),
                    "recorded_pct",
                    75,
                ),
                ObjectiveSpec(
                    _("Mentors feel safe to speak candidly (check-in average 4 of 5 or more)"),
                    "survey_mentor_psychological_safety",
                    4,
                ),
            ),
            topics=["workplace-values", "ways-of-working", "inclusion", "sustainability"],
            weights={
                "topics": 0.4,
                "interests": 0.15,
                "style": 0.15,
                "affinity": 0.1,
                "cross_department": 0.1,
                "text": 0.1,
            },
        ),
        ProgramTemplate(
            key="inclusive-leadership",
            label=_("Reverse mentoring: inclusive leadership"),
            purpose=_(
                "Help senior leaders understand how decisions land for colleagues from "
                "under-represented groups, so that policies and habits become fairer."
            ),
            objectives=(
                ObjectiveSpec(
                    _("Eight processes or policies reviewed with a mentor's input by month 9"),
                    "recorded_count",
                    8,
                ),
                ObjectiveSpec(
                    # xgettext:no-python-format
                    _("Pairs keep their rhythm: meeting adherence of 75% or more"),
                    "meeting_adherence_pct",
                    75,
                ),
                ObjectiveSpec(
                    _(
                        "Mentors feel respected in the relationship "
                        "(check-in average 4 of 5 or more)"
                    ),
                    "survey_mentor_relationship_quality",
                    4,
                ),
            ),
            topics=[
                "inclusion",
                "workplace-values",
                "lgbtq-experience",
                "race-ethnicity",
                "disability-neurodiversity",
                "gender-at-work",
            ],
            duration_months=9,
            consult_mentors=True,
            weights={
                "topics": 0.45,
                "interests": 0.1,
                "style": 0.1,
                "affinity": 0.15,
                "cross_department": 0.1,
                "text": 0.1,
            },
        ),
        ProgramTemplate(
            key="blank",
            label=_("Blank program"),
            purpose="",
            objectives=(),
            topics=[],
            require_readiness=False,
        ),
    ]
}

CONSENT_VERSION = "2026-1"
CONSENT_TEXT = _(
    "Taking part is voluntary. By opting in you agree that the program coordinators may use your "
    "directory record (name, title, level, department, reporting line, languages, affinity "
    "groups you are listed in) and your intake answers to propose a mentoring partner. Your "
    "partner will see a short profile summary. Coordinators see how your pair is doing (dates, "
    "counts, statuses), never your private or shared notes, and survey answers are only shown "
    "in aggregate. You can withdraw at any time without giving a reason."
)

# The three working-style questions, each answered 1-5; the engine compares the vectors.
STYLE_QUESTIONS: list[tuple[str, StrOrPromise, StrOrPromise]] = [
    ("structure", _("Free-flowing conversation"), _("A clear agenda each time")),
    ("directness", _("Gentle, gradual feedback"), _("Direct, candid feedback")),
    ("pace", _("A few topics in depth"), _("Many topics, briskly")),
]

LANGUAGE_NAMES: dict[str, StrOrPromise] = {
    "en": _("English"),
    "fr": _("French"),
    "de": _("German"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "hi": _("Hindi"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "it": _("Italian"),
    "nl": _("Dutch"),
    "ja": _("Japanese"),
    "pl": _("Polish"),
}

DEFAULT_MATCHING_SETTINGS: dict[str, object] = {
    "objective": "max_total",
    "min_level_gap": 2,
    "exclude_reporting_line": True,
    "require_shared_language": True,
    "min_score": 0.0,
}


# What a coordinator does next in each phase (the program page and the home panel say it).
NEXT_STEP: dict[str, StrOrPromise] = {
    "draft": _("Finish the design, open the interest survey, then start recruiting."),
    "recruiting": _("Invite people; when enough have finished intake, close intake."),
    "matching": _("Run matching, review the proposals, consult, then publish."),
    "active": _("Pairs are meeting. Match late joiners if any."),
    "closing": _("Final reflections and survey, then close the program."),
    # The pages link "the program report" to the report itself (insights:report).
    "closed": _("Closed. The program report stays available."),
}
