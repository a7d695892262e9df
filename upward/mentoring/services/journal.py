"""Notes, reflections, growth entries, insights, actions and the mentor's learning goals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from upward import events
from upward.access import LEADER, MENTOR, AnyUser, account, require_member, require_writer
from upward.audit.services import declare, record
from upward.errors import ServiceError, stale_write
from upward.mentoring.events import ACTION_BOARD_CHANGED, ACTION_PUBLISHED
from upward.mentoring.models import (
    Action,
    GrowthEntry,
    Insight,
    LearningGoal,
    Meeting,
    Note,
    Pair,
    Reflection,
)
from upward.mentoring.models.journal import Visibility
from upward.programs.models import Topic

MAX_TEXT = 10_000
AUDIT_ACTION_PUBLISHED = declare("action.published", gettext_noop("Action published to the board"))
AUDIT_ACTION_UNPUBLISHED = declare("action.unpublished", gettext_noop("Action taken off the board"))


def _clean_text(text: str, *, field: str, limit: int = MAX_TEXT) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("This cannot be empty."), field=field)
    if len(text) > limit:
        raise ServiceError(_("Keep it under %(n)d characters.") % {"n": limit}, field=field)
    return text


def _check_choice(value: str, choices: Iterable[tuple[str, Any]], *, field: str) -> str:
    allowed = [c[0] for c in choices]
    if value not in allowed:
        raise ServiceError(
            _("Choose one of: %(values)s.") % {"values": ", ".join(allowed)}, field=field
        )
    return value


def _own(obj: object, actor: AnyUser, what: str) -> None:
    if getattr(obj, "author_id", None) != actor.pk:
        message = {
            "note": _("Only the author can change this note."),
            "entry": _("Only the author can change this entry."),
            "insight": _("Only the author can change this insight."),
            "goal": _("Only the author can change this goal."),
        }.get(what, _("Only the author can change this."))
        raise ServiceError(message, status=403)


# --- notes ---------------------------------------------------------------------------------


def note_create(
    *,
    pair: Pair,
    actor: AnyUser,
    body: str,
    visibility: str = Visibility.PRIVATE,
    meeting: Meeting | None = None,
) -> Note:
    require_writer(actor=actor, pair=pair)
    if meeting is not None and meeting.pair_id != pair.pk:
        raise ServiceError(_("That meeting belongs to another pair."), field="meeting")
    return Note.objects.create(
        pair=pair,
        meeting=meeting,
        author=account(actor),
        body=_clean_text(body, field="body"),
        visibility=_check_choice(visibility, Visibility.choices, field="visibility"),
    )


@transaction.atomic
def note_update(
    *,
    note: Note,
    actor: AnyUser,
    body: str | None = None,
    visibility: str | None = None,
    version: int | None = None,
) -> Note:
    """Edit a note. `version` is the one the writer started from: if someone saved the note
    since, the edit is refused (409) with what is saved now, never silently overwritten."""
    require_writer(actor=actor, pair=note.pair)
    _own(note, actor, "note")
    saved = Note.objects.select_for_update().get(pk=note.pk)
    new_body = _clean_text(body, field="body") if body is not None else saved.body
    new_visibility = (
        _check_choice(visibility, Visibility.choices, field="visibility")
        if visibility is not None
        else saved.visibility
    )
    if version is not None and version != saved.version:
        changed = {
            name: getattr(saved, name)
            for name, value in (("body", new_body), ("visibility", new_visibility))
            if getattr(saved, name) != value
        }
        raise stale_write(
            _("This note"), sent_version=version, current_version=saved.version, changed=changed
        )
    note.body, note.visibility = new_body, new_visibility
    note.version = saved.version + 1
    note.updated_at = timezone.now()
    note.save()
    return note


def note_delete(*, note: Note, actor: AnyUser) -> None:
    require_writer(actor=actor, pair=note.pair)
    _own(note, actor, "note")
    note.delete()


# --- reflections -----------------------------------------------------------------------------


def reflection_save(
    *,
    meeting: Meeting,
    actor: AnyUser,
    first: str,
    second: str,
    shared_with_partner: bool | None = None,
) -> Reflection:
    """first/second are the role's two questions (leader: surprised / will try;
    mentor: landed / raise next).

    A reflection is private to its writer unless they choose to share it: a new one is private
    when `shared_with_partner` is not given, and saving again without it keeps their choice.
    """
    role = require_writer(actor=actor, pair=meeting.pair)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ServiceError(_("A cancelled meeting has nothing to reflect on."), status=409)
    if meeting.starts_at > timezone.now():
        raise ServiceError(_("Reflections open once the meeting has started."), status=409)
    if not (first or "").strip() and not (second or "").strip():
        raise ServiceError(_("Answer at least one question."), field="first")
    reflection, _created = Reflection.objects.get_or_create(
        meeting=meeting,
        role=role,
        defaults={"author": account(actor), "shared_with_partner": False},
    )
    if role == LEADER:
        reflection.surprised, reflection.will_try = first.strip(), second.strip()
    else:
        reflection.landed, reflection.raise_next = first.strip(), second.strip()
    reflection.author = account(actor)
    if shared_with_partner is not None:
        reflection.shared_with_partner = shared_with_partner
    reflection.updated_at = timezone.now()
    reflection.save()
    return reflection


# --- growth thread ------------------------------------------------------------------------------


def growth_entry_create(
    *, pair: Pair, actor: AnyUser, text: str, visibility: str = GrowthEntry.Visibility.PRIVATE
) -> GrowthEntry:
    require_writer(actor=actor, pair=pair)
    visibility = _check_choice(visibility, GrowthEntry.Visibility.choices, field="visibility")
    return GrowthEntry.objects.create(
        pair=pair,
        author=account(actor),
        text=_clean_text(text, field="text"),
        visibility=visibility,
        published_at=timezone.now() if visibility == GrowthEntry.Visibility.PROGRAM else None,
    )


@transaction.atomic
def growth_entry_update(
    *,
    entry: GrowthEntry,
    actor: AnyUser,
    text: str | None = None,
    visibility: str | None = None,
    version: int | None = None,
) -> GrowthEntry:
    """Edit a growth entry; a stale `version` is refused (409) as for notes."""
    require_writer(actor=actor, pair=entry.pair)
    _own(entry, actor, "entry")
    saved = GrowthEntry.objects.select_for_update().get(pk=entry.pk)
    new_text = _clean_text(text, field="text") if text is not None else saved.text
    new_visibility = (
        _check_choice(visibility, GrowthEntry.Visibility.choices, field="visibility")
        if visibility is not None
        else saved.visibility
    )
    if version is not None and version != saved.version:
        changed = {
            name: getattr(saved, name)
            for name, value in (("text", new_text), ("visibility", new_visibility))
            if getattr(saved, name) != value
        }
        raise stale_write(
            _("This entry"), sent_version=version, current_version=saved.version, changed=changed
        )
    entry.text, entry.visibility = new_text, new_visibility
    if entry.visibility == GrowthEntry.Visibility.PROGRAM and saved.published_at is None:
        entry.published_at = timezone.now()
    elif entry.visibility != GrowthEntry.Visibility.PROGRAM:
        entry.published_at = None
    else:
        entry.published_at = saved.published_at
    entry.version = saved.version + 1
    entry.save()
    return entry


def growth_entry_delete(*, entry: GrowthEntry, actor: AnyUser) -> None:
    require_writer(actor=actor, pair=entry.pair)
    _own(entry, actor, "entry")
    entry.delete()


# --- insights and actions ---------------------------------------------------------------------


def _topic(topic_id: int | None) -> Topic | None:
    if not topic_id:
        return None
    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None:
        raise ServiceError(_("Unknown topic."), field="topic")
    return topic


def insight_create(
    *, pair: Pair, actor: AnyUser, text: str, topic_id: int | None = None
) -> Insight:
    require_writer(actor=actor, pair=pair)
    return Insight.objects.create(
        pair=pair,
        author=account(actor),
        text=_clean_text(text, field="text"),
        topic=_topic(topic_id),
    )


def insight_delete(*, insight: Insight, actor: AnyUser) -> None:
    require_writer(actor=actor, pair=insight.pair)
    _own(insight, actor, "insight")
    insight.delete()


def _require_leader(role: str, what: str) -> None:
    if role != LEADER:
        messages = {
            "add them": _("Actions are the leader's commitments: only the leader can add them."),
            "change them": _(
                "Actions are the leader's commitments: only the leader can change them."
            ),
            "publish them": _(
                "Actions are the leader's commitments: only the leader can publish them."
            ),
            "delete them": _(
                "Actions are the leader's commitments: only the leader can delete them."
            ),
        }
        raise ServiceError(
            messages.get(what, _("Actions are the leader's commitments.")), status=403
        )


def _apply_status(obj: Action | LearningGoal, status: str, dropped_reason: str) -> None:
    status = _check_choice(status, Action.Status.choices, field="status")
    if status == Action.Status.DROPPED:
        if not dropped_reason.strip():
            raise ServiceError(
                _("Say why it was dropped: that is learning too."), field="dropped_reason"
            )
        obj.dropped_reason = dropped_reason.strip()[:300]
    else:
        obj.dropped_reason = ""
    if isinstance(obj, Action):
        if status == Action.Status.DONE and obj.status != Action.Status.DONE:
            obj.completed_on = timezone.localdate()
        elif status != Action.Status.DONE:
            obj.completed_on = None
    obj.status = status


def action_create(
    *,
    pair: Pair,
    actor: AnyUser,
    title: str,
    description: str = "",
    due_on: dt.date | None = None,
    topic_id: int | None = None,
    insight: Insight | None = None,
) -> Action:
    role = require_writer(actor=actor, pair=pair)
    _require_leader(role, "add them")
    if insight is not None and insight.pair_id != pair.pk:
        raise ServiceError(_("That insight belongs to another pair."), field="insight")
    if due_on is None:
        raise ServiceError(_("Give the action a due date: commitments need one."), field="due_on")
    topic = _topic(topic_id) or (insight.topic if insight else None)
    return Action.objects.create(
        pair=pair,
        insight=insight,
        title=_clean_text(title, field="title", limit=200),
        description=(description or "").strip(),
        due_on=due_on,
        topic=topic,
    )


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor: AnyUser,
    title: str | None = None,
    description: str | None = None,
    due_on: dt.date | None = None,
    status: str | None = None,
    dropped_reason: str = "",
    topic_id: int | None = None,
) -> Action:
    role = require_writer(actor=actor, pair=action.pair)
    _require_leader(role, "change them")
    if title is not None:
        action.title = _clean_text(title, field="title", limit=200)
    if description is not None:
        action.description = description.strip()
    if due_on is not None:
        action.due_on = due_on
    if topic_id is not None:
        action.topic = _topic(topic_id)
    if status is not None:
        _apply_status(action, status, dropped_reason)
    action.updated_at = timezone.now()
    action.save()
    if action.published:
        events.publish(ACTION_BOARD_CHANGED, action=action)
    return action


@transaction.atomic
def action_publish(*, action: Action, actor: AnyUser, published: bool = True) -> Action:
    """Publishing puts the action on the follow-through board (community celebrates it)."""
    role = require_writer(actor=actor, pair=action.pair)
    _require_leader(role, "publish them")
    if published and action.status == Action.Status.DROPPED:
        raise ServiceError(
            _("A dropped action cannot be published."), field="published", status=409
        )
    newly_published = published and not action.published
    action.published = published
    action.published_at = (action.published_at or timezone.now()) if published else None
    action.updated_at = timezone.now()
    action.save(update_fields=["published", "published_at", "updated_at"])
    record(
        account(actor),
        AUDIT_ACTION_PUBLISHED if published else AUDIT_ACTION_UNPUBLISHED,
        target=f"Action #{action.pk}",
        program_id=action.pair.program_id,
    )
    events.publish(ACTION_BOARD_CHANGED, action=action)
    if newly_published:
        events.publish(ACTION_PUBLISHED, action=action)
    return action


@transaction.atomic
def action_credit_mentor(*, action: Action, actor: AnyUser, consent: bool) -> Action:
    """Credit on the board is the mentor's to give; the leader cannot set it."""
    role = require_member(actor=actor, pair=action.pair)
    if role != MENTOR:
        raise ServiceError(_("Only the mentor can agree to be credited."), status=403)
    action.credit_mentor = consent
    action.save(update_fields=["credit_mentor"])
    if action.published:
        events.publish(ACTION_BOARD_CHANGED, action=action)
    return action


def action_delete(*, action: Action, actor: AnyUser) -> None:
    role = require_writer(actor=actor, pair=action.pair)
    _require_leader(role, "delete them")
    if action.published:
        raise ServiceError(_("Unpublish the action before deleting it."), status=409)
    action.delete()


# --- two-way learning -------------------------------------------------------------------------


def learning_goal_create(
    *, pair: Pair, actor: AnyUser, title: str, description: str = "", due_on: dt.date | None = None
) -> LearningGoal:
    require_writer(actor=actor, pair=pair)
    return LearningGoal.objects.create(
        pair=pair,
        author=account(actor),
        title=_clean_text(title, field="title", limit=200),
        description=(description or "").strip(),
        due_on=due_on,
    )


def learning_goal_update(
    *, goal: LearningGoal, actor: AnyUser, status: str, dropped_reason: str = ""
) -> LearningGoal:
    require_writer(actor=actor, pair=goal.pair)
    _own(goal, actor, "goal")
    _apply_status(goal, status, dropped_reason)
    goal.updated_at = timezone.now()
    goal.save()
    return goal
