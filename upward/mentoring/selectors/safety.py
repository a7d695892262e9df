"""Concerns, rematch requests and closing choices, as the people concerned may see them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from upward.access import (
    COORDINATOR,
    AnyUser,
    ConcernAccess,
    can_view_health,
    concern_access,
    member_role,
    user_roles,
)
from upward.mentoring.models import ClosureChoice, Concern, ConcernEntry, Pair
from upward.mentoring.wording import mid_sentence
from upward.programs.models import Participant, Program

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


def concern_inbox_programs(*, user: AnyUser) -> QuerySet[Program]:
    """The programs whose concerns the user reads: those they coordinate (none for others)."""
    if not user.is_authenticated or COORDINATOR not in user_roles(user):
        # The per-request roles already know whether they coordinate any program.
        return Program.objects.none()
    return Program.objects.filter(coordinators=user)


def programs_with_concern_inbox(*, user: AnyUser) -> QuerySet[Program]:
    """The same, for the inbox page: it does not exist (404) for anyone coordinating none."""
    programs = concern_inbox_programs(user=user)
    if not programs.exists():
        raise Http404("No such page.")
    return programs


def concern_for_coordinator(*, user: AnyUser, concern_id: int) -> Concern:
    concern = concerns_for_coordinator(user=user).filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern.")
    return concern


@dataclass(frozen=True)
class RematchWish:
    """Someone whose pair ended early (no fault) and who asked for a new partner, not met yet.

    What a coordinator may know: who, their role, since when, and that the ending was a no-fault
    exit. Not who ended it, and nothing either person wrote."""

    participant: Participant
    program_id: int
    ended_on: dt.date | None

    @property
    def name(self) -> str:
        return self.participant.person.name

    @property
    def role(self) -> str:
        return self.participant.role


def rematch_wishes_in(*, programs: Iterable[Program]) -> list[RematchWish]:
    """The open wishes for a new partner in some programs (the caller fetched them through
    access). A wish is met once the person is in a pair that started after the ended one.
    At most three queries whatever the number of programs."""
    program_ids = [p.pk for p in programs]
    # Who could be waiting: a side of an ended pair that asked for a new partner. Usually a
    # handful; reading every pair of the programs to find them cost a coordinator's home page
    # 9 ms of CPU on 2,000 pairs (issue 16).
    asked = Pair.objects.filter(program_id__in=program_ids, status=Pair.Status.ENDED).filter(
        Q(leader_wants_rematch=True) | Q(mentor_wants_rematch=True)
    )
    candidates = {pid for pair in asked.values_list("leader_id", "mentor_id") for pid in pair}
    if not candidates:
        return []
    # Each candidate's latest pair decides: an ended one with their wish is open; any newer
    # pair (active, or itself ended) has met it.
    latest: dict[int, tuple[int, dt.date | None, bool]] = {}
    for program_id, status, ended_on, leader_id, mentor_id, leader_wants, mentor_wants in (
        Pair.objects.filter(Q(leader_id__in=candidates) | Q(mentor_id__in=candidates))
        .order_by("pk")
        .values_list(
            "program_id",
            "status",
            "ended_on",
            "leader_id",
            "mentor_id",
            "leader_wants_rematch",
            "mentor_wants_rematch",
        )
    ):
        ended = status == Pair.Status.ENDED
        latest[leader_id] = (program_id, ended_on, ended and leader_wants)
        latest[mentor_id] = (program_id, ended_on, ended and mentor_wants)
    wishes = {pid: (program_id, on) for pid, (program_id, on, open_) in latest.items() if open_}
    if not wishes:
        return []
    # Someone who has left the program since is no longer waiting.
    people = Participant.objects.filter(
        pk__in=list(wishes), status=Participant.Status.OPTED_IN
    ).select_related("person")
    found = [
        RematchWish(participant=p, program_id=wishes[p.pk][0], ended_on=wishes[p.pk][1])
        for p in people
    ]
    return sorted(found, key=lambda w: (w.ended_on or dt.date.min, w.name))


def rematch_wishes(*, user: AnyUser, program: Program) -> list[RematchWish]:
    """For the program's coordinators (and org admins), who see pair health: the people
    waiting for a new partner. Nobody else learns that a wish exists."""
    if not can_view_health(user=user, program=program):
        return []
    return rematch_wishes_in(programs=[program])


ANONYMOUS_RAISER = gettext_noop("The person who raised this (anonymous)")


def raiser_label(*, access: ConcernAccess) -> str:
    """How the viewer names the person who raised the concern."""
    concern = access.concern
    if not access.is_coordinator:
        return _("You")
    if concern.anonymous:
        return _(ANONYMOUS_RAISER)
    return _("%(name)s (%(role)s)") % {
        "name": concern.raised_by.get_full_name(),
        "role": mid_sentence(concern.get_role_display()),
    }


@dataclass(frozen=True)
class CaseLine:
    """One line of a case as the viewer may read it (names already hidden where promised)."""

    kind: str  # "reply" or "status"
    by_raiser: bool
    who: str
    at: object
    body: str
    from_status: str
    to_status: str


@dataclass(frozen=True)
class ConcernCase:
    access: ConcernAccess
    lines: list[CaseLine]
    raiser: str
    # What a coordinator may know of where it came from (nothing, when it is anonymous).
    pair_label: str

    @property
    def concern(self) -> Concern:
        return self.access.concern


def _status_label(value: str) -> str:
    return str(dict(Concern.Status.choices).get(value, value))


def concern_case(*, user: AnyUser, concern_id: int) -> ConcernCase:
    """A concern's case for its raiser or a coordinator of its program (404 for anyone else):
    the thread and the status history. The raiser reads the replies and the status changes; a
    coordinator also reads who raised it, unless it was raised anonymously."""
    access = concern_access(user=user, concern_id=concern_id)
    concern = access.concern
    raiser = raiser_label(access=access)
    lines = []
    for entry in ConcernEntry.objects.filter(concern=concern).select_related("author"):
        if entry.by_raiser:
            who = raiser
        elif entry.author is not None:
            who = entry.author.get_full_name() or _("A coordinator")
        else:
            who = _("A former coordinator")
        lines.append(
            CaseLine(
                kind=entry.kind,
                by_raiser=entry.by_raiser,
                who=who,
                at=entry.created_at,
                body=entry.body,
                from_status=_status_label(entry.from_status),
                to_status=_status_label(entry.to_status),
            )
        )
    pair_label = ""
    if access.is_coordinator and not concern.anonymous and concern.pair is not None:
        pair_label = f"{concern.pair.leader.person.name} & {concern.pair.mentor.person.name}"
    return ConcernCase(access=access, lines=lines, raiser=raiser, pair_label=pair_label)


def participants_wanting_rematch(*, user: AnyUser, program: Program) -> list[Participant]:
    """For coordinators: people whose pair ended early and who asked for a new partner."""
    return [wish.participant for wish in rematch_wishes(user=user, program=program)]


def closure_choices_of(*, user: AnyUser, pair: Pair) -> QuerySet[ClosureChoice]:
    """Each person's closing reflection is shared within the pair, like a last shared note."""
    if member_role(user=user, pair=pair) is None:
        return ClosureChoice.objects.none()
    return pair.closure_choices.all()
