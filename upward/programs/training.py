"""Readiness training: short modules per role, written for Upward (translated when shown).

Each module is a few minutes of reading and one check question; answering the check correctly
completes the module. To add a module, append a `Module` to MODULES with a new slug; completions
are stored by slug, so never rename a slug once people have completed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Check:
    question: StrOrPromise
    options: tuple[StrOrPromise, ...]
    correct: int
    explanation: StrOrPromise


@dataclass(frozen=True)
class Module:
    slug: str
    role: str  # "leader" or "mentor"
    title: StrOrPromise
    minutes: int
    summary: StrOrPromise
    sections: tuple[tuple[StrOrPromise, StrOrPromise], ...]
    check: Check


MODULES: tuple[Module, ...] = (
    Module(
        slug="leader-active-listening",
        role="leader",
        title=_("Listening to learn"),
        minutes=6,
        summary=_("How to make a junior colleague comfortable telling you what they really see."),
        sections=(
            (
                _("Why it is harder than it sounds"),
                _(
                    "In most meetings you are the one people listen to. In this program the roles "
                    "turn around: your mentor has first-hand knowledge you lack, and the value of "
                    "each hour depends on how much of it they feel safe to share. Seniority makes "
                    "small signals loud: a glance at your phone, a quick 'yes, but', a story about "
                    "how it was in your day. Each one tells your mentor to say less."
                ),
            ),
            (
                _("Habits that help"),
                _(
                    "Arrive with one or two questions you genuinely cannot answer. Let silences "
                    "run a little longer than is comfortable. Ask 'what makes you say that?' "
                    "before you explain. Summarise what you heard in your own words and ask "
                    "whether you got it right. Write down one thing you will try before the next "
                    "meeting, and tell your mentor how it went."
                ),
            ),
            (
                _("What to avoid"),
                _(
                    "Turning the hour into career advice for your mentor (that is another "
                    "program), asking them to speak for their whole generation, or repeating what "
                    "they said to others without their agreement."
                ),
            ),
        ),
        check=Check(
            question=_(
                "Your mentor calls the new expense tool 'a nightmare'. What do you do first?"
            ),
            options=(
                _("Explain why the tool was chosen and what it cost."),
                _("Ask what happened the last time they used it."),
                _("Promise to raise it with the finance director."),
            ),
            correct=1,
            explanation=_("Understanding their experience comes before explaining or fixing."),
        ),
    ),
    Module(
        slug="leader-receiving-feedback",
        role="leader",
        title=_("Receiving feedback without defending"),
        minutes=5,
        summary=_("Hearing uncomfortable things about your decisions and staying curious."),
        sections=(
            (
                _("Expect to be surprised"),
                _(
                    "Some of what you hear will be about decisions you made or defended. The "
                    "natural reaction is to give context. Context is useful later; first, treat "
                    "what you hear as information about how the decision landed, which is exactly "
                    "what you joined the program to learn."
                ),
            ),
            (
                _("A simple routine"),
                _(
                    "Thank them for saying it. Ask for an example. Ask what would have made it "
                    "better. Only then, if it helps, share the constraints you were under, and ask "
                    "whether knowing them changes anything. Close by naming what you will do with "
                    "it, even if the answer is 'think about it and come back to you'."
                ),
            ),
            (
                _("Protect your mentor"),
                _(
                    "Candour has a cost for the junior person. Never let feedback from these "
                    "conversations travel back to their manager, and never act on it in a way that "
                    "points to them. If you want to use an insight publicly, agree the wording "
                    "together first."
                ),
            ),
        ),
        check=Check(
            question=_(
                "After blunt feedback on a policy you wrote, which reply keeps them talking?"
            ),
            options=(
                _("'That is not quite how it works; let me explain the background.'"),
                _("'Thank you, that is useful. Can you give me an example of where it bit?'"),
                _("'I hear that a lot from younger staff.'"),
            ),
            correct=1,
            explanation=_("Thanks plus a request for an example shows the feedback was welcome."),
        ),
    ),
    Module(
        slug="mentor-structuring-insights",
        role="mentor",
        title=_("Structuring what you know"),
        minutes=6,
        summary=_("Turning your everyday experience into insights a senior leader can use."),
        sections=(
            (
                _("You know more than you think"),
                _(
                    "You were chosen because of what you see every day: the tools you use, the "
                    "customers you talk to, how decisions feel from where you sit. You do not "
                    "need to be an expert or to have a slide deck. You do need to make your "
                    "experience easy to act on."
                ),
            ),
            (
                _("Observation, impact, idea"),
                _(
                    "A helpful shape for any insight: what you observed (a concrete example), "
                    "what impact it had (on you, a customer, a team), and one idea of what could "
                    "change. 'Last month three of us rebuilt the same report by hand "
                    "(observation); it took a day each (impact); a shared template would fix it "
                    "(idea).'"
                ),
            ),
            (
                _("Prepare lightly"),
                _(
                    "Before each meeting, jot down two or three observations using that shape. "
                    "Bring a demo if the topic is a tool: showing beats describing. Afterwards, "
                    "note what landed, so you can build on it next time."
                ),
            ),
        ),
        check=Check(
            question=_("Which is the most useful way to raise an issue with your leader?"),
            options=(
                _("'Nobody likes the new intranet.'"),
                _(
                    "'I searched the intranet for the parental leave policy three times and gave "
                    "up; a search that covers HR pages would help.'"
                ),
                _("'You should ask the digital team about the intranet.'"),
            ),
            correct=1,
            explanation=_("A concrete observation, its impact and an idea is easy to act on."),
        ),
    ),
    Module(
        slug="mentor-candid-feedback",
        role="mentor",
        title=_("Giving candid feedback upward"),
        minutes=5,
        summary=_("Saying the honest thing to someone far more senior, kindly and safely."),
        sections=(
            (
                _("Your honesty is the point"),
                _(
                    "Your leader signed up to hear what others will not tell them. Softening every "
                    "message until it says nothing wastes both your time. Be specific and describe "
                    "behaviour and effects, not personalities."
                ),
            ),
            (
                _("Ask first"),
                _(
                    "Check what kind of feedback they want today: 'Would it help if I told you "
                    "how the town hall came across?' Asking gives them a moment to get ready to "
                    "listen and gives you permission to be direct."
                ),
            ),
            (
                _("If it goes badly"),
                _(
                    "If a leader reacts defensively, you can pause: 'Shall we come back to this "
                    "next time?' You are never obliged to continue a conversation that feels "
                    "unsafe, and you can raise a concern with the coordinator confidentially at "
                    "any time."
                ),
            ),
        ),
        check=Check(
            question=_("Your leader asks how their all-hands talk came across. A good answer is…"),
            options=(
                _("'It was great!' (it was not)"),
                _(
                    "'When you said the results were everyone's fault, people in my team felt "
                    "blamed; naming what went well first might help.'"
                ),
                _("'People thought you were out of touch.'"),
            ),
            correct=1,
            explanation=_("Specific behaviour, its effect and a suggestion is candid and kind."),
        ),
    ),
    Module(
        slug="mentor-boundaries",
        role="mentor",
        title=_("Boundaries that protect you"),
        minutes=4,
        summary=_("Your time, what you speak for, and how to leave or raise a concern."),
        sections=(
            (
                _("Bounded time"),
                _(
                    "The program sets a cadence (usually one meeting of up to an hour a month). "
                    "Preparation should be light. If mentoring starts eating into your evenings "
                    "or your manager's expectations, tell the coordinator: that is a program "
                    "problem to fix, not yours."
                ),
            ),
            (
                _("You speak for yourself"),
                _(
                    "You are never expected to represent a whole group: your age group, your team, "
                    "or any identity. In your intake you can list topics you will not be asked to "
                    "represent, and you can say 'I can only speak for myself' at any time."
                ),
            ),
            (
                _("Leaving is allowed"),
                _(
                    "You can withdraw from the program at any time without explaining why. If "
                    "something feels wrong, you can raise a concern confidentially; your leader is "
                    "not told who raised it."
                ),
            ),
        ),
        check=Check(
            question=_("Your leader asks you what 'young people' think about hybrid work. You…"),
            options=(
                _("Survey your friends so you can give a representative answer."),
                _("Share your own experience and say that it is yours, not a generation's."),
                _("Decline to discuss hybrid work."),
            ),
            correct=1,
            explanation=_("Your own experience is the value; you never have to speak for a group."),
        ),
    ),
)


def modules_for(role: str) -> list[Module]:
    return [m for m in MODULES if m.role == role]


def module_by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
