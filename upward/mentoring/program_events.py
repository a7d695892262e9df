"""How mentoring answers the programs app's events (subscribed in `MentoringConfig.ready()`).

Programs sits below mentoring and never imports it; these functions bring what pairs know to a
program: its pair counts, the guards of a phase move, the end of a pair when someone withdraws,
and a new pair's introduction on the participant's home panel. They only count and list: a
coordinator sees pair health (signed or not, open or not), never what a charter or concern says.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward.access import AnyUser, member_pairs
from upward.mentoring.models import Concern, Pair
from upward.mentoring.selectors.safety import rematch_wishes_in
from upward.mentoring.services.safety import pair_end_on_withdrawal
from upward.programs.models import Participant, Program
from upward.programs.selectors import PhaseCheck

Phase = Program.Phase
INTRO_DAYS = 30  # how long a new pair's introduction stays on the home page


def program_pair_counts(program: Program) -> dict[str, int]:
    """program.counts: active pairs."""
    return {"pairs": Pair.objects.filter(program=program, status=Pair.Status.ACTIVE).count()}


def unsigned_charters(program: Program) -> list[str]:
    """Active pairs whose charter is not signed by both (a pair without a charter counts too)."""
    unsigned = (
        Pair.objects.filter(program=program, status=Pair.Status.ACTIVE)
        .filter(
            Q(charter__isnull=True)
            | Q(charter__leader_signed_at__isnull=True)
            | Q(charter__mentor_signed_at__isnull=True)
        )
        .count()
    )
    if not unsigned:
        return []
    return [
        ngettext(
            "%(n)d active pair has no charter signed by both people.",
            "%(n)d active pairs have no charter signed by both people.",
            unsigned,
        )
        % {"n": unsigned}
    ]


def open_concerns(program: Program) -> list[str]:
    """Confidential concerns nobody has resolved yet: closing should not bury them."""
    counts = dict(
        Concern.objects.filter(program=program, status__in=["open", "acknowledged"])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    warnings = []
    if counts.get("open"):
        n = counts["open"]
        warnings.append(
            ngettext(
                "%(n)d concern is still open and not yet acknowledged.",
                "%(n)d concerns are still open and not yet acknowledged.",
                n,
            )
            % {"n": n}
        )
    if counts.get("acknowledged"):
        n = counts["acknowledged"]
        warnings.append(
            ngettext(
                "%(n)d acknowledged concern is not resolved yet.",
                "%(n)d acknowledged concerns are not resolved yet.",
                n,
            )
            % {"n": n}
        )
    return warnings


def program_phase_checks(program: Program, to_phase: str) -> PhaseCheck | None:
    """program.phase_checks: what pairs say about a phase move."""
    check = PhaseCheck()
    pairs = Pair.objects.filter(program=program)
    if to_phase == Phase.RECRUITING and program.phase == Phase.MATCHING:
        if pairs.exists():
            check.errors.append(
                _("Pairs are already published; late joiners can be matched later.")
            )
    elif to_phase == Phase.ACTIVE and program.phase == Phase.MATCHING:
        if not pairs.filter(status=Pair.Status.ACTIVE).exists():
            check.errors.append(_("Publish a match run first: there are no active pairs yet."))
    elif to_phase in (Phase.CLOSING, Phase.CLOSED):
        if to_phase == Phase.CLOSED:
            active = pairs.filter(status=Pair.Status.ACTIVE).count()
            if active:
                check.warnings.append(
                    ngettext(
                        "%(n)d pair is still active and has not closed.",
                        "%(n)d pairs are still active and have not closed.",
                        active,
                    )
                    % {"n": active}
                )
        # "No closing with unsigned work unless confirmed": these warnings need a confirmation.
        check.warnings.extend(unsigned_charters(program))
        check.warnings.extend(open_concerns(program))
    return check if check.errors or check.warnings else None


def end_pairs_of_withdrawn(participant: Participant) -> None:
    """program.participant_withdrawn: their active pair ends, no fault, no reason asked, and the
    partner is told (it once only changed the pair's status, and the partner learnt nothing)."""
    for pair in Pair.objects.filter(Q(leader=participant) | Q(mentor=participant)).filter(
        status=Pair.Status.ACTIVE
    ):
        pair_end_on_withdrawal(pair=pair, withdrawn_role=participant.role)


def new_pair_intros(user: AnyUser) -> dict[str, Any] | None:
    """program.participant_steps: pairs of the user that started in the last INTRO_DAYS."""
    since = timezone.localdate() - timedelta(days=INTRO_DAYS)
    intros = []
    for pair in member_pairs(user=user):
        if pair.status != Pair.Status.ACTIVE or pair.started_on < since:
            continue
        for me, partner in ((pair.leader, pair.mentor), (pair.mentor, pair.leader)):
            if me.user_id == getattr(user, "pk", None):
                intros.append({"pair": pair, "partner": partner})
    return {"intros": intros} if intros else None


def rematch_wishes_context(program: Program) -> dict[str, Any] | None:
    """program.manage_context: who is waiting for a new partner (the coordinator's program page
    is for its managers only). Names and since when; nothing anyone wrote."""
    return {"rematch_wishes": rematch_wishes_in(programs=[program])}
