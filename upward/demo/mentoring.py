"""Demo: the digital-fluency program's pairs get a lived-in room.

Signed charters (one pair still unsigned), meeting series with past meetings held and a few
cancelled (by leaders in two pairs), agendas, private and shared notes, reflections, insights,
actions (done, published, one overdue), growth entries and a mentor's learning goals.

The coordinator's health board shows a mix: one pair has had no meeting for 45+ days and one
(not leader@'s) had its leader cancel twice in the last 90 days (both at risk); a few pairs caught
up on their overdue actions (on track); the rest, leader@'s included, need a check-in.
Idempotent: a pair that already has meetings is left alone, and the health mix is only
completed where it is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from upward.demo.context import DemoContext
from upward.errors import ServiceError
from upward.mentoring.models import Action, ClosureChoice, GrowthEntry, Meeting, Message, Pair
from upward.mentoring.services import charters, journal, meetings
from upward.mentoring.services.closing import pairs_closing_invite
from upward.mentoring.services.messages import message_send
from upward.mentoring.services.safety import closure_submit
from upward.mentoring.timezones import person_zone
from upward.people.models import User
from upward.people.services import user_for_person
from upward.programs.models import Participant, Program, Topic

PROGRAM_SLUG = "digital-fluency"
# Positions in the seeding order (leader@'s pair is 0): the pair whose leader keeps cancelling,
# and the pairs that have done their overdue actions, so the health board shows every status.
CANCELLING_PAIR = 3
CAUGHT_UP_PAIRS = (5, 7, 9, 11)
RECENT_DAYS = 90

CHARTER: dict[str, Any] = {
    "goals": (
        "Leader: use an AI assistant confidently for my weekly reporting.\n"
        "Leader: understand how our younger customers talk about us online.\n"
        "Mentor: learn how senior decisions get made and how to pitch an idea upward."
    ),
    "meeting_frequency": "Monthly, 60 minutes, for the six months of the program",
    "channel": "Video call; quick questions by chat between meetings",
    "confidentiality": charters.DEFAULT_CONFIDENTIALITY,
    "success_definition": (
        "The leader uses two new tools every week without help, and has changed one thing in "
        "how the team communicates because of what they heard."
    ),
}
AGENDA = [
    "Follow-up on last time's action",
    "Which two tools do you rely on that you think we barely use here?",
    "One action with a date",
]
INSIGHTS = [
    (
        "digital-tools-ai",
        "My team spends two hours a week copying numbers between tools that "
        "could talk to each other.",
    ),
    ("social-platforms", "Our recruitment posts read as corporate; people scroll past them."),
    ("ways-of-working", "Long all-hands updates lose juniors; short written notes land better."),
]
# Each pair's actions: (topic, due in days from today, status, published), with a title of the
# pair's own (ACTION_TITLES), so that the follow-through board never shows one action twice.
ACTIONS = [
    ("digital-tools-ai", -60, "done", True),
    ("ways-of-working", -20, "in_progress", True),
    ("social-platforms", -5, "planned", False),  # overdue on purpose
    ("digital-tools-ai", 30, "planned", False),
]
# Per position in ACTIONS, one title per pair (by the pair's index, leader@'s pair first).
ACTION_TITLES = [
    [
        "Use an AI assistant to draft my weekly report for a month",
        "Try an AI meeting summary for my leadership team's stand-up",
        "Let an assistant sort my inbox for two weeks and count the time saved",
        "Draft next quarter's budget notes with an AI assistant, then compare",
        "Ask an assistant to turn our policy pages into plain-language FAQs",
        "Run one customer-complaint analysis with an AI tool instead of by hand",
        "Use an AI tool to prepare my board pack summary",
        "Test an AI translation of our supplier letters with a native speaker",
        "Build a spreadsheet formula with an assistant instead of asking IT",
        "Summarise the staff survey comments with an assistant, then read them all",
        "Prepare my all-hands talking points with an AI assistant",
        "Ask an assistant to find duplicate steps in our approval process",
    ],
    [
        "Replace the monthly all-hands slide deck with a one-page written update",
        "Hold one meeting a week with cameras optional and an agenda sent ahead",
        "Move my team's status updates from meetings to a shared channel",
        "Start each leadership meeting with the decision we need, not the slides",
        "Block two no-meeting afternoons a week for my team",
        "Share meeting notes within a day, in five bullet points",
        "Answer junior colleagues' questions in the open channel, not by private email",
        "Try asynchronous stand-ups for a month and ask the team how it felt",
        "Publish my team's priorities on one page everyone can see",
        "Invite a junior colleague to present their own work at my staff meeting",
        "Cut my recurring meetings by a third and tell people why",
        "Record short video updates instead of long emails for a month",
    ],
    [
        "Ask the recruitment team to test a post written by junior staff",
        "Follow three creators our younger customers watch, for a month",
        "Review our careers page with two recent graduates",
        "Post one behind-the-scenes update on the company account myself",
        "Ask the social team what they would change if they could",
        "Read the comments on our last five posts and reply to one",
        "Watch a product unboxing video with my mentor and note what surprised me",
        "Have a junior colleague rewrite one of my LinkedIn posts",
        "Check how our job adverts look on a phone",
        "Sit with the support team for an hour of social media replies",
        "Ask my mentor which of our campaigns they would never share, and why",
        "Compare our product page with a competitor's through a customer's eyes",
    ],
    [
        "Automate the copy-paste between the sales and finance trackers",
        "Set up a shared dashboard so the team stops emailing spreadsheets",
        "Replace the paper expense form with the app we already pay for",
        "Put the team's recurring report on an automatic schedule",
        "Learn the shortcuts my mentor uses and teach two to my team",
        "Move the project tracker to the tool the juniors already use",
        "Switch on the meeting transcription we already have a licence for",
        "Connect the booking tool to our calendars",
        "Retire one manual weekly spreadsheet",
        "Give the team a shared prompt library for common tasks",
        "Try the collaborative editing feature instead of emailing drafts",
        "Automate the reminder emails for our monthly reviews",
    ],
]


def _user(participant: Participant) -> User:
    if participant.user is not None:
        return participant.user
    user = user_for_person(person=participant.person)
    participant.user = user
    participant.save(update_fields=["user"])
    return user


def _topic(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def _next_weekday_10am(pair: Pair) -> dt.datetime:
    tz = person_zone(pair.leader.person)
    day = timezone.now().astimezone(tz).date() + dt.timedelta(days=6)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz)


def _seed_pair(pair: Pair, *, index: int, leader: User, mentor: User) -> None:
    now = timezone.now()
    charter = charters.charter_get_or_create(pair=pair)
    unsigned = index == 1
    charters.charter_update(pair=pair, actor=leader, **CHARTER)
    if not unsigned:
        charters.charter_sign(
            pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
        )
        charters.charter_sign(
            pair=pair, actor=mentor, version=charters.charter_get_or_create(pair=pair).version
        )
    charter.refresh_from_db()

    series = meetings.meeting_series_generate(
        pair=pair, actor=leader, include_past=True, location="Video call"
    )
    quiet = index == 2  # no meeting held in the last 45+ days
    past = [m for m in series if m.starts_at < now]
    for number, meeting in enumerate(past):
        recent = (now - meeting.starts_at).days < 60
        leader_cancels = (
            (index in (0, 3) and number == 2)
            or (quiet and recent)
            or (index == CANCELLING_PAIR and (now - meeting.starts_at).days < RECENT_DAYS)
        )
        if leader_cancels:
            meetings.meeting_cancel(
                meeting=meeting, actor=leader, reason="Clash with a board meeting; sorry."
            )
            continue
        if index == 4 and number == 3:
            meetings.meeting_cancel(meeting=meeting, actor=mentor, reason="Off sick that day.")
            continue
        meetings.agenda_item_add(meeting=meeting, actor=mentor, text=AGENDA[number % len(AGENDA)])
        meetings.agenda_item_add(meeting=meeting, actor=leader, text=AGENDA[(number + 1) % 3])
        meetings.meeting_mark_held(meeting=meeting, actor=leader)
        if number < 3:
            journal.reflection_save(
                meeting=meeting,
                actor=leader,
                first="How much of my week is spent on work a tool could do.",
                second="Drafting one report with the assistant before next time.",
                shared_with_partner=True,
            )
            journal.reflection_save(
                meeting=meeting,
                actor=mentor,
                first="The live demo: trying it on a real report worked better than slides.",
                second="How the leadership team decides which tools to buy.",
            )
        if number == 0:
            journal.note_create(
                pair=pair,
                actor=leader,
                meeting=meeting,
                visibility="private",
                body="I felt defensive when they said our posts look corporate. Worth sitting "
                "with that.",
            )
            journal.note_create(
                pair=pair,
                actor=mentor,
                meeting=meeting,
                visibility="shared",
                body="Links from today: the automation recipe and the prompt I use for summaries.",
            )
            journal.note_create(
                pair=pair,
                actor=mentor,
                meeting=meeting,
                visibility="private",
                body="Next time, raise the promotion criteria gently.",
            )
    upcoming = [m for m in series if m.starts_at >= now]
    if not upcoming and not quiet:
        # A program near its end still shows a next meeting, if the time bounds allow one.
        try:
            upcoming = [
                meetings.meeting_schedule(
                    pair=pair, actor=leader, starts_at=_next_weekday_10am(pair), location="Video"
                )
            ]
        except ServiceError:
            upcoming = []
    if upcoming:
        meetings.agenda_item_add(meeting=upcoming[0], actor=mentor, text=AGENDA[0])
        meetings.agenda_item_add(meeting=upcoming[0], actor=leader, text=AGENDA[1])

    insights = [
        journal.insight_create(
            pair=pair, actor=leader, text=text, topic_id=getattr(_topic(slug), "pk", None)
        )
        for slug, text in INSIGHTS
    ]
    today = timezone.localdate()
    for number, (slug, due, status, published) in enumerate(ACTIONS):
        if quiet and number > 1:
            break
        titles = ACTION_TITLES[number]
        action = journal.action_create(
            pair=pair,
            actor=leader,
            title=titles[index % len(titles)],
            due_on=today + dt.timedelta(days=due),
            topic_id=getattr(_topic(slug), "pk", None),
            insight=insights[number % len(insights)],
        )
        if status != "planned":
            journal.action_update(action=action, actor=leader, status=status)
        if published:
            journal.action_publish(action=action, actor=leader)
            if index % 2 == 0:
                journal.action_credit_mentor(action=action, actor=mentor, consent=True)

    for user, text, visibility in [
        (
            leader,
            "I default to explaining. This month I counted: I asked four questions, "
            "made eleven statements.",
            GrowthEntry.Visibility.PRIVATE,
        ),
        (
            leader,
            "Writing a one-page update took less time than the deck and got more replies.",
            GrowthEntry.Visibility.PROGRAM,
        ),
        (
            mentor,
            "Pitching to a VP: lead with the decision you want, then the evidence.",
            GrowthEntry.Visibility.PAIR,
        ),
        (
            mentor,
            "I was nervous about giving feedback upward. It went fine.",
            GrowthEntry.Visibility.PRIVATE,
        ),
    ]:
        journal.growth_entry_create(pair=pair, actor=user, text=text, visibility=visibility)
    goal = journal.learning_goal_create(
        pair=pair,
        actor=mentor,
        title="Understand how a budget decision moves through the leadership team",
        due_on=today + dt.timedelta(days=45),
    )
    journal.learning_goal_update(goal=goal, actor=mentor, status="in_progress")


def seed(ctx: DemoContext) -> None:
    program = Program.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        ctx.log(f"Mentoring: skipped (no {PROGRAM_SLUG!r} program yet).")
        return
    pairs = list(
        Pair.objects.filter(program=program, status=Pair.Status.ACTIVE)
        .select_related("leader__person", "mentor__person", "leader__user", "mentor__user")
        .order_by("pk")
    )
    # The named demo pair first, so it always gets the full, healthy treatment.
    pairs.sort(key=lambda p: p.leader.person.email != "leader@example.com")
    seeded = 0
    for index, pair in enumerate(pairs):
        if pair.meetings.exists():
            continue
        _seed_pair(pair, index=index, leader=_user(pair.leader), mentor=_user(pair.mentor))
        seeded += 1
    _complete_health_mix(pairs)
    if pairs:
        _seed_messages(pairs[0], leader=_user(pairs[0].leader), mentor=_user(pairs[0].mentor))
    held = Meeting.objects.filter(pair__program=program, status=Meeting.Status.HELD).count()
    ctx.log(f"Mentoring: {seeded} pair rooms filled ({len(pairs)} active pairs, {held} held).")
    _seed_closing(ctx)
    _seed_closed(ctx)


# (who writes, hours ago, text): the named pair arranging a meeting; the last one is unread.
MESSAGES = [
    ("mentor", 50, "Hi! Thursday's slot clashes with my team stand-up. Could we move to 10:30?"),
    (
        "leader",
        49,
        "10:30 works, I'll move the invitation. Could you bring the onboarding example you "
        "mentioned last time?",
    ),
    ("mentor", 26, "Will do. I'll also bring the short survey our team ran on the new tool."),
    ("leader", 25, "Perfect, thank you."),
    (
        "mentor",
        2,
        "The survey summary is in the shared drive under 'Tooling'. The third chart is the "
        "surprising one.",
    ),
]


def _seed_messages(pair: Pair, *, leader: User, mentor: User) -> None:
    """A short thread in leader@'s room, through the service (the last message unread)."""
    if Message.objects.filter(pair=pair).exists():
        return
    now = timezone.now()
    for role, hours, text in MESSAGES:
        message = message_send(pair=pair, actor=leader if role == "leader" else mentor, body=text)
        when = now - dt.timedelta(hours=hours)
        read = None if hours < 5 else when + dt.timedelta(minutes=30)
        Message.objects.filter(pk=message.pk).update(created_at=when, read_at=read)


