"""Writes for the topic taxonomy: add, rename/describe/mark sensitive, delete when unused.

A topic's slug never changes after creation: intakes, interest answers, matching settings and
stored match runs refer to topics by slug.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from upward.programs.models import Topic
from upward.programs.selectors import topic_usage
from upward.programs.services import ProgramError


def _clean_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ProgramError("Give the topic a name.", field="name")
    slug = slugify(name)[:64]
    if not slug:
        raise ProgramError("Use letters or digits in the name.", field="name")
    others = Topic.objects.all() if exclude_pk is None else Topic.objects.exclude(pk=exclude_pk)
    if others.filter(slug=slug).exists() or others.filter(name__iexact=name).exists():
        raise ProgramError(f"A topic called {name!r} already exists.", field="name")
    return name[:120]


def topic_create(*, name: str, description: str = "", sensitive: bool = False) -> Topic:
    name = _clean_name(name)
    return Topic.objects.create(
        slug=slugify(name)[:64],
        name=name,
        description=description.strip()[:300],
        sensitive=sensitive,
    )


@transaction.atomic
def topic_update(
    *, topic: Topic, name: str, description: str = "", sensitive: bool = False
) -> Topic:
    topic.name = _clean_name(name, exclude_pk=topic.pk)
    topic.description = description.strip()[:300]
    topic.sensitive = sensitive
    topic.save(update_fields=["name", "description", "sensitive"])
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic) -> None:
    """Delete a topic nobody uses; otherwise refuse and say where it is used."""
    usage = topic_usage(topic=topic)
    if usage.in_use:
        raise ProgramError(f"{topic.name} cannot be deleted: {usage.sentence}", field="topic")
    topic.delete()
