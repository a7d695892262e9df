"""`{% unread_messages pair %}`: the room's tabs show how many of the partner's messages wait."""

from __future__ import annotations

from typing import Any

from django import template

from upward.mentoring.models import Pair
from upward.mentoring.selectors import MessagePage
from upward.mentoring.selectors import unread_messages as _unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context: dict[str, Any], pair: Pair) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    thread = context.get("thread")
    if isinstance(thread, MessagePage) and context.get("pair") is pair:
        return thread.unread  # the room counted them already, for this user and pair
    return _unread(user=user, pair=pair)
