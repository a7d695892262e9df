"""Reads for a consultation: the coordinator's count of answers, and what a consulted
participant sees (only the proposals that name them, only while the consultation is open)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.access import AnyUser
from upward.matching.models import MatchRun, ProposedPair
from upward.people.models import User
from upward.programs.models import Intake, Participant, Topic
from upward.queryshapes import QueryShape


@dataclass
class ConsultationSummary:
    """Answers counted per person asked (a proposal may ask both the leader and the mentor)."""

    asked: int = 0
    accepted: int = 0
    declined: int = 0
    waiting: int = 0
    no_answer: int = 0
    deadline: Any = None
    over: bool = False


def consultation_summary(run: MatchRun) -> ConsultationSummary | None:
    if run.consultation_deadline is None:
        return None
    summary = ConsultationSummary(deadline=run.consultation_deadline, over=run.consultation_over)
    Response = ProposedPair.Response
    for proposal in run.proposals.select_related("run"):
        for side in ("leader", "mentor"):
            answer = proposal.answer_of(side)
            if answer == Response.NOT_ASKED:
                continue
            summary.asked += 1
            if answer == Response.ACCEPTED:
                summary.accepted += 1
            elif answer == Response.DECLINED:
                summary.declined += 1
            elif answer == Response.PENDING:
                summary.waiting += 1
            else:
                summary.no_answer += 1
    return summary


def proposals_for_participant(*, user: AnyUser) -> QuerySet[ProposedPair]:
    """Proposals the user is asked to answer (consultation open)."""
    if not user.is_authenticated:
        return ProposedPair.objects.none()
    if not isinstance(user, User):
        return ProposedPair.objects.none()
    mine = Q(user=user)
    if user.person_id:
        mine |= Q(person_id=user.person_id)
    participants = Participant.objects.filter(mine)
    return (
        ProposedPair.objects.filter(run__status=MatchRun.Status.CONSULTING)
        .filter(
            Q(leader__in=participants) & ~Q(leader_response=ProposedPair.Response.NOT_ASKED)
            | Q(mentor__in=participants) & ~Q(mentor_response=ProposedPair.Response.NOT_ASKED)
        )
        .select_related(
            "run__program",
            "leader__person__department",
            "mentor__person__department",
            "leader__intake",
            "mentor__intake",
        )
    )


# Every participant's home page asks: composed once per connection (upward/queryshapes.py).
_ANY_CONSULTING = QueryShape(
    lambda: (
        MatchRun.objects.filter(status=MatchRun.Status.CONSULTING)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
)


def proposals_awaiting_answer(*, user: AnyUser) -> list[ProposedPair]:
    """Proposals on which this user's own answer is still pending and the deadline not passed."""
    if not _ANY_CONSULTING():
        # Every participant's home page asks; a consultation is open for days in a program's
        # life, so most of the time a one-row check spares the nine-table proposal query.
        return []
    return [
        p
        for p in proposals_for_participant(user=user)
        if (side := side_of(p, user)) and p.answer_of(side) == ProposedPair.Response.PENDING
    ]


def proposal_for_participant(*, user: AnyUser, pk: int) -> ProposedPair:
    proposal = proposals_for_participant(user=user).filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


@dataclass
class PartnerSummary:
    """What a consulted person sees of their proposed partner: directory basics and the parts of
    the intake meant for a partner (never goals a mentor will not represent)."""

    intake: Any
    topics: list[str]


def partner_summary(partner: Participant) -> PartnerSummary:
    intake = Intake.objects.filter(participant=partner).first()
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    topics: list[str] = []
    if intake is not None:
        levels = dict(intake.topics or {})
        if partner.role == Participant.Role.MENTOR:
            for slug in intake.sensitive_topics or []:
                levels[slug] = max(levels.get(slug, 0), 2)
            for slug in intake.not_represent or []:
                levels.pop(slug, None)
        topics = [
            topic_names.get(s) or s
            for s, lvl in sorted(levels.items(), key=lambda kv: -kv[1])
            if lvl
        ]
    return PartnerSummary(intake=intake, topics=topics)


def side_of(proposal: ProposedPair, user: AnyUser) -> str:
    """ "leader" or "mentor": the side of the proposal the user is on; "" for anyone else."""
    if not isinstance(user, User) or not user.is_authenticated:
        return ""
    for role, p in (("leader", proposal.leader), ("mentor", proposal.mentor)):
        if p.user_id == user.pk or (user.person_id and p.person_id == user.person_id):
            return role
    return ""
