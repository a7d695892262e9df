"""Default question sets, written for Upward, per survey kind and role.

The 3-month, 6-month and closing check-ins share the same four agreement items per role (one per
construct) so the dashboard can trend them over time; each adds a few questions of its own.

How to add a survey kind: add it to `Survey.Kind`, give it a question set here (`DEFAULT_SETS`),
and, if it is scheduled relative to a pair, a due-date rule in `feedback.schedule.DUE_RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

from upward.feedback.models import Construct, Question, Survey

LIKERT = Question.Kind.LIKERT
NPS = Question.Kind.NPS
SINGLE = Question.Kind.SINGLE
MULTIPLE = Question.Kind.MULTIPLE
TEXT = Question.Kind.TEXT


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str
    construct: str = ""
    choices: tuple[str, ...] = ()
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class SurveySpec:
    title: str
    intro: str
    questions: tuple[QuestionSpec, ...] = field(default_factory=tuple)


MEETINGS_SO_FAR = QuestionSpec(
    gettext_noop("How many times have you met so far?"),
    SINGLE,
    Construct.RELATIONSHIP_QUALITY,
    (
        gettext_noop("Not yet"),
        gettext_noop("Once"),
        gettext_noop("Two or three times"),
        gettext_noop("Four times or more"),
    ),
)

LEADER_CORE = (
    QuestionSpec(
        gettext_noop("These conversations are changing how I see my work or our organisation."),
        LIKERT,
        Construct.PERCEIVED_VALUE,
    ),
    QuestionSpec(
        gettext_noop("I can say what I do not know without feeling exposed."),
        LIKERT,
        Construct.PSYCHOLOGICAL_SAFETY,
    ),
    QuestionSpec(
        gettext_noop("I have tried something new because of what my mentor showed me."),
        LIKERT,
        Construct.SKILL_GAIN,
    ),
    QuestionSpec(
        gettext_noop("We meet as often as we agreed, and the time feels well spent."),
        LIKERT,
        Construct.RELATIONSHIP_QUALITY,
    ),
    QuestionSpec(
        gettext_noop("How likely are you to recommend this program to another leader?"),
        NPS,
        Construct.PERCEIVED_VALUE,
    ),
)

MENTOR_CORE = (
    QuestionSpec(
        gettext_noop("My perspective is taken seriously, and something happens with it."),
        LIKERT,
        Construct.PERCEIVED_VALUE,
    ),
    QuestionSpec(
        gettext_noop("I can be candid with my leader without worrying about what it means for me."),
        LIKERT,
        Construct.PSYCHOLOGICAL_SAFETY,
    ),
    QuestionSpec(
        gettext_noop("I am getting better at turning my experience into clear, useful insight."),
        LIKERT,
        Construct.SKILL_GAIN,
    ),
    QuestionSpec(
        gettext_noop("My time on this program is respected and stays within what we agreed."),
        LIKERT,
        Construct.RELATIONSHIP_QUALITY,
    ),
    QuestionSpec(
        gettext_noop("How likely are you to recommend mentoring in this program to a colleague?"),
        NPS,
        Construct.PERCEIVED_VALUE,
    ),
)

LEADER_TOPICS = QuestionSpec(
    gettext_noop("Which areas have your conversations covered?"),
    MULTIPLE,
    "",
    (
        gettext_noop("Digital tools and AI"),
        gettext_noop("Customers and markets"),
        gettext_noop("Workplace values and ways of working"),
        gettext_noop("Inclusion and belonging"),
        gettext_noop("How decisions land across the organisation"),
        gettext_noop("Something else"),
    ),
    required=False,
)

MENTOR_GAINS = QuestionSpec(
    gettext_noop("What have you gained so far?"),
    MULTIPLE,
    Construct.SKILL_GAIN,
    (
        gettext_noop("A view of how senior decisions are made"),
        gettext_noop("Confidence in speaking up"),
        gettext_noop("Coaching and feedback skills"),
        gettext_noop("A wider network"),
        gettext_noop("Influence on a real change"),
        gettext_noop("Not much yet"),
    ),
    required=False,
)

QUOTE_HELP = gettext_noop("Only shown as part of overall themes unless you tick “may quote”.")

# The anonymity promise itself (with the threshold in force) is shown beside every survey by
# `disclosure.privacy_note`, so a raised threshold never leaves a stale number here.
CHECKIN_INTRO = gettext_noop(
    "A few minutes about how your pairing is going. Honest answers help most."
)

DEFAULT_SETS: dict[tuple[str, str], SurveySpec] = {
    (Survey.Kind.CHECKIN_3, "leader"): SurveySpec(
        gettext_noop("3-month check-in for leaders"),
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            MEETINGS_SO_FAR,
            LEADER_TOPICS,
            QuestionSpec(
                gettext_noop("What is one thing you now do differently?"),
                TEXT,
                Construct.SKILL_GAIN,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                gettext_noop("What would make the next three months more useful?"),
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_3, "mentor"): SurveySpec(
        gettext_noop("3-month check-in for mentors"),
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            MEETINGS_SO_FAR,
            MENTOR_GAINS,
            QuestionSpec(
                gettext_noop("What has your leader done with something you raised?"),
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                gettext_noop("Is there anything that would help you feel safer or more heard?"),
                TEXT,
                Construct.PSYCHOLOGICAL_SAFETY,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_6, "leader"): SurveySpec(
        gettext_noop("6-month check-in for leaders"),
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            QuestionSpec(
                gettext_noop(
                    "Which change that came from these conversations are you proudest of?"
                ),
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                gettext_noop("What will you keep doing after the program ends?"),
                TEXT,
                Construct.SKILL_GAIN,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_6, "mentor"): SurveySpec(
        gettext_noop("6-month check-in for mentors"),
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            MENTOR_GAINS,
            QuestionSpec(
                gettext_noop("Where have you seen your input make a difference?"),
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                gettext_noop("What should the coordinators change for the next cohort?"),
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CLOSING, "leader"): SurveySpec(
        gettext_noop("Closing survey for leaders"),
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            QuestionSpec(
                gettext_noop("Would you take part again?"),
                SINGLE,
                Construct.PERCEIVED_VALUE,
                (
                    gettext_noop("Yes, with a new mentor"),
                    gettext_noop("Yes, in a group"),
                    gettext_noop("Not now"),
                ),
            ),
            QuestionSpec(
                gettext_noop("What should the next cohort of leaders know before they start?"),
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CLOSING, "mentor"): SurveySpec(
        gettext_noop("Closing survey for mentors"),
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            QuestionSpec(
                gettext_noop("Would you mentor again?"),
                SINGLE,
                Construct.PERCEIVED_VALUE,
                (
                    gettext_noop("Yes, with a new leader"),
                    gettext_noop("Yes, in a group"),
                    gettext_noop("Not now"),
                ),
            ),
            QuestionSpec(
                gettext_noop("What should the next cohort of mentors know before they start?"),
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.INTEREST, "all"): SurveySpec(
        gettext_noop("Would reverse mentoring be for you?"),
        gettext_noop("Anonymous and short: it helps us decide whether and how to run the program."),
        (
            QuestionSpec(
                gettext_noop("Would you like to take part?"),
                SINGLE,
                "",
                (
                    gettext_noop("Yes, as a mentor"),
                    gettext_noop("Yes, as a leader"),
                    gettext_noop("Maybe later"),
                    gettext_noop("No"),
                ),
            ),
            QuestionSpec(
                gettext_noop("Which subjects would you most like the program to cover?"),
                MULTIPLE,
                "",
                LEADER_TOPICS.choices[:-1],
                required=False,
            ),
            QuestionSpec(
                gettext_noop("What would stop you from taking part?"),
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
}

SCHEDULED_KINDS = (Survey.Kind.CHECKIN_3, Survey.Kind.CHECKIN_6, Survey.Kind.CLOSING)
ROLES = ("leader", "mentor")


def _built_in_texts() -> frozenset[str]:
    texts: set[str] = set()
    for spec in DEFAULT_SETS.values():
        texts.update((spec.title, spec.intro))
        for q in spec.questions:
            texts.update((q.text, q.help_text, *q.choices))
    texts.discard("")
    return frozenset(texts)


# Every English text the default sets copy into a survey (titles, intros, questions, help
# texts, options). Stored as written; shown in the reader's language by `shown`.
BUILT_IN_TEXTS = _built_in_texts()


def shown(text: str) -> str:
    """A built-in default text in the reader's language; anything else exactly as written.

    Scheduled surveys keep the English defaults in the database (answers store the English
    option, so figures group the same whoever answered in which language); only what is shown
    is translated. Callers pass only texts of built-in surveys: a coordinator's own question is
    never translated, even when it happens to match a default word for word.
    """
    return gettext(text) if text in BUILT_IN_TEXTS else text