# (leader's choice or None, mentor's choice or None) for the closing program's first pairs: one
# pair has closed itself, two are half-way, the rest have not answered yet.
CLOSING_ANSWERS = [("continue", "mentor_anew"), ("group", None), (None, "mentor_anew")]


def _seed_closing(ctx: DemoContext) -> None:
    """The program in its closing phase: pairs invited to close, some answers already in."""
    for program in Program.objects.filter(phase=Program.Phase.CLOSING):
        pairs = list(Pair.objects.filter(program=program).order_by("pk"))
        for pair in pairs:
            _seed_history(pair)
        pairs_closing_invite(program=program)
        for pair, answers in zip(pairs, CLOSING_ANSWERS, strict=False):
            for side, choice in zip((pair.leader, pair.mentor), answers, strict=True):
                if choice is None or not pair.is_open:
                    continue
                if ClosureChoice.objects.filter(pair=pair, role=side.role).exists():
                    continue
                closure_submit(
                    pair=pair,
                    actor=_user(side),
                    choice=choice,
                    final_reflection="Looking back, the monthly rhythm mattered more than any "
                    "single conversation.",
                    celebrate_by_name=True,
                )
                pair.refresh_from_db()
        open_pairs = Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).count()
        ctx.log(f"Mentoring: {program.name} is closing; {open_pairs} pairs still to answer.")


