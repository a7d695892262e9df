"""The pairs router and the helpers every pairs endpoint module shares.

Refused service calls need no wrapper here: the API's one handler (`upward.api.api`) turns any
`ServiceError` into 4xx JSON naming the field.
"""

from __future__ import annotations

from ninja import Router

from upward.access import AuthedRequest, PairAccess, pair_for_member
from upward.mentoring import selectors
from upward.mentoring.models import Meeting

router = Router(tags=["pairs"])


def member_pair(request: AuthedRequest, pair_id: int) -> PairAccess:
    """The pair's content is for its two members; for anyone else it does not exist (404)."""
    return pair_for_member(user=request.user, pair_id=pair_id)


def member_meeting(request: AuthedRequest, access: PairAccess, meeting_id: int) -> Meeting:
    return selectors.meeting_for_member(user=request.user, pair=access.pair, meeting_id=meeting_id)
