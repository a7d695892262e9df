"""How notifications tells a partner that their pair is ending (mentoring's `pair.ended` and
`pair.ending_early`): a notice in the app and an e-mail, in words agreed for the purpose.

A no-fault exit is told without blame and without saying who asked for a new partner; an early
end points to the room, where the partner reads the reason (it never travels in a message).
Meeting cancellations still go out on their own (notifications.meetings).
"""

from __future__ import annotations

from django.urls import reverse

from upward import events
from upward.access import partner_of
from upward.mentoring import events as mentoring_events
from upward.mentoring.models import Pair
from upward.notifications.services import notice_send
from upward.programs.models import Participant


def _sides(pair: Pair, acting_role: str) -> tuple[Participant, Participant]:
    """(the one who acted, their partner)."""
    partner = partner_of(pair=pair, role=acting_role)
    actor = pair.leader if partner.pk == pair.mentor_id else pair.mentor
    return actor, partner


def tell_partner_of_exit(*, pair: Pair) -> None:
    """`pair.ended`: the partner of whoever ended the pair is told, kindly."""
    if not pair.ended_by:
        return
    leaver, partner = _sides(pair, pair.ended_by)
    if partner.user_id is None:
        return
    notice_send(
        user_id=partner.user_id,
        key=f"pair_ended:p{pair.pk}:u{partner.user_id}",
        kind="pair_ended",
        program_id=pair.program_id,
        context={
            "program_name": pair.program.name,
            "partner_name": leaver.person.name,
            "url": reverse("mentoring:safety", args=[pair.pk]),
        },
    )


def tell_partner_of_early_end(*, pair: Pair) -> None:
    """`pair.ending_early`: the partner learns that the other chose to end early, and where to
    read why and write their final reflection."""
    if not pair.early_end_by:
        return
    asker, partner = _sides(pair, pair.early_end_by)
    if partner.user_id is None:
        return
    notice_send(
        user_id=partner.user_id,
        # One notice per request: asking again after keeping going is news again.
        key=f"pair_ending_early:p{pair.pk}:{pair.early_end_requested_at:%Y%m%d%H%M%S}",
        kind="pair_ending_early",
        program_id=pair.program_id,
        context={
            "program_name": pair.program.name,
            "partner_name": asker.person.name,
            "url": reverse("mentoring:room", args=[pair.pk]),
        },
    )


def subscribe() -> None:
    """Called once from `NotificationsConfig.ready` (via subscriptions.connect)."""
    events.subscribe(mentoring_events.PAIR_ENDED, tell_partner_of_exit)
    events.subscribe(mentoring_events.PAIR_ENDING_EARLY, tell_partner_of_early_end)
