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
        "What made you say yes to this program?",
        "Motives shape expectations; saying them aloud avoids surprises later.",
    ),
    (
        "first-week-in-life",
        "first",
        "leader",
        "",
        "Walk me through an ordinary working week for you. Where does the time actually go?",
        "The leader starts by listening to real work, not opinions about it.",
    ),
    (
        "first-off-limits",
        "first",
        "both",
        "",
        "Is there anything you would rather we did not talk about, or not yet?",
        "Naming limits early makes the rest of the conversation safer.",
    ),
    (
        "first-feedback-style",
        "first",
        "mentor",
        "",
        "How do you like to hear something you might not want to hear?",
        "Lets the mentor be candid in a way the leader can take in.",
    ),
    (
        "first-success",
        "first",
        "both",
        "",
        "Six months from now, what would make you say this was worth the time?",
        "Feeds the charter's definition of success.",
    ),
    (
        "first-tools-today",
        "first",
        "leader",
        "digital-tools-ai",
        "Which tools did you open first this morning, and what for?",
        "A concrete, low-stakes way into how the mentor works.",
    ),
    # Middle conversations: by topic.
    (
        "mid-underused-tools",
        "middle",
        "leader",
        "digital-tools-ai",
        "Which two tools do you rely on that you think we barely use here?",
        "Surfaces adoption gaps the leader can act on.",
    ),
    (
        "mid-ai-show-me",
        "middle",
        "leader",
        "digital-tools-ai",
        "Could you show me, on your screen, how you would use an AI assistant for a task I do "
        "every week?",
        "Doing beats describing: the leader tries it during the meeting.",
    ),
    (
        "mid-automation",
        "middle",
        "mentor",
        "digital-tools-ai",
        "What is a repetitive task in your team that a simple automation could remove?",
        "Turns curiosity into a candidate action.",
    ),
    (
        "mid-feed-brand",
        "middle",
        "leader",
        "social-platforms",
        "When our company shows up in your feeds, what does it look like to you and your friends?",
        "The leader hears how the brand lands outside official channels.",
    ),
    (
        "mid-platform-shift",
        "middle",
        "mentor",
        "social-platforms",
        "Which platform have you or your friends quietly stopped using this year, and why?",
        "Early signals of change in attention and trust.",
    ),
    (
        "mid-customer-ignore",
        "middle",
        "leader",
        "younger-customers",
        "What do people your age ignore in our marketing, and what would they stop for?",
        "Direct insight into a customer group the leader rarely meets.",
    ),
    (
        "mid-buying-journey",
        "middle",
        "leader",
        "younger-customers",
        "Tell me about the last thing you bought after comparing options online. What decided it?",
        "A real journey tells more than a survey average.",
    ),
    (
        "mid-comms-outdated",
        "middle",
        "leader",
        "ways-of-working",
        "Which of our internal messages or meetings feel outdated or unclear to you?",
        "Specific, fixable friction in how the organisation talks to itself.",
    ),
    (
        "mid-meeting-habits",
        "middle",
        "mentor",
        "ways-of-working",
        "What is one meeting habit of senior people that costs juniors the most time?",
        "Invites a candid observation about the leader's own world.",
    ),
    (
        "mid-values-choose",
        "middle",
        "leader",
        "workplace-values",
        "If you were choosing between two employers with the same pay, what would tip it?",
        "What actually drives retention of younger colleagues.",
    ),
    (
        "mid-growth-expect",
        "middle",
        "leader",
        "workplace-values",
        "What does a good next step in your career look like, and does it exist here?",
        "Tests career paths against what people want.",
    ),
    (
        "mid-excluded-practice",
        "middle",
        "leader",
        "inclusion",
        "Is there a common practice here that makes some colleagues feel left out? You do not "
        "have to speak for anyone but yourself.",
        "Opens inclusion without making the mentor a spokesperson.",
    ),
    (
        "mid-who-gets-heard",
        "middle",
        "leader",
        "inclusion",
        "In meetings you attend, whose ideas get picked up, and whose get repeated by someone "
        "else first?",
        "A concrete lens on voice and credit.",
    ),
    (
        "mid-trend-two-years",
        "middle",
        "both",
        "",
        "What is one trend you follow that you think will matter to us in two years?",
        "Looks ahead together.",
    ),
    (
        "mid-last-action",
        "middle",
        "mentor",
        "",
        "You committed to something last time. How did it go, and what got in the way?",
        "Keeps follow-through honest and shared.",
    ),
    (
        "mid-pushback",
        "middle",
        "mentor",
        "",
        "Where do you think I should have pushed back harder last time?",
        "The mentor invites feedback too: learning goes both ways.",
    ),
    # Closing: looking back and forward.
    (
        "close-changed",
        "closing",
        "both",
        "",
        "What do you do differently now because of these conversations?",
        "Names the change, so it can be shared and kept.",
    ),
    (
        "close-surprise",
        "closing",
        "leader",
        "",
        "What surprised you most about your mentor's view of the organisation?",
        "Captures the insight worth passing on.",
    ),
    (
        "close-learned-from-leader",
        "closing",
        "mentor",
        "",
        "What did you learn from the leader's way of seeing things?",
        "Two-way learning, said out loud.",
    ),
    (
        "close-unfinished",
        "closing",
        "both",
        "",
        "What is unfinished, and who will carry it forward?",
        "Open threads get an owner instead of fading.",
    ),
    (
        "close-next",
        "closing",
        "both",
        "",
        "Do we want to keep talking, join a group, or take part again with someone new?",
        "Prepares the closing choice each of you will make.",
    ),
]

