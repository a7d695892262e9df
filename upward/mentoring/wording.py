"""Labels used inside a sentence ("You chose: continue informally with my partner")."""

from __future__ import annotations

from django.utils.translation import get_language


def mid_sentence(label: object) -> str:
    """A choice's label lowered to sit inside a sentence, except in German, where nouns keep
    their capital ("(in Arbeit)", never "(in arbeit)")."""
    text = str(label)
    return text if (get_language() or "").startswith("de") else text.lower()
