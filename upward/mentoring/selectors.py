"""Reads for mentoring, scoped by role. THE one place that decides who sees what of a pair.

The rules (ARCHITECTURE.md): the two members of a pair see their pair's content; a private note
or private growth entry is seen by its author only, ever; a coordinator of the pair's program
sees HEALTH (dates, counts, statuses) and published actions/entries, never content; sponsors see
published actions and aggregates; org admins have no special access to pairs. Everybody else
gets nothing (views answer 404 so they do not even learn that the object exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from upward.mentoring.models import (
    Action,
    AgendaItem,
    Charter,
    ClosureChoice,
    Concern,
    GrowthEntry,
    Insight,
    LearningGoal,
    Meeting,
    Note,
    Pair,
    Reflection,
)
from upward.mentoring.models.meetings import Visibility
from upward.people.models import User
from upward.programs.models import Participant, Program

AnyUser = User | AnonymousUser

LEADER = "leader"
MENTOR = "mentor"
COORDINATOR = "coordinator"
SPONSOR = "sponsor"
PARTICIPANT = "participant"

# A pair with no meeting held for this long is flagged to its coordinators (PRODUCT.md step 7).
QUIET_DAYS = 45


# --- who is who ------------------------------------------------------------------------------


def _participant_is(user: AnyUser, participant: Participant) -> bool:
    if not user.is_authenticated:
        return False
    if participant.user_id is not None:
        return participant.user_id == user.pk
    # Accounts are sometimes created after enrolment: fall back to the directory person.
    return user.person_id is not None and participant.person_id == user.person_id  # type: ignore[union-attr]


def member_role(*, user: AnyUser, pair: Pair) -> str | None:
    """'leader' or 'mentor' when the user is one of the two people in the pair, else None."""
    if _participant_is(user, pair.leader):
        return LEADER
    if _participant_is(user, pair.mentor):
        return MENTOR
    return None


def is_program_coordinator(*, user: AnyUser, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return program.coordinators.filter(pk=user.pk).exists()


def program_space_role(*, user: AnyUser, program: Program) -> str | None:
    """Who may enter a program's shared space (community, follow-through board)."""
    if not user.is_authenticated:
        return None
    if is_program_coordinator(user=user, program=program):
        return COORDINATOR
    if member_participations(user).filter(program=program).exists():
        return PARTICIPANT
    if program.sponsor_id == user.pk:
        return SPONSOR
    return None


def member_participations(user: AnyUser) -> QuerySet[Participant]:
    if not user.is_authenticated:
        return Participant.objects.none()
    condition = Q(user=user)
    if user.person_id:  # type: ignore[union-attr]
        condition |= Q(user__isnull=True, person_id=user.person_id)  # type: ignore[union-attr]
    return Participant.objects.filter(condition).exclude(status=Participant.Status.WITHDRAWN)


def programs_in_space_of(*, user: AnyUser) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    program_ids = member_participations(user).values("program_id")
    return Program.objects.filter(
        Q(coordinators=user) | Q(pk__in=program_ids) | Q(sponsor=user)
    ).distinct()


# --- pairs -----------------------------------------------------------------------------------


def _pairs() -> QuerySet[Pair]:
    return Pair.objects.select_related(
        "program", "leader__person", "mentor__person", "leader__user", "mentor__user"
    )


def pairs_of_member(*, user: AnyUser) -> QuerySet[Pair]:
    """The pairs the user is in, newest first."""
    participations = member_participations(user)
    return _pairs().filter(Q(leader__in=participations) | Q(mentor__in=participations))


def pairs_for_coordinator(*, user: AnyUser) -> QuerySet[Pair]:
    """Pairs of the programs the user coordinates (health only; never content)."""
    if not user.is_authenticated:
        return Pair.objects.none()
    return _pairs().filter(program__coordinators=user)


@dataclass(frozen=True)
class PairAccess:
    pair: Pair
    role: str  # leader, mentor or coordinator

    @property
    def is_member(self) -> bool:
        return self.role in (LEADER, MENTOR)

    @property
    def can_write(self) -> bool:
        return self.is_member and self.pair.is_open


def pair_access(*, user: AnyUser, pair_id: int) -> PairAccess:
    """A member (content) or a coordinator of the program (health). Anyone else: 404."""
    pair = _pairs().filter(pk=pair_id).first()
    if pair is None:
        raise Http404("No such pair.")
    role = member_role(user=user, pair=pair)
    if role is not None:
        return PairAccess(pair=pair, role=role)
    if is_program_coordinator(user=user, program=pair.program):
        return PairAccess(pair=pair, role=COORDINATOR)
    raise Http404("No such pair.")


def pair_for_member(*, user: AnyUser, pair_id: int) -> PairAccess:
    """Content access: only the two members. A coordinator is told it does not exist."""
    access = pair_access(user=user, pair_id=pair_id)
    if not access.is_member:
        raise Http404("Pair content is visible to the pair only.")
    return access