# (slug, name, stage, description, items)
AGENDA_TEMPLATES: list[tuple[str, str, str, str, list[str]]] = [
    (
        "first-meeting",
        "First meeting: getting started",
        "first",
        "Get to know each other and draft your charter together.",
        [
            "Introductions: our roles, and a week in each of our lives",
            "Why we said yes, and what would make this worth it",
            "Draft the charter: goals, rhythm, channel, what stays between us",
            "Anything off limits, for now or for good",
            "Pick a first topic for next time",
        ],
    ),
    (
        "regular-check-in",
        "Regular conversation",
        "middle",
        "The usual rhythm: follow-up, one topic in depth, one commitment.",
        [
            "Follow-up: what happened with last time's action?",
            "One topic in depth (pick a prompt)",
            "What the leader heard, in their own words",
            "One action with a date, and whether to publish it",
        ],
    ),
    (
        "show-and-try",
        "Show and try (hands-on)",
        "middle",
        "The mentor shows a tool or practice; the leader tries it there and then.",
        [
            "The mentor demonstrates a tool or habit they use daily",
            "The leader tries it on a real task of theirs",
            "What felt awkward, what felt useful",
            "Where the leader will use it this month",
        ],
    ),
    (
        "closing-meeting",
        "Closing meeting",
        "closing",
        "Look back, name what changed, decide what comes next.",
        [
            "What changed for each of us",
            "Actions: done, dropped, still open",
            "What we want the program to know (without names)",
            "What next: continue, join a group, or take part again",
        ],
    ),
]

