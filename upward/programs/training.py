"""Readiness training: short modules per role, written for Upward.

Each module is a few minutes of reading and one check question; answering the check correctly
completes the module. To add a module, append a `Module` to MODULES with a new slug; completions
are stored by slug, so never rename a slug once people have completed it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str


@dataclass(frozen=True)
class Module:
    slug: str
    role: str  # "leader" or "mentor"
    title: str
    minutes: int
    summary: str
    sections: tuple[tuple[str, str], ...]
    check: Check


MODULES: tuple[Module, ...] = (
    Module(
        slug="leader-active-listening",
        role="leader",
        title="Listening to learn",
        minutes=6,
        summary="How to make a junior colleague comfortable telling you what they really see.",
        sections=(
            (
                "Why it is harder than it sounds",
                "In most meetings you are the one people listen to. In this program the roles "
                "turn around: your mentor has first-hand knowledge you lack, and the value of "
                "each hour depends on how much of it they feel safe to share. Seniority makes "
                "small signals loud: a glance at your phone, a quick 'yes, but', a story about "
                "how it was in your day. Each one tells your mentor to say less.",
            ),
            (
                "Habits that help",
                "Arrive with one or two questions you genuinely cannot answer. Let silences run a "
                "little longer than is comfortable. Ask 'what makes you say that?' before you "
                "explain. Summarise what you heard in your own words and ask whether you got it "
                "right. Write down one thing you will try before the next meeting, and tell "
                "your mentor how it went.",
            ),
            (
                "What to avoid",
                "Turning the hour into career advice for your mentor (that is another program), "
                "asking them to speak for their whole generation, or repeating what they said "
                "to others without their agreement.",
            ),
        ),
        check=Check(
            question="Your mentor calls the new expense tool 'a nightmare'. What do you do first?",
            options=(
                "Explain why the tool was chosen and what it cost.",
                "Ask what happened the last time they used it.",
                "Promise to raise it with the finance director.",
            ),
            correct=1,
            explanation="Understanding their experience comes before explaining or fixing.",
        ),
    ),
    Module(
        slug="leader-receiving-feedback",
        role="leader",
        title="Receiving feedback without defending",
        minutes=5,
        summary="Hearing uncomfortable things about your decisions and staying curious.",
        sections=(
            (
                "Expect to be surprised",
                "Some of what you hear will be about decisions you made or defended. The natural "
                "reaction is to give context. Context is useful later; first, treat what you hear "
                "as information about how the decision landed, which is exactly what you joined "
                "the program to learn.",
            ),
            (
                "A simple routine",
                "Thank them for saying it. Ask for an example. Ask what would have made it "
                "better. Only then, if it helps, share the constraints you were under, and ask "
                "whether knowing them changes anything. Close by naming what you will do with "
                "it, even if the answer is 'think about it and come back to you'.",
            ),
            (
                "Protect your mentor",
                "Candour has a cost for the junior person. Never let feedback from these "
                "conversations travel back to their manager, and never act on it in a way that "
                "points to them. If you want to use an insight publicly, agree the wording "
                "together first.",
            ),
        ),
        check=Check(
            question="After blunt feedback on a policy you wrote, which reply keeps them talking?",
            options=(
                "'That is not quite how it works; let me explain the background.'",
                "'Thank you, that is useful. Can you give me an example of where it bit?'",
                "'I hear that a lot from younger staff.'",
            ),
            correct=1,
            explanation="Thanks plus a request for an example shows the feedback was welcome.",
        ),
    ),
    Module(
        slug="mentor-structuring-insights",
        role="mentor",
        title="Structuring what you know",
        minutes=6,
        summary="Turning your everyday experience into insights a senior leader can use.",
        sections=(
            (
                "You know more than you think",
                "You were chosen because of what you see every day: the tools you use, the "
                "customers you talk to, how decisions feel from where you sit. You do not need to "
                "be an expert or to have a slide deck. You do need to make your experience easy "
                "to act on.",
            ),
            (
                "Observation, impact, idea",
                "A helpful shape for any insight: what you observed (a concrete example), what "
                "impact it had (on you, a customer, a team), and one idea of what could change. "
                "'Last month three of us rebuilt the same report by hand (observation); it took a "
                "day each (impact); a shared template would fix it (idea).'",
            ),
            (
                "Prepare lightly",
                "Before each meeting, jot down two or three observations using that shape. Bring "
                "a demo if the topic is a tool: showing beats describing. Afterwards, note what "
                "landed, so you can build on it next time.",
            ),
        ),
        check=Check(
            question="Which is the most useful way to raise an issue with your leader?",
            options=(
                "'Nobody likes the new intranet.'",
                "'I searched the intranet for the parental leave policy three times and gave up; "
                "a search that covers HR pages would help.'",
                "'You should ask the digital team about the intranet.'",
            ),
            correct=1,
            explanation="A concrete observation, its impact and an idea is easy to act on.",
        ),
    ),
    Module(
        slug="mentor-candid-feedback",
        role="mentor",
        title="Giving candid feedback upward",
        minutes=5,
        summary="Saying the honest thing to someone far more senior, kindly and safely.",
        sections=(
            (
                "Your honesty is the point",
                "Your leader signed up to hear what others will not tell them. Softening every "
                "message until it says nothing wastes both your time. Be specific and describe "
                "behaviour and effects, not personalities.",
            ),
            (
                "Ask first",
                "Check what kind of feedback they want today: 'Would it help if I told you how "
                "the town hall came across?' Asking gives them a moment to get ready to listen and "
                "gives you permission to be direct.",
            ),
            (
                "If it goes badly",
                "If a leader reacts defensively, you can pause: 'Shall we come back to this next "
                "time?' You are never obliged to continue a conversation that feels unsafe, and "
                "you can raise a concern with the coordinator confidentially at any time.",
            ),
        ),
        check=Check(
            question="Your leader asks how their all-hands talk came across. A good answer is…",
            options=(
                "'It was great!' (it was not)",
                "'When you said the results were everyone's fault, people in my team felt blamed; "
                "naming what went well first might help.'",
                "'People thought you were out of touch.'",
            ),
            correct=1,
            explanation="Specific behaviour, its effect and a suggestion is candid and kind.",
        ),
    ),
    Module(
        slug="mentor-boundaries",
        role="mentor",
        title="Boundaries that protect you",
        minutes=4,
        summary="Your time, what you speak for, and how to leave or raise a concern.",
        sections=(
            (
                "Bounded time",
                "The program sets a cadence (usually one meeting of up to an hour a month). "
                "Preparation should be light. If mentoring starts eating into your evenings or "
                "your manager's expectations, tell the coordinator: that is a program problem to "
                "fix, not yours.",
            ),
            (
                "You speak for yourself",
                "You are never expected to represent a whole group: your age group, your team, "
                "or any identity. In your intake you can list topics you will not be asked to "
                "represent, and you can say 'I can only speak for myself' at any time.",
            ),
            (
                "Leaving is allowed",
                "You can withdraw from the program at any time without explaining why. If "
                "something feels wrong, you can raise a concern confidentially; your leader is "
                "not told who raised it.",
            ),
        ),
        check=Check(
            question="Your leader asks you what 'young people' think about hybrid work. You…",
            options=(
                "Survey your friends so you can give a representative answer.",
                "Share your own experience and say that it is yours, not a generation's.",
                "Decline to discuss hybrid work.",
            ),
            correct=1,
            explanation="Your own experience is the value; you never have to speak for a group.",
        ),
    ),
)


def modules_for(role: str) -> list[Module]:
    return [m for m in MODULES if m.role == role]


def module_by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
