"""The pair's charter, for its two members."""

from __future__ import annotations

from upward.access import AnyUser, member_role
from upward.mentoring.models import Charter, Pair


def charter_of(*, user: AnyUser, pair: Pair) -> Charter | None:
    if member_role(user=user, pair=pair) is None:
        return None
    return Charter.objects.filter(pair=pair).first()