GUIDES: list[dict[str, object]] = [
    {
        "slug": "listening-as-a-leader",
        "title": "Listening as a leader: a short guide",
        "audience": "leader",
        "minutes": 6,
        "summary": "How to get the most from a mentor who has less power than you.",
        "body": (
            "Your mentor is taking a risk every time they tell you something you might not like. "
            "Your job is to make that risk feel small.\n\n"
            "Ask, then wait. Count to five in your head before you fill a silence. Most of the "
            "useful things arrive in the second half of an answer.\n\n"
            'Ask follow-up questions before you explain. "What makes you say that?" is almost '
            'always better than "The reason we do it that way is...".\n\n'
            "Notice the urge to defend. It is a signal that you are close to something worth "
            "learning. Write it down and come back to it in your reflection.\n\n"
            "Close the loop. Tell your mentor what you did with what they said, even when the "
            'answer is "nothing yet, and here is why".'
        ),
    },
    {
        "slug": "receiving-hard-feedback",
        "title": "Receiving feedback that stings",
        "audience": "leader",
        "minutes": 5,
        "summary": "Staying open when what you hear challenges how you see yourself.",
        "body": (
            "Feedback that stings usually touches something you care about: your intent, your "
            "competence, your fairness.\n\n"
            "Separate intent from impact. You can believe your intent was good and still accept "
            "that the impact was not.\n\n"
            "Thank the person for the information, not for the opinion. You do not have to "
            "agree in the moment to value the signal.\n\n"
            "Sleep on it, then decide. Record it as an insight; choose an action later, when "
            "the sting has faded."
        ),
    },
    {
        "slug": "structuring-insights",
        "title": "Mentors: turning what you see into insights",
        "audience": "mentor",
        "minutes": 6,
        "summary": "A simple shape for an observation a busy leader can act on.",
        "body": (
            "A useful insight has three parts: what you saw, why it matters, and one thing that "
            "could change.\n\n"
            "Start from something concrete: a message, a meeting, a moment. Specific beats "
            "general every time.\n\n"
            "Speak for yourself. You are not a representative of your generation, your team or "
            'any group, and nobody should ask you to be. "I noticed" is enough.\n\n'
            "Offer, do not prescribe. The leader decides what to do; you help them see."
        ),
    },
    {
        "slug": "your-boundaries",
        "title": "Mentors: your time and your boundaries",
        "audience": "mentor",
        "minutes": 4,
        "summary": "What you can expect from the program, and what you can say no to.",
        "body": (
            "Your time is bounded. Upward will not let a pair schedule more than the program's "
            "rhythm allows, and you can always decline an extra meeting.\n\n"
            'You can say "I\'d rather not talk about that". Topics you marked as off limits in '
            "your intake stay off limits.\n\n"
            "If something feels wrong, raise a concern from the Support tab of your pair room. "
            "Only the coordinators read it, never your partner.\n\n"
            "Either of you can end the pair without giving a reason. No one is at fault, and you "
            "can ask for a new partner."
        ),
    },
    {
        "slug": "writing-the-charter",
        "title": "Writing your charter together",
        "audience": "everyone",
        "minutes": 4,
        "summary": "Five questions to answer in your first meeting.",
        "body": (
            "What does each of us want to learn? Write two or three goals, one per line, in each "
            "person's own words.\n\n"
            "How often do we meet, for how long, and where? Start from the program's rhythm.\n\n"
            "What stays between us? Agree what may be shared as a theme and what never leaves "
            "the room.\n\n"
            "How will we know it worked? Pick something you could point at in six months.\n\n"
            "Sign it. If you change it later, you both sign again: that is the point."
        ),
    },
    {
        "slug": "good-actions",
        "title": "From insight to action",
        "audience": "leader",
        "minutes": 4,
        "summary": "Small, dated, visible: what makes a commitment stick.",
        "body": (
            "Make it small enough to finish within a month.\n\n"
            "Give it a date. An action without a date is a wish.\n\n"
            "Consider publishing it. A published action tells the whole program that listening "
            "leads somewhere. Your mentor decides whether to be named.\n\n"
            "Dropping an action is fine. Say why: that reason is learning too."
        ),
    },
    {
        "slug": "coordinator-health",
        "title": "Coordinators: reading pair health without reading pairs",
        "audience": "coordinator",
        "minutes": 4,
        "summary": "What the health signals mean and how to nudge kindly.",
        "body": (
            "You see dates, counts and statuses, never what pairs wrote. That is deliberate: "
            "candour needs privacy.\n\n"
            "No meeting in 45 days is the most common early sign of drift. A short, friendly "
            "note to both people usually helps.\n\n"
            "Repeated cancellations by the leader matter more than by the mentor: the leader "
            "holds the power in this relationship.\n\n"
            "An unsigned charter after the first month means the pair never agreed how to work. "
            "Offer the first-meeting agenda template."
        ),
    },
]