def _seed_closed(ctx: DemoContext) -> None:
    """A closed program's pairs met too (the pilot's history), from their start to their end."""
    for program in Program.objects.filter(phase=Program.Phase.CLOSED):
        pairs = list(Pair.objects.filter(program=program).order_by("pk"))
        for pair in pairs:
            _seed_history(pair)
        if pairs:
            ctx.log(f"Mentoring: {program.name} is closed; its {len(pairs)} pairs have met.")


def _seed_history(pair: Pair) -> None:
    """A pair at the end of its program: a signed charter (while the pair is open) and a
    monthly meeting most months, all within the pair's and the program's dates."""
    if pair.meetings.exists():
        return
    leader, mentor = _user(pair.leader), _user(pair.mentor)
    if pair.is_open:
        charters.charter_get_or_create(pair=pair)
        charters.charter_update(pair=pair, actor=leader, **CHARTER)
        charters.charter_sign(
            pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
        )
        charters.charter_sign(
            pair=pair, actor=mentor, version=charters.charter_get_or_create(pair=pair).version
        )
    now = timezone.now()
    zone = person_zone(pair.leader.person)
    ends = [d for d in (pair.ended_on, pair.program.ends_on) if d is not None]
    last_day = min(ends) if ends else None
    day = pair.started_on + dt.timedelta(days=7)
    number = 0
    while True:
        starts_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=zone)
        if starts_at >= now - dt.timedelta(days=3) or (last_day and day > last_day):
            break
        # Past meetings are recorded directly: sending invitations for them would be noise.
        held = (number + pair.pk) % 7 != 3  # now and then a month slips
        Meeting.objects.create(
            pair=pair,
            starts_at=starts_at,
            duration_minutes=pair.program.meeting_minutes,
            location="Video call",
            status=Meeting.Status.HELD if held else Meeting.Status.CANCELLED,
            held_at=starts_at if held else None,
            cancelled_by_role="" if held else "mentor",
            cancel_reason="" if held else "Clashed with a release; we met the week after.",
        )
        day += dt.timedelta(days=pair.program.cadence_days)
        number += 1


