"""/api/v1/pairs/programs/{program_id}/...: closing a program's pairs (its managers only).

Mounted under the pairs router (see upward/api/pairs/__init__.py). Final reflections never
appear here; each person's chosen next step does, so coordinators can act on it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from ninja import Router, Schema

from upward.access import AuthedRequest
from upward.errors import ServiceError
from upward.mentoring import selectors
from upward.mentoring.services import closing

router = Router(tags=["pairs"])


class ClosingPairOut(Schema):
    id: int
    leader: str
    mentor: str
    status: str
    closing_invited_at: dt.datetime | None
    ended_on: dt.date | None
    closed_by_coordinator: bool
    leader_next: str | None
    mentor_next: str | None


class ClosingOut(Schema):
    program_id: int
    phase: str
    open: int
    invited: int
    closed: int
    pairs: list[ClosingPairOut]


class InvitedOut(Schema):
    invited: int


class CloseIn(Schema):
    confirm: bool = False


class ClosedOut(Schema):
    closed: int


class RematchWishOut(Schema):
    participant: int
    name: str
    role: str
    since: dt.date | None
    no_fault_exit: bool = True


def _overview(request: AuthedRequest, program_id: int) -> ClosingOut:
    program = selectors.program_for_closing(user=request.user, program_id=program_id)
    overview = selectors.closing_overview(user=request.user, program=program)
    return ClosingOut(
        program_id=program.pk,
        phase=program.phase,
        open=len(overview.open_rows),
        invited=overview.invited,
        closed=overview.closed,
        pairs=[
            ClosingPairOut(
                id=row.pair.pk,
                leader=row.pair.leader.person.name,
                mentor=row.pair.mentor.person.name,
                status=row.pair.status,
                closing_invited_at=row.pair.closing_invited_at,
                ended_on=row.pair.ended_on,
                closed_by_coordinator=row.pair.closed_by_id is not None,
                leader_next=row.leader_next,
                mentor_next=row.mentor_next,
            )
            for row in overview.rows
        ],
    )


@router.get(
    "/{program_id}/closing", response=ClosingOut, summary="Where each pair stands at the end"
)
def get_closing(request: AuthedRequest, program_id: int) -> ClosingOut:
    return _overview(request, program_id)


@router.post(
    "/{program_id}/closing/invite",
    response=InvitedOut,
    summary="Invite open pairs to write a final reflection (program closing)",
)
def invite_to_close(request: AuthedRequest, program_id: int) -> InvitedOut:
    program = selectors.program_for_closing(user=request.user, program_id=program_id)
    invited = closing.pairs_closing_invite(program=program, actor=request.user)
    return InvitedOut(invited=invited)


@router.post(
    "/{program_id}/close",
    response=ClosedOut,
    summary='Close the remaining pairs of a "closed" program (send confirm: true)',
)
def close_remaining(request: AuthedRequest, program_id: int, payload: CloseIn) -> ClosedOut:
    program = selectors.program_for_closing(user=request.user, program_id=program_id)
    if not payload.confirm:
        raise ServiceError(
            gettext("Send confirm: true: open pairs are closed and their rooms made read-only."),
            field="confirm",
        )
    closed = closing.pairs_close_for_program(program=program, actor=request.user)
    return ClosedOut(closed=closed)


@router.get(
    "/{program_id}/rematch-wishes",
    response=list[RematchWishOut],
    summary="People waiting for a new partner after a no-fault exit (until they are paired)",
)
def get_rematch_wishes(request: AuthedRequest, program_id: int) -> list[RematchWishOut]:
    program = selectors.program_for_closing(user=request.user, program_id=program_id)
    return [
        RematchWishOut(
            participant=wish.participant.pk, name=wish.name, role=wish.role, since=wish.ended_on
        )
        for wish in selectors.rematch_wishes(user=request.user, program=program)
    ]