LINKS: list[dict[str, object]] = [
    {
        "slug": "wikipedia-reverse-mentoring",
        "title": "Reverse mentoring (overview)",
        "url": "https://en.wikipedia.org/wiki/Reverse_mentoring",
        "summary": "A neutral overview of where the practice comes from.",
        "minutes": 5,
    },
    {
        "slug": "wikipedia-active-listening",
        "title": "Active listening",
        "url": "https://en.wikipedia.org/wiki/Active_listening",
        "summary": "The technique behind most good mentoring conversations.",
        "minutes": 5,
    },
    {
        "slug": "wikipedia-psychological-safety",
        "title": "Psychological safety",
        "url": "https://en.wikipedia.org/wiki/Psychological_safety",
        "summary": "Why people speak up in some teams and stay quiet in others.",
        "minutes": 8,
    },
]

# (slug, title, topic slug, summary, steps: (kind, title, body, resource slug, prompt slug))
ROADMAPS: list[tuple[str, str, str, str, list[tuple[str, str, str, str, str]]]] = [
    (
        "ai-in-my-week",
        "AI in my working week",
        "digital-tools-ai",
        "From curiosity to one AI-assisted habit the leader keeps.",
        [
            (
                "prompt",
                "What do you use already?",
                "Start from the mentor's real habits.",
                "",
                "first-tools-today",
            ),
            (
                "activity",
                "Show and try",
                "The mentor shows one assistant on a real task; the leader "
                "repeats it on their own laptop.",
                "",
                "mid-ai-show-me",
            ),
            ("resource", "Read: turning insights into actions", "", "good-actions", ""),
            (
                "activity",
                "A week of trying",
                "The leader uses the tool for one recurring task for a "
                "week and notes what changed.",
                "",
                "",
            ),
            ("prompt", "What stuck?", "Review the week together.", "", "mid-last-action"),
        ],
    ),
    (
        "seeing-us-from-outside",
        "Seeing us from the outside",
        "social-platforms",
        "How the organisation looks in the feeds and places younger people spend time.",
        [
            ("prompt", "Our brand in your feed", "", "", "mid-feed-brand"),
            (
                "activity",
                "Scroll together",
                "Spend ten minutes looking at how people talk about us "
                "online, with the mentor narrating.",
                "",
                "",
            ),
            ("prompt", "Where attention is moving", "", "", "mid-platform-shift"),
            ("resource", "Read: listening as a leader", "", "listening-as-a-leader", ""),
        ],
    ),
    (
        "customers-we-miss",
        "Customers we rarely meet",
        "younger-customers",
        "Younger customers' choices, in their own words.",
        [
            ("prompt", "A real buying journey", "", "", "mid-buying-journey"),
            ("prompt", "What gets ignored", "", "", "mid-customer-ignore"),
            (
                "activity",
                "Test one message",
                "Pick one of our campaigns; the mentor reacts to it as a customer would.",
                "",
                "",
            ),
            ("resource", "Read: from insight to action", "", "good-actions", ""),
        ],
    ),
    (
        "who-gets-heard",
        "Who gets heard here",
        "inclusion",
        "Voice, credit and belonging, without asking anyone to speak for a group.",
        [
            ("resource", "Mentors: your boundaries", "", "your-boundaries", ""),
            ("prompt", "Practices that leave people out", "", "", "mid-excluded-practice"),
            ("prompt", "Whose ideas get picked up", "", "", "mid-who-gets-heard"),
            (
                "activity",
                "Watch a meeting",
                "The leader notices, in their next three meetings, who "
                "speaks and who gets credit, and brings notes.",
                "",
                "",
            ),
            ("resource", "Read: receiving feedback that stings", "", "receiving-hard-feedback", ""),
        ],
    ),
]


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
