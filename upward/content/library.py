"""The conversation library Upward ships with: our own prompts, agenda templates, guides and
learning paths. Edit here, in one place, to review or translate.

Every installation gets it from a data migration (content/migrations/0002_install_library.py), so
production has the library without running the demo. `library_install()` creates or refreshes it
by slug, never duplicating a row: `upward install_library` re-runs it after editing this file, and
the demo calls it too. A later release that changes the library adds a migration calling it again.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

# Topic slugs match upward/programs/catalog.py; a missing topic is created with this name.
TOPICS = {
    "digital-tools-ai": "Digital tools & AI",
    "social-platforms": "Social platforms",
    "younger-customers": "Younger customers",
    "workplace-values": "Workplace values",
    "inclusion": "Inclusion",
    "ways-of-working": "Ways of working",
}

# (slug, stage, audience, topic slug or "", text, why)
PROMPTS: list[tuple[str, str, str, str, str, str]] = [
    # First conversation: getting to know each other and agreeing how to work.
    (
        "first-why-here",
        "first",
        "both",
        "",
        gettext_noop("What made you say yes to this program?"),
        gettext_noop("Motives shape expectations; saying them aloud avoids surprises later."),
    ),
    (
        "first-week-in-life",
        "first",
        "leader",
        "",
        gettext_noop(
            "Walk me through an ordinary working week for you. Where does the time actually go?"
        ),
        gettext_noop("The leader starts by listening to real work, not opinions about it."),
    ),
    (
        "first-off-limits",
        "first",
        "both",
        "",
        gettext_noop("Is there anything you would rather we did not talk about, or not yet?"),
        gettext_noop("Naming limits early makes the rest of the conversation safer."),
    ),
    (
        "first-feedback-style",
        "first",
        "mentor",
        "",
        gettext_noop("How do you like to hear something you might not want to hear?"),
        gettext_noop("Lets the mentor be candid in a way the leader can take in."),
    ),
    (
        "first-success",
        "first",
        "both",
        "",
        gettext_noop("Six months from now, what would make you say this was worth the time?"),
        gettext_noop("Feeds the charter's definition of success."),
    ),
    (
        "first-tools-today",
        "first",
        "leader",
        "digital-tools-ai",
        gettext_noop("Which tools did you open first this morning, and what for?"),
        gettext_noop("A concrete, low-stakes way into how the mentor works."),
    ),
    # Middle conversations: by topic.
    (
        "mid-underused-tools",
        "middle",
        "leader",
        "digital-tools-ai",
        gettext_noop("Which two tools do you rely on that you think we barely use here?"),
        gettext_noop("Surfaces adoption gaps the leader can act on."),
    ),
    (
        "mid-ai-show-me",
        "middle",
        "leader",
        "digital-tools-ai",
        gettext_noop(
            "Could you show me, on your screen, how you would use an AI assistant for a task I do "
            "every week?"
        ),
        gettext_noop("Doing beats describing: the leader tries it during the meeting."),
    ),
    (
        "mid-automation",
        "middle",
        "mentor",
        "digital-tools-ai",
        gettext_noop(
            "What is a repetitive task in your team that a simple automation could remove?"
        ),
        gettext_noop("Turns curiosity into a candidate action."),
    ),
    (
        "mid-feed-brand",
        "middle",
        "leader",
        "social-platforms",
        gettext_noop(
            "When our company shows up in your feeds, what does it look like to you and your "
            "friends?"
        ),
        gettext_noop("The leader hears how the brand lands outside official channels."),
    ),
    (
        "mid-platform-shift",
        "middle",
        "mentor",
        "social-platforms",
        gettext_noop(
            "Which platform have you or your friends quietly stopped using this year, and why?"
        ),
        gettext_noop("Early signals of change in attention and trust."),
    ),
    (
        "mid-customer-ignore",
        "middle",
        "leader",
        "younger-customers",
        gettext_noop(
            "What do people your age ignore in our marketing, and what would they stop for?"
        ),
        gettext_noop("Direct insight into a customer group the leader rarely meets."),
    ),
    (
        "mid-buying-journey",
        "middle",
        "leader",
        "younger-customers",
        gettext_noop(
            "Tell me about the last thing you bought after comparing options online. What decided "
            "it?"
        ),
        gettext_noop("A real journey tells more than a survey average."),
    ),
    (
        "mid-comms-outdated",
        "middle",
        "leader",
        "ways-of-working",
        gettext_noop("Which of our internal messages or meetings feel outdated or unclear to you?"),
        gettext_noop("Specific, fixable friction in how the organisation talks to itself."),
    ),
    (
        "mid-meeting-habits",
        "middle",
        "mentor",
        "ways-of-working",
        gettext_noop(
            "What is one meeting habit of senior people that costs juniors the most time?"
        ),
        gettext_noop("Invites a candid observation about the leader's own world."),
    ),
    (
        "mid-values-choose",
        "middle",
        "leader",
        "workplace-values",
        gettext_noop(
            "If you were choosing between two employers with the same pay, what would tip it?"
        ),
        gettext_noop("What actually drives retention of younger colleagues."),
    ),
    (
        "mid-growth-expect",
        "middle",
        "leader",
        "workplace-values",
        gettext_noop(
            "What does a good next step in your career look like, and does it exist here?"
        ),
        gettext_noop("Tests career paths against what people want."),
    ),
    (
        "mid-excluded-practice",
        "middle",
        "leader",
        "inclusion",
        gettext_noop(
            "Is there a common practice here that makes some colleagues feel left out? You do not "
            "have to speak for anyone but yourself."
        ),
        gettext_noop("Opens inclusion without making the mentor a spokesperson."),
    ),
    (
        "mid-who-gets-heard",
        "middle",
        "leader",
        "inclusion",
        gettext_noop(
            "In meetings you attend, whose ideas get picked up, and whose get repeated by someone "
            "else first?"
        ),
        gettext_noop("A concrete lens on voice and credit."),
    ),
    (
        "mid-trend-two-years",
        "middle",
        "both",
        "",
        gettext_noop("What is one trend you follow that you think will matter to us in two years?"),
        gettext_noop("Looks ahead together."),
    ),
    (
        "mid-last-action",
        "middle",
        "mentor",
        "",
        gettext_noop(
            "You committed to something last time. How did it go, and what got in the way?"
        ),
        gettext_noop("Keeps follow-through honest and shared."),
    ),
    (
        "mid-pushback",
        "middle",
        "mentor",
        "",
        gettext_noop("Where do you think I should have pushed back harder last time?"),
        gettext_noop("The mentor invites feedback too: learning goes both ways."),
    ),
    # Closing: looking back and forward.
    (
        "close-changed",
        "closing",
        "both",
        "",
        gettext_noop("What do you do differently now because of these conversations?"),
        gettext_noop("Names the change, so it can be shared and kept."),
    ),
    (
        "close-surprise",
        "closing",
        "leader",
        "",
        gettext_noop("What surprised you most about your mentor's view of the organisation?"),
        gettext_noop("Captures the insight worth passing on."),
    ),
    (
        "close-learned-from-leader",
        "closing",
        "mentor",
        "",
        gettext_noop("What did you learn from the leader's way of seeing things?"),
        gettext_noop("Two-way learning, said out loud."),
    ),
    (
        "close-unfinished",
        "closing",
        "both",
        "",
        gettext_noop("What is unfinished, and who will carry it forward?"),
        gettext_noop("Open threads get an owner instead of fading."),
    ),
    (
        "close-next",
        "closing",
        "both",
        "",
        gettext_noop(
            "Do we want to keep talking, join a group, or take part again with someone new?"
        ),
        gettext_noop("Prepares the closing choice each of you will make."),
    ),
]

# (slug, name, stage, description, items)
AGENDA_TEMPLATES: list[tuple[str, str, str, str, list[str]]] = [
    (
        "first-meeting",
        gettext_noop("First meeting: getting started"),
        "first",
        gettext_noop("Get to know each other and draft your charter together."),
        [
            gettext_noop("Introductions: our roles, and a week in each of our lives"),
            gettext_noop("Why we said yes, and what would make this worth it"),
            gettext_noop("Draft the charter: goals, rhythm, channel, what stays between us"),
            gettext_noop("Anything off limits, for now or for good"),
            gettext_noop("Pick a first topic for next time"),
        ],
    ),
    (
        "regular-check-in",
        gettext_noop("Regular conversation"),
        "middle",
        gettext_noop("The usual rhythm: follow-up, one topic in depth, one commitment."),
        [
            gettext_noop("Follow-up: what happened with last time's action?"),
            gettext_noop("One topic in depth (pick a prompt)"),
            gettext_noop("What the leader heard, in their own words"),
            gettext_noop("One action with a date, and whether to publish it"),
        ],
    ),
    (
        "show-and-try",
        gettext_noop("Show and try (hands-on)"),
        "middle",
        gettext_noop("The mentor shows a tool or practice; the leader tries it there and then."),
        [
            gettext_noop("The mentor demonstrates a tool or habit they use daily"),
            gettext_noop("The leader tries it on a real task of theirs"),
            gettext_noop("What felt awkward, what felt useful"),
            gettext_noop("Where the leader will use it this month"),
        ],
    ),
    (
        "closing-meeting",
        gettext_noop("Closing meeting"),
        "closing",
        gettext_noop("Look back, name what changed, decide what comes next."),
        [
            gettext_noop("What changed for each of us"),
            gettext_noop("Actions: done, dropped, still open"),
            gettext_noop("What we want the program to know (without names)"),
            gettext_noop("What next: continue, join a group, or take part again"),
        ],
    ),
]

GUIDES: list[dict[str, object]] = [
    {
        "slug": "listening-as-a-leader",
        "title": gettext_noop("Listening as a leader: a short guide"),
        "audience": "leader",
        "minutes": 6,
        "summary": gettext_noop("How to get the most from a mentor who has less power than you."),
        "body": (
            gettext_noop(
                "Your mentor is taking a risk every time they tell you something you might not "
                "like. "
                "Your job is to make that risk feel small.\n\n"
                "Ask, then wait. Count to five in your head before you fill a silence. Most of the "
                "useful things arrive in the second half of an answer.\n\n"
                'Ask follow-up questions before you explain. "What makes you say that?" is almost '
                'always better than "The reason we do it that way is...".\n\n'
                "Notice the urge to defend. It is a signal that you are close to something worth "
                "learning. Write it down and come back to it in your reflection.\n\n"
                "Close the loop. Tell your mentor what you did with what they said, even when the "
                'answer is "nothing yet, and here is why".'
            )
        ),
    },
    {
        "slug": "receiving-hard-feedback",
        "title": gettext_noop("Receiving feedback that stings"),
        "audience": "leader",
        "minutes": 5,
        "summary": gettext_noop("Staying open when what you hear challenges how you see yourself."),
        "body": (
            gettext_noop(
                "Feedback that stings usually touches something you care about: your intent, your "
                "competence, your fairness.\n\n"
                "Separate intent from impact. You can believe your intent was good and still "
                "accept "
                "that the impact was not.\n\n"
                "Thank the person for the information, not for the opinion. You do not have to "
                "agree in the moment to value the signal.\n\n"
                "Sleep on it, then decide. Record it as an insight; choose an action later, when "
                "the sting has faded."
            )
        ),
    },
    {
        "slug": "structuring-insights",
        "title": gettext_noop("Mentors: turning what you see into insights"),
        "audience": "mentor",
        "minutes": 6,
        "summary": gettext_noop("A simple shape for an observation a busy leader can act on."),
        "body": (
            gettext_noop(
                "A useful insight has three parts: what you saw, why it matters, and one thing "
                "that "
                "could change.\n\n"
                "Start from something concrete: a message, a meeting, a moment. Specific beats "
                "general every time.\n\n"
                "Speak for yourself. You are not a representative of your generation, your team or "
                'any group, and nobody should ask you to be. "I noticed" is enough.\n\n'
                "Offer, do not prescribe. The leader decides what to do; you help them see."
            )
        ),
    },
    {
        "slug": "your-boundaries",
        "title": gettext_noop("Mentors: your time and your boundaries"),
        "audience": "mentor",
        "minutes": 4,
        "summary": gettext_noop(
            "What you can expect from the program, and what you can say no to."
        ),
        "body": (
            gettext_noop(
                "Your time is bounded. Upward will not let a pair schedule more than the program's "
                "rhythm allows, and you can always decline an extra meeting.\n\n"
                'You can say "I\'d rather not talk about that". Topics you marked as off limits in '
                "your intake stay off limits.\n\n"
                "If something feels wrong, raise a concern from the Support tab of your pair room. "
                "Only the coordinators read it, never your partner.\n\n"
                "Either of you can end the pair without giving a reason. No one is at fault, and "
                "you "
                "can ask for a new partner."
            )
        ),
    },
    {
        "slug": "writing-the-charter",
        "title": gettext_noop("Writing your charter together"),
        "audience": "everyone",
        "minutes": 4,
        "summary": gettext_noop("Five questions to answer in your first meeting."),
        "body": (
            gettext_noop(
                "What does each of us want to learn? Write two or three goals, one per line, in "
                "each "
                "person's own words.\n\n"
                "How often do we meet, for how long, and where? Start from the program's "
                "rhythm.\n\n"
                "What stays between us? Agree what may be shared as a theme and what never leaves "
                "the room.\n\n"
                "How will we know it worked? Pick something you could point at in six months.\n\n"
                "Sign it. If you change it later, you both sign again: that is the point."
            )
        ),
    },
    {
        "slug": "good-actions",
        "title": gettext_noop("From insight to action"),
        "audience": "leader",
        "minutes": 4,
        "summary": gettext_noop("Small, dated, visible: what makes a commitment stick."),
        "body": (
            gettext_noop(
                "Make it small enough to finish within a month.\n\n"
                "Give it a date. An action without a date is a wish.\n\n"
                "Consider publishing it. A published action tells the whole program that listening "
                "leads somewhere. Your mentor decides whether to be named.\n\n"
                "Dropping an action is fine. Say why: that reason is learning too."
            )
        ),
    },
    {
        "slug": "coordinator-health",
        "title": gettext_noop("Coordinators: reading pair health without reading pairs"),
        "audience": "coordinator",
        "minutes": 4,
        "summary": gettext_noop("What the health signals mean and how to nudge kindly."),
        "body": (
            gettext_noop(
                "You see dates, counts and statuses, never what pairs wrote. That is deliberate: "
                "candour needs privacy.\n\n"
                "No meeting in 45 days is the most common early sign of drift. A short, friendly "
                "note to both people usually helps.\n\n"
                "Repeated cancellations by the leader matter more than by the mentor: the leader "
                "holds the power in this relationship.\n\n"
                "An unsigned charter after the first month means the pair never agreed how to "
                "work. "
                "Offer the first-meeting agenda template."
            )
        ),
    },
]

LINKS: list[dict[str, object]] = [
    {
        "slug": "wikipedia-reverse-mentoring",
        "title": gettext_noop("Reverse mentoring (overview)"),
        "url": "https://en.wikipedia.org/wiki/Reverse_mentoring",
        "summary": gettext_noop("A neutral overview of where the practice comes from."),
        "minutes": 5,
    },
    {
        "slug": "wikipedia-active-listening",
        "title": gettext_noop("Active listening"),
        "url": "https://en.wikipedia.org/wiki/Active_listening",
        "summary": gettext_noop("The technique behind most good mentoring conversations."),
        "minutes": 5,
    },
    {
        "slug": "wikipedia-psychological-safety",
        "title": gettext_noop("Psychological safety"),
        "url": "https://en.wikipedia.org/wiki/Psychological_safety",
        "summary": gettext_noop("Why people speak up in some teams and stay quiet in others."),
        "minutes": 8,
    },
]

# (slug, title, topic slug, summary, steps: (kind, title, body, resource slug, prompt slug))
ROADMAPS: list[tuple[str, str, str, str, list[tuple[str, str, str, str, str]]]] = [
    (
        "ai-in-my-week",
        gettext_noop("AI in my working week"),
        "digital-tools-ai",
        gettext_noop("From curiosity to one AI-assisted habit the leader keeps."),
        [
            (
                "prompt",
                gettext_noop("What do you use already?"),
                gettext_noop("Start from the mentor's real habits."),
                "",
                "first-tools-today",
            ),
            (
                "activity",
                gettext_noop("Show and try"),
                gettext_noop(
                    "The mentor shows one assistant on a real task; the leader "
                    "repeats it on their own laptop."
                ),
                "",
                "mid-ai-show-me",
            ),
            (
                "resource",
                gettext_noop("Read: turning insights into actions"),
                "",
                "good-actions",
                "",
            ),
            (
                "activity",
                gettext_noop("A week of trying"),
                gettext_noop(
                    "The leader uses the tool for one recurring task for a "
                    "week and notes what changed."
                ),
                "",
                "",
            ),
            (
                "prompt",
                gettext_noop("What stuck?"),
                gettext_noop("Review the week together."),
                "",
                "mid-last-action",
            ),
        ],
    ),
    (
        "seeing-us-from-outside",
        gettext_noop("Seeing us from the outside"),
        "social-platforms",
        gettext_noop(
            "How the organisation looks in the feeds and places younger people spend time."
        ),
        [
            ("prompt", gettext_noop("Our brand in your feed"), "", "", "mid-feed-brand"),
            (
                "activity",
                gettext_noop("Scroll together"),
                gettext_noop(
                    "Spend ten minutes looking at how people talk about us "
                    "online, with the mentor narrating."
                ),
                "",
                "",
            ),
            ("prompt", gettext_noop("Where attention is moving"), "", "", "mid-platform-shift"),
            (
                "resource",
                gettext_noop("Read: listening as a leader"),
                "",
                "listening-as-a-leader",
                "",
            ),
        ],
    ),
    (
        "customers-we-miss",
        gettext_noop("Customers we rarely meet"),
        "younger-customers",
        gettext_noop("Younger customers' choices, in their own words."),
        [
            ("prompt", gettext_noop("A real buying journey"), "", "", "mid-buying-journey"),
            ("prompt", gettext_noop("What gets ignored"), "", "", "mid-customer-ignore"),
            (
                "activity",
                gettext_noop("Test one message"),
                gettext_noop(
                    "Pick one of our campaigns; the mentor reacts to it as a customer would."
                ),
                "",
                "",
            ),
            ("resource", gettext_noop("Read: from insight to action"), "", "good-actions", ""),
        ],
    ),
    (
        "who-gets-heard",
        gettext_noop("Who gets heard here"),
        "inclusion",
        gettext_noop("Voice, credit and belonging, without asking anyone to speak for a group."),
        [
            ("resource", gettext_noop("Mentors: your boundaries"), "", "your-boundaries", ""),
            (
                "prompt",
                gettext_noop("Practices that leave people out"),
                "",
                "",
                "mid-excluded-practice",
            ),
            ("prompt", gettext_noop("Whose ideas get picked up"), "", "", "mid-who-gets-heard"),
            (
                "activity",
                gettext_noop("Watch a meeting"),
                gettext_noop(
                    "The leader notices, in their next three meetings, who "
                    "speaks and who gets credit, and brings notes."
                ),
                "",
                "",
            ),
            (
                "resource",
                gettext_noop("Read: receiving feedback that stings"),
                "",
                "receiving-hard-feedback",
                "",
            ),
        ],
    ),
]


# Built-in items are stored in English (gettext_noop marks them for the catalogue) and shown in
# the reader's language while they read as shipped: keyed by kind and slug (a step by its
# learning path's slug and position). A coordinator's own items, and built-in ones a coordinator
# rewrote, are shown as written.
def _built_in() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for slug, _stage, _audience, _topic, text, why in PROMPTS:
        found[("prompt", slug)] = {"text": text, "why": why}
    for slug, name, _stage, description, items in AGENDA_TEMPLATES:
        found[("agenda", slug)] = {"name": name, "description": description, "items": items}
    for resource in [*GUIDES, *LINKS]:
        fields = ("title", "summary", "body")
        found[("resource", str(resource["slug"]))] = {
            k: resource[k] for k in fields if k in resource
        }
    for slug, title, _topic, summary, steps in ROADMAPS:
        found[("roadmap", slug)] = {"title": title, "summary": summary}
        for order, (_kind, step_title, body, _resource, _prompt) in enumerate(steps, start=1):
            found[("step", f"{slug}/{order}")] = {"title": step_title, "body": body}
    return found


BUILT_IN = _built_in()


def shown(kind: str, key: str, field: str, value: str) -> str:
    """`value` (an item's `field`) in the reader's language when it is the shipped text."""
    english = BUILT_IN.get((kind, key), {}).get(field)
    return gettext(value) if value and value == english else value


def shown_items(key: str, items: list[str]) -> list[str]:
    """An agenda template's items: the shipped ones in the reader's language."""
    english = set(BUILT_IN.get(("agenda", key), {}).get("items", []))
    return [gettext(item) if item in english else item for item in items]


@transaction.atomic
def library_install(*, apps: Apps | None = None) -> dict[str, int]:
    """Create or refresh the shipped library by slug. Safe to run any number of times.

    `apps` is the migration's historical registry when called from a migration (the current
    models may have fields the database does not have yet); None means the live models.
    """
    registry = apps or global_apps
    Topic: Any = registry.get_model("programs", "Topic")
    Prompt: Any = registry.get_model("content", "Prompt")
    AgendaTemplate: Any = registry.get_model("content", "AgendaTemplate")
    Resource: Any = registry.get_model("content", "Resource")
    Roadmap: Any = registry.get_model("content", "Roadmap")
    RoadmapStep: Any = registry.get_model("content", "RoadmapStep")
    topics: dict[str, Any] = {}

    def _topic(slug: str) -> Any:
        if not slug:
            return None
        if slug not in topics:
            topics[slug], _ = Topic.objects.get_or_create(
                slug=slug, defaults={"name": TOPICS.get(slug, slug)}
            )
        return topics[slug]

    for slug, stage, audience, topic, text, why in PROMPTS:
        Prompt.objects.update_or_create(
            slug=slug,
            defaults={
                "stage": stage,
                "audience": audience,
                "topic": _topic(topic),
                "text": text,
                "why": why,
            },
        )
    for slug, name, stage, description, items in AGENDA_TEMPLATES:
        AgendaTemplate.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "stage": stage, "description": description, "items": items},
        )
    for guide in GUIDES:
        Resource.objects.update_or_create(
            slug=guide["slug"],
            defaults={k: v for k, v in guide.items() if k != "slug"} | {"kind": "guide"},
        )
    for link in LINKS:
        Resource.objects.update_or_create(
            slug=link["slug"],
            defaults={k: v for k, v in link.items() if k != "slug"} | {"kind": "link"},
        )
    for slug, title, topic, summary, steps in ROADMAPS:
        roadmap, _ = Roadmap.objects.update_or_create(
            slug=slug, defaults={"title": title, "topic": _topic(topic), "summary": summary}
        )
        for order, (kind, step_title, body, resource, prompt) in enumerate(steps, start=1):
            RoadmapStep.objects.update_or_create(
                roadmap=roadmap,
                order=order,
                defaults={
                    "kind": kind,
                    "title": step_title,
                    "body": body,
                    "resource": Resource.objects.filter(slug=resource).first()
                    if resource
                    else None,
                    "prompt": Prompt.objects.filter(slug=prompt).first() if prompt else None,
                },
            )
    return {
        "prompts": Prompt.objects.count(),
        "templates": AgendaTemplate.objects.count(),
        "resources": Resource.objects.count(),
        "roadmaps": Roadmap.objects.count(),
    }


def library_ensure() -> dict[str, int]:
    """Install the library only when it is missing (e.g. after `flush`); otherwise just count.

    The migration installs it everywhere, so the demo and tests call this instead of refreshing
    a hundred rows each time.
    """
    Prompt: Any = global_apps.get_model("content", "Prompt")
    Roadmap: Any = global_apps.get_model("content", "Roadmap")
    if not Prompt.objects.exists() or not Roadmap.objects.exists():
        return library_install()
    return {
        "prompts": Prompt.objects.count(),
        "templates": global_apps.get_model("content", "AgendaTemplate").objects.count(),
        "resources": global_apps.get_model("content", "Resource").objects.count(),
        "roadmaps": Roadmap.objects.count(),
    }