def partner_of(*, pair: Pair, role: str) -> Participant:
    return pair.mentor if role == LEADER else pair.leader


# --- pair content (members only) --------------------------------------------------------------


def charter_of(*, user: AnyUser, pair: Pair) -> Charter | None:
    if member_role(user=user, pair=pair) is None:
        return None
    return Charter.objects.filter(pair=pair).first()


def meetings_of(*, user: AnyUser, pair: Pair) -> QuerySet[Meeting]:
    """Meeting times and statuses are health, so coordinators see them too (never the agenda)."""
    if member_role(user=user, pair=pair) is None and not is_program_coordinator(
        user=user, program=pair.program
    ):
        return Meeting.objects.none()
    return pair.meetings.all()


def meeting_for_member(*, user: AnyUser, pair: Pair, meeting_id: int) -> Meeting:
    if member_role(user=user, pair=pair) is None:
        raise Http404("No such meeting.")
    meeting = pair.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def agenda_of(*, user: AnyUser, meeting: Meeting) -> QuerySet[AgendaItem]:
    if member_role(user=user, pair=meeting.pair) is None:
        return AgendaItem.objects.none()
    return meeting.agenda_items.select_related("author", "prompt")


def notes_visible(*, user: AnyUser, pair: Pair) -> QuerySet[Note]:
    """My notes (private and shared) and my partner's shared notes. Nobody else's, ever."""
    if member_role(user=user, pair=pair) is None:
        return Note.objects.none()
    return (
        Note.objects.filter(pair=pair)
        .filter(Q(author=user) | Q(visibility=Visibility.SHARED))
        .select_related("author", "meeting")
    )


def note_visible(*, user: AnyUser, pair: Pair, note_id: int) -> Note:
    note = notes_visible(user=user, pair=pair).filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note.")
    return note


def note_editable(*, user: AnyUser, pair: Pair, note_id: int) -> Note:
    """Only the author edits or deletes a note, shared or not."""
    note = note_visible(user=user, pair=pair, note_id=note_id)
    if note.author_id != user.pk:
        raise Http404("Only the author may change a note.")
    return note


def reflections_visible(*, user: AnyUser, meeting: Meeting) -> QuerySet[Reflection]:
    if member_role(user=user, pair=meeting.pair) is None:
        return Reflection.objects.none()
    return meeting.reflections.filter(Q(author=user) | Q(shared_with_partner=True))


def growth_entries_visible(*, user: AnyUser, pair: Pair) -> QuerySet[GrowthEntry]:
    """Inside the room: mine, and my partner's entries shared with the pair or published."""
    if member_role(user=user, pair=pair) is None:
        return GrowthEntry.objects.none()
    return (
        GrowthEntry.objects.filter(pair=pair)
        .filter(Q(author=user) | ~Q(visibility=GrowthEntry.Visibility.PRIVATE))
        .select_related("author")
    )


def growth_entry_visible(*, user: AnyUser, pair: Pair, entry_id: int) -> GrowthEntry:
    entry = growth_entries_visible(user=user, pair=pair).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def growth_entry_editable(*, user: AnyUser, pair: Pair, entry_id: int) -> GrowthEntry:
    """Only the author edits or deletes an entry, whatever its visibility."""
    entry = growth_entry_visible(user=user, pair=pair, entry_id=entry_id)
    if entry.author_id != user.pk:
        raise Http404("No such entry.")
    return entry


def insights_of(*, user: AnyUser, pair: Pair) -> QuerySet[Insight]:
    if member_role(user=user, pair=pair) is None:
        return Insight.objects.none()
    return pair.insights.select_related("topic", "author")


def actions_of(*, user: AnyUser, pair: Pair) -> QuerySet[Action]:
    """Members see every action of their pair; the rest of the program sees published ones."""
    if member_role(user=user, pair=pair) is not None:
        return pair.actions.select_related("topic", "insight")
    if program_space_role(user=user, program=pair.program) is not None:
        return pair.actions.filter(published=True).select_related("topic")
    return Action.objects.none()


def action_for_member(*, user: AnyUser, pair: Pair, action_id: int) -> Action:
    if member_role(user=user, pair=pair) is None:
        raise Http404("No such action.")
    action = pair.actions.filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action.")
    return action


def learning_goals_of(*, user: AnyUser, pair: Pair) -> QuerySet[LearningGoal]:
    if member_role(user=user, pair=pair) is None:
        return LearningGoal.objects.none()
    return pair.learning_goals.all()


def closure_choices_of(*, user: AnyUser, pair: Pair) -> QuerySet[ClosureChoice]:
    """Each person's closing reflection is shared within the pair, like a last shared note."""
    if member_role(user=user, pair=pair) is None:
        return ClosureChoice.objects.none()
    return pair.closure_choices.all()


