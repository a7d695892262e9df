"""The engine's reasons in the words people recognise: their names and the topics' titles.

The engine explains with codes and facts in engine ids (``p12``, ``ai-tools``); the phrasebook is
the engine's (`upward.engine.render`), and this module tells it how the app calls people, topics
and settings. Runs store the sentences, so a page or the API shows them as they were written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from upward.engine import InstanceError, Naming, Reason, render
from upward.programs.models import Topic


def naming(names: Mapping[str, str]) -> Naming:
    """People by name (``names``: engine id -> name), topics by title, settings in words."""
    titles = dict(Topic.objects.values_list("slug", "name"))
    return Naming(
        person=lambda engine_id: names.get(engine_id, engine_id),
        topic=lambda slug: titles.get(slug, slug),
        min_score="the minimum score",
        min_level_gap="the minimum level gap",
    )


def sentences(reasons: Iterable[Reason], words: Naming, *, locked_because: str = "") -> list[str]:
    """The engine's reasons in words; a locked pair says why it is locked when the app knows
    (a consultation's yes is not the coordinator's lock)."""
    return [
        locked_because[:1].upper() + locked_because[1:]
        if reason.get("code") == "locked" and locked_because
        else render(reason, words)
        for reason in reasons
    ]


def problems(exc: InstanceError, words: Naming) -> list[str]:
    """What stops a run: the coordinator's locked pairs in words, else the engine's own lines
    (those come from an instance the app built wrongly, and name the field to look at)."""
    return sentences(exc.reasons, words) if exc.reasons else list(exc.problems)