def _complete_health_mix(pairs: list[Pair]) -> None:
    """Make sure the health board has pairs in each state (see the module docstring).

    Fresh seeds already have this from `_seed_pair`; this also brings demo databases seeded
    before it up to date, and does nothing when the mix is already there.
    """
    now = timezone.now()
    if len(pairs) > CANCELLING_PAIR:
        pair = pairs[CANCELLING_PAIR]
        recent = pair.meetings.filter(
            starts_at__gte=now - dt.timedelta(days=RECENT_DAYS), starts_at__lt=now
        )
        missing = (
            2 - recent.filter(status=Meeting.Status.CANCELLED, cancelled_by_role="leader").count()
        )
        if missing > 0:
            # Older demo data only: turn the latest held meetings into leader cancellations.
            ids = list(
                recent.filter(status=Meeting.Status.HELD)
                .order_by("-starts_at")
                .values_list("pk", flat=True)[:missing]
            )
            Meeting.objects.filter(pk__in=ids).update(
                status=Meeting.Status.CANCELLED,
                cancelled_by_role="leader",
                cancel_reason="Clash with a board meeting; sorry.",
                held_at=None,
            )
    today = timezone.localdate()
    for index in CAUGHT_UP_PAIRS:
        if index >= len(pairs):
            break
        pair = pairs[index]
        overdue = pair.actions.filter(
            due_on__lt=today,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
        )
        for action in overdue:
            journal.action_update(action=action, actor=_user(pair.leader), status="done")