# --- program-wide, published only ------------------------------------------------------------


def published_actions(*, user: AnyUser, program: Program) -> QuerySet[Action]:
    if program_space_role(user=user, program=program) is None:
        return Action.objects.none()
    return (
        Action.objects.filter(pair__program=program, published=True)
        .select_related("pair__leader__person", "pair__mentor__person", "topic")
        .order_by("-published_at", "-pk")
    )


def published_growth_entries(*, user: AnyUser, program: Program) -> QuerySet[GrowthEntry]:
    if program_space_role(user=user, program=program) is None:
        return GrowthEntry.objects.none()
    return (
        GrowthEntry.objects.filter(pair__program=program, visibility=GrowthEntry.Visibility.PROGRAM)
        .select_related("author")
        .order_by("-published_at", "-pk")
    )


@dataclass
class Theme:
    topic: str
    published_actions: int
    insights: int | None  # None when below the anonymity threshold


def program_themes(*, user: AnyUser, program: Program) -> list[Theme]:
    """Counts by topic, no names. Small insight counts are hidden (program anonymity threshold)."""
    if program_space_role(user=user, program=program) is None:
        return []
    threshold = max(program.anonymity_threshold, 1)
    actions = dict(
        Action.objects.filter(pair__program=program, published=True)
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .values_list("topic__name", "n")
    )
    insights = dict(
        Insight.objects.filter(pair__program=program)
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .values_list("topic__name", "n")
    )
    names = sorted({*actions, *insights}, key=lambda n: (n is None, n or ""))
    themes = [
        Theme(
            topic=name or "Other",
            published_actions=actions.get(name, 0),
            insights=insights.get(name, 0) if insights.get(name, 0) >= threshold else None,
        )
        for name in names
    ]
    return sorted(themes, key=lambda t: (-(t.published_actions), -(t.insights or 0), t.topic))


# --- safety ----------------------------------------------------------------------------------


def concerns_visible(*, user: AnyUser) -> QuerySet[Concern]:
    """The person who raised it, and the coordinators of its program. Never the partner."""
    if not user.is_authenticated:
        return Concern.objects.none()
    return (
        Concern.objects.filter(Q(raised_by=user) | Q(program__coordinators=user))
        .select_related("program", "pair", "raised_by")
        .distinct()
    )


def concerns_for_coordinator(*, user: AnyUser) -> QuerySet[Concern]:
    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(program__coordinators=user).select_related(
        "program", "raised_by", "pair__leader__person", "pair__mentor__person"
    )


def concern_for_coordinator(*, user: AnyUser, concern_id: int) -> Concern:
    concern = concerns_for_coordinator(user=user).filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern.")
    return concern


def participants_wanting_rematch(*, user: AnyUser, program: Program) -> list[Participant]:
    """For coordinators: people whose pair ended early and who asked for a new partner."""
    if not is_program_coordinator(user=user, program=program):
        return []
    ended = Pair.objects.filter(program=program, status=Pair.Status.ENDED)
    ids = {
        *ended.filter(leader_wants_rematch=True).values_list("leader_id", flat=True),
        *ended.filter(mentor_wants_rematch=True).values_list("mentor_id", flat=True),
    }
    busy = {
        *Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "leader_id", flat=True
        ),
        *Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).values_list(
            "mentor_id", flat=True
        ),
    }
    return list(
        Participant.objects.filter(pk__in=ids - busy).select_related("person").order_by("role")
    )


# --- health (what a coordinator may see) -------------------------------------------------------


@dataclass
class PairHealth:
    charter_signed: bool
    meetings_held: int
    meetings_scheduled: int
    meetings_cancelled: int
    leader_cancellations: int
    last_meeting_on: dt.date | None
    next_meeting_at: dt.datetime | None
    days_since_last_meeting: int | None
    actions_open: int
    actions_done: int
    actions_published: int
    actions_overdue: int
    open_concerns: int
    flags: list[str] = field(default_factory=list)


