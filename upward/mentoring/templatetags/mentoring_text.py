"""`{{ label|mid_sentence }}`: a choice's label inside a sentence, in any language."""

from __future__ import annotations

from django import template

from upward.mentoring.wording import mid_sentence as _mid_sentence

register = template.Library()


@register.filter
def mid_sentence(label: object) -> str:
    return _mid_sentence(label)
