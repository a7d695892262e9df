"""Default question sets, written for Upward, per survey kind and role.

The 3-month, 6-month and closing check-ins share the same four agreement items per role (one per
construct) so the dashboard can trend them over time; each adds a few questions of its own.

How to add a survey kind: add it to `Survey.Kind`, give it a question set here (`DEFAULT_SETS`),
and, if it is scheduled relative to a pair, a due-date rule in `feedback.schedule.DUE_RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    "How many times have you met so far?",
    SINGLE,
    Construct.RELATIONSHIP_QUALITY,
    ("Not yet", "Once", "Two or three times", "Four times or more"),
)

LEADER_CORE = (
    QuestionSpec(
        "These conversations are changing how I see my work or our organisation.",
        LIKERT,
        Construct.PERCEIVED_VALUE,
    ),
    QuestionSpec(
        "I can say what I do not know without feeling exposed.",
        LIKERT,
        Construct.PSYCHOLOGICAL_SAFETY,
    ),
    QuestionSpec(
        "I have tried something new because of what my mentor showed me.",
        LIKERT,
        Construct.SKILL_GAIN,
    ),
    QuestionSpec(
        "We meet as often as we agreed, and the time feels well spent.",
        LIKERT,
        Construct.RELATIONSHIP_QUALITY,
    ),
    QuestionSpec(
        "How likely are you to recommend this program to another leader?",
        NPS,
        Construct.PERCEIVED_VALUE,
    ),
)

MENTOR_CORE = (
    QuestionSpec(
        "My perspective is taken seriously, and something happens with it.",
        LIKERT,
        Construct.PERCEIVED_VALUE,
    ),
    QuestionSpec(
        "I can be candid with my leader without worrying about what it means for me.",
        LIKERT,
        Construct.PSYCHOLOGICAL_SAFETY,
    ),
    QuestionSpec(
        "I am getting better at turning my experience into clear, useful insight.",
        LIKERT,
        Construct.SKILL_GAIN,
    ),
    QuestionSpec(
        "My time on this program is respected and stays within what we agreed.",
        LIKERT,
        Construct.RELATIONSHIP_QUALITY,
    ),
    QuestionSpec(
        "How likely are you to recommend mentoring in this program to a colleague?",
        NPS,
        Construct.PERCEIVED_VALUE,
    ),
)

LEADER_TOPICS = QuestionSpec(
    "Which areas have your conversations covered?",
    MULTIPLE,
    "",
    (
        "Digital tools and AI",
        "Customers and markets",
        "Workplace values and ways of working",
        "Inclusion and belonging",
        "How decisions land across the organisation",
        "Something else",
    ),
    required=False,
)

MENTOR_GAINS = QuestionSpec(
    "What have you gained so far?",
    MULTIPLE,
    Construct.SKILL_GAIN,
    (
        "A view of how senior decisions are made",
        "Confidence in speaking up",
        "Coaching and feedback skills",
        "A wider network",
        "Influence on a real change",
        "Not much yet",
    ),
    required=False,
)

QUOTE_HELP = "Only shown as part of overall themes unless you tick “may quote”."

# The anonymity promise itself (with the threshold in force) is shown beside every survey by
# `disclosure.privacy_note`, so a raised threshold never leaves a stale number here.
CHECKIN_INTRO = "A few minutes about how your pairing is going. Honest answers help most."

DEFAULT_SETS: dict[tuple[str, str], SurveySpec] = {
    (Survey.Kind.CHECKIN_3, "leader"): SurveySpec(
        "3-month check-in for leaders",
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            MEETINGS_SO_FAR,
            LEADER_TOPICS,
            QuestionSpec(
                "What is one thing you now do differently?",
                TEXT,
                Construct.SKILL_GAIN,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                "What would make the next three months more useful?",
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_3, "mentor"): SurveySpec(
        "3-month check-in for mentors",
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            MEETINGS_SO_FAR,
            MENTOR_GAINS,
            QuestionSpec(
                "What has your leader done with something you raised?",
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                "Is there anything that would help you feel safer or more heard?",
                TEXT,
                Construct.PSYCHOLOGICAL_SAFETY,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_6, "leader"): SurveySpec(
        "6-month check-in for leaders",
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            QuestionSpec(
                "Which change that came from these conversations are you proudest of?",
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                "What will you keep doing after the program ends?",
                TEXT,
                Construct.SKILL_GAIN,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CHECKIN_6, "mentor"): SurveySpec(
        "6-month check-in for mentors",
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            MENTOR_GAINS,
            QuestionSpec(
                "Where have you seen your input make a difference?",
                TEXT,
                Construct.PERCEIVED_VALUE,
                help_text=QUOTE_HELP,
                required=False,
            ),
            QuestionSpec(
                "What should the coordinators change for the next cohort?",
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CLOSING, "leader"): SurveySpec(
        "Closing survey for leaders",
        CHECKIN_INTRO,
        (
            *LEADER_CORE,
            QuestionSpec(
                "Would you take part again?",
                SINGLE,
                Construct.PERCEIVED_VALUE,
                ("Yes, with a new mentor", "Yes, in a group", "Not now"),
            ),
            QuestionSpec(
                "What should the next cohort of leaders know before they start?",
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.CLOSING, "mentor"): SurveySpec(
        "Closing survey for mentors",
        CHECKIN_INTRO,
        (
            *MENTOR_CORE,
            QuestionSpec(
                "Would you mentor again?",
                SINGLE,
                Construct.PERCEIVED_VALUE,
                ("Yes, with a new leader", "Yes, in a group", "Not now"),
            ),
            QuestionSpec(
                "What should the next cohort of mentors know before they start?",
                TEXT,
                help_text=QUOTE_HELP,
                required=False,
            ),
        ),
    ),
    (Survey.Kind.INTEREST, "all"): SurveySpec(
        "Would reverse mentoring be for you?",
        "Anonymous and short: it helps us decide whether and how to run the program.",
        (
            QuestionSpec(
                "Would you like to take part?",
                SINGLE,
                "",
                ("Yes, as a mentor", "Yes, as a leader", "Maybe later", "No"),
            ),
            QuestionSpec(
                "Which subjects would you most like the program to cover?",
                MULTIPLE,
                "",
                LEADER_TOPICS.choices[:-1],
                required=False,
            ),
            QuestionSpec(
                "What would stop you from taking part?", TEXT, help_text=QUOTE_HELP, required=False
            ),
        ),
    ),
}

SCHEDULED_KINDS = (Survey.Kind.CHECKIN_3, Survey.Kind.CHECKIN_6, Survey.Kind.CLOSING)
ROLES = ("leader", "mentor")