def pair_health(*, pair: Pair, today: dt.date | None = None) -> PairHealth:
    """Dates, counts and statuses only: safe to show a coordinator."""
    today = today or timezone.localdate()
    now = timezone.now()
    meetings = list(pair.meetings.values("status", "starts_at", "held_at", "cancelled_by_role"))
    held = [m for m in meetings if m["status"] == Meeting.Status.HELD]
    upcoming = sorted(
        m["starts_at"]
        for m in meetings
        if m["status"] == Meeting.Status.SCHEDULED and m["starts_at"] >= now
    )
    last_held = max(((m["held_at"] or m["starts_at"]) for m in held), default=None)
    actions = pair.actions.values_list("status", "published", "due_on")
    open_statuses = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
    charter = Charter.objects.filter(pair=pair).first()
    health = PairHealth(
        charter_signed=bool(charter and charter.is_signed),
        meetings_held=len(held),
        meetings_scheduled=len(upcoming),
        meetings_cancelled=sum(1 for m in meetings if m["status"] == Meeting.Status.CANCELLED),
        leader_cancellations=sum(1 for m in meetings if m["cancelled_by_role"] == LEADER),
        last_meeting_on=last_held.date() if last_held else None,
        next_meeting_at=upcoming[0] if upcoming else None,
        days_since_last_meeting=(today - last_held.date()).days if last_held else None,
        actions_open=sum(1 for s, _, _ in actions if s in open_statuses),
        actions_done=sum(1 for s, _, _ in actions if s == Action.Status.DONE),
        actions_published=sum(1 for _, p, _ in actions if p),
        actions_overdue=sum(1 for s, _, d in actions if s in open_statuses and d and d < today),
        open_concerns=pair.concerns.exclude(status=Concern.Status.RESOLVED).count(),
    )
    if pair.is_open:
        since = health.days_since_last_meeting
        if since is None:
            since = (today - pair.started_on).days
        if since >= QUIET_DAYS:
            health.flags.append(f"No meeting in {since} days")
        if health.leader_cancellations >= 2:
            health.flags.append(f"Leader cancelled {health.leader_cancellations} times")
        if not health.charter_signed:
            health.flags.append("Charter not signed")
    return health


def next_meeting(*, pair: Pair) -> Meeting | None:
    return (
        pair.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def meetings_awaiting_outcome(*, pair: Pair) -> QuerySet[Meeting]:
    """Past meetings still marked scheduled: the pair should mark them held or cancelled."""
    return pair.meetings.filter(
        status=Meeting.Status.SCHEDULED, starts_at__lt=timezone.now()
    ).order_by("starts_at")


# --- closing a program (coordinators) ---------------------------------------------------------


@dataclass
class ClosingRow:
    """One pair at the program's end. The final reflections stay with the pair; what each
    person wants next is shared with the coordinators so they can act on it."""

    pair: Pair
    leader_next: str | None  # the choice's label, None while unanswered
    mentor_next: str | None

    @property
    def answered(self) -> int:
        return (self.leader_next is not None) + (self.mentor_next is not None)


@dataclass
class ClosingOverview:
    program: Program
    rows: list[ClosingRow]

    @property
    def open_rows(self) -> list[ClosingRow]:
        return [r for r in self.rows if r.pair.is_open]

    @property
    def invited(self) -> int:
        return sum(1 for r in self.open_rows if r.pair.closing_invited_at is not None)

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.pair.status == Pair.Status.CLOSED)


def program_for_closing(
    *, user: AnyUser, slug: str | None = None, program_id: int | None = None
) -> Program:
    """The program (by slug or id) if the user manages it (coordinators, org admins); else 404."""
    from upward.programs.selectors import program_get

    if program_id is not None:
        found = Program.objects.filter(pk=program_id).values_list("slug", flat=True).first()
        if found is None:
            raise Http404("No such program.")
        slug = found
    return program_get(user=user, slug=slug or "", manage=True)


def closing_overview(*, user: AnyUser, program: Program) -> ClosingOverview:
    from upward.programs.selectors import can_manage

    if not can_manage(user=user, program=program):
        raise Http404("No such program.")
    pairs = list(
        _pairs()
        .filter(program=program)
        .exclude(status=Pair.Status.ENDED)
        .order_by("leader__person__name")
    )
    labels = dict(ClosureChoice.Next.choices)
    answers = {
        (pair_id, role): labels.get(choice, choice)
        for pair_id, role, choice in ClosureChoice.objects.filter(
            pair__in=[p.pk for p in pairs]
        ).values_list("pair_id", "role", "choice")
    }
    rows = [
        ClosingRow(
            pair=p, leader_next=answers.get((p.pk, LEADER)), mentor_next=answers.get((p.pk, MENTOR))
        )
        for p in pairs
    ]
    return ClosingOverview(program=program, rows=rows)


def programs_ending_for(*, user: AnyUser) -> QuerySet[Program]:
    """Programs in their closing or closed phase that the user manages and that have pairs."""
    from upward.programs.selectors import programs_managed_by

    return (
        programs_managed_by(user=user)
        .filter(phase__in=[Program.Phase.CLOSING, Program.Phase.CLOSED], pairs__isnull=False)
        .distinct()
        .order_by("name")
    )


def closing_invitation_for(*, pair: Pair) -> bool:
    """Whether the room should invite its two people to close (the program is ending)."""
    return pair.is_open and (
        pair.closing_invited_at is not None
        or pair.program.phase in (Program.Phase.CLOSING, Program.Phase.CLOSED)
    )
