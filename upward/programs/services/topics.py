"""Writes for the topic taxonomy: add, rename/describe/mark sensitive, delete when unused.

A topic's slug never changes after creation: intakes, interest answers, matching settings and
stored match runs refer to topics by slug.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from upward.access import AnyUser, can_create_program
from upward.errors import ServiceError
from upward.programs.models import Topic
from upward.programs.selectors import topic_usage


def _require_editor(actor: AnyUser) -> None:
    # The taxonomy is shared by every program, so whoever may design programs keeps it. Topics
    # are not secret (everyone picks from them in an intake), so a refusal is a plain 403.
    if not can_create_program(actor):
        raise PermissionDenied("Only coordinators and org admins edit topics.")


def _clean_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the topic a name."), field="name")
    slug = slugify(name)[:64]
    if not slug:
        raise ServiceError(_("Use letters or digits in the name."), field="name")
    others = Topic.objects.all() if exclude_pk is None else Topic.objects.exclude(pk=exclude_pk)
    if others.filter(slug=slug).exists() or others.filter(name__iexact=name).exists():
        raise ServiceError(
            _("A topic called %(name)s already exists.") % {"name": repr(name)}, field="name"
        )
    return name[:120]


def topic_create(
    *, actor: AnyUser, name: str, description: str = "", sensitive: bool = False
) -> Topic:
    _require_editor(actor)
    name = _clean_name(name)
    return Topic.objects.create(
        slug=slugify(name)[:64],
        name=name,
        description=description.strip()[:300],
        sensitive=sensitive,
    )


@transaction.atomic
def topic_update(
    *, actor: AnyUser, topic: Topic, name: str, description: str = "", sensitive: bool = False
) -> Topic:
    _require_editor(actor)
    topic.name = _clean_name(name, exclude_pk=topic.pk)
    topic.description = description.strip()[:300]
    topic.sensitive = sensitive
    topic.save(update_fields=["name", "description", "sensitive"])
    return topic


@transaction.atomic
def topic_delete(*, actor: AnyUser, topic: Topic) -> None:
    """Delete a topic nobody uses; otherwise refuse and say where it is used."""
    _require_editor(actor)
    usage = topic_usage(topic=topic)
    if usage.in_use:
        raise ServiceError(
            _("%(name)s cannot be deleted: %(sentence)s")
            % {"name": topic.name, "sentence": usage.sentence},
            field="topic",
        )
    topic.delete()
