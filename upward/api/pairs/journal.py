"""/api/v1/pairs/{pair_id}/...: the pair's journal: actions, notes, insights, growth entries
and learning goals."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext
from ninja.responses import Status

from upward.access import AuthedRequest, pair_access
from upward.api.pairs.base import member_meeting, member_pair, router
from upward.api.pairs.schemas import (
    ActionIn,
    ActionOut,
    ActionPatch,
    CreditIn,
    GoalIn,
    GoalOut,
    GoalPatch,
    GrowthIn,
    GrowthOut,
    GrowthPatch,
    InsightIn,
    InsightOut,
    NoteIn,
    NoteOut,
    NotePatch,
    PublishIn,
    _action_out,
    _note_out,
)
from upward.errors import ServiceError
from upward.mentoring import selectors
from upward.mentoring.models import GrowthEntry, Insight, LearningGoal
from upward.mentoring.services import journal

# --- actions ---------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/actions",
    response=list[ActionOut],
    summary="Members: all; program members: published",
    operation_id="upward_api_pairs_list_actions",
)
def list_actions(request: AuthedRequest, pair_id: int) -> list[ActionOut]:
    access = pair_access(user=request.user, pair_id=pair_id)
    return [_action_out(a) for a in selectors.actions_of(user=request.user, pair=access.pair)]


@router.post(
    "/{pair_id}/actions",
    response={201: ActionOut},
    summary="The leader commits to an action",
    operation_id="upward_api_pairs_create_action",
)
def create_action(request: AuthedRequest, pair_id: int, payload: ActionIn) -> Status:
    access = member_pair(request, pair_id)
    insight = None
    if payload.insight_id:
        insight = (
            selectors.insights_of(user=request.user, pair=access.pair)
            .filter(pk=payload.insight_id)
            .first()
        )
        if insight is None:
            raise ServiceError(gettext("No such insight in this pair."), field="insight_id")
    action = journal.action_create(
        pair=access.pair,
        actor=request.user,
        title=payload.title,
        description=payload.description,
        due_on=payload.due_on,
        topic_id=payload.topic_id,
        insight=insight,
    )
    return Status(201, _action_out(action))


@router.patch(
    "/{pair_id}/actions/{action_id}",
    response=ActionOut,
    operation_id="upward_api_pairs_update_action",
)
def update_action(
    request: AuthedRequest, pair_id: int, action_id: int, payload: ActionPatch
) -> ActionOut:
    access = member_pair(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    journal.action_update(action=action, actor=request.user, **payload.dict())
    return _action_out(action)


@router.post(
    "/{pair_id}/actions/{action_id}/publish",
    response=ActionOut,
    summary="Publish to (or withdraw from) the follow-through board",
    operation_id="upward_api_pairs_publish_action",
)
def publish_action(
    request: AuthedRequest, pair_id: int, action_id: int, payload: PublishIn
) -> ActionOut:
    access = member_pair(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    journal.action_publish(action=action, actor=request.user, published=payload.published)
    return _action_out(action)


@router.post(
    "/{pair_id}/actions/{action_id}/credit",
    response=ActionOut,
    summary="The mentor consents (or not) to be credited",
    operation_id="upward_api_pairs_credit_action",
)
def credit_action(
    request: AuthedRequest, pair_id: int, action_id: int, payload: CreditIn
) -> ActionOut:
    access = member_pair(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    journal.action_credit_mentor(action=action, actor=request.user, consent=payload.consent)
    return _action_out(action)


@router.delete(
    "/{pair_id}/actions/{action_id}",
    response={204: None},
    operation_id="upward_api_pairs_delete_action",
)
def delete_action(request: AuthedRequest, pair_id: int, action_id: int) -> Status:
    access = member_pair(request, pair_id)
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    journal.action_delete(action=action, actor=request.user)
    return Status(204, None)


# --- notes ---------------------------------------------------------------------------------


@router.get(
    "/{pair_id}/notes",
    response=list[NoteOut],
    summary="My notes and my partner's shared notes",
    operation_id="upward_api_pairs_list_notes",
)
def list_notes(request: AuthedRequest, pair_id: int) -> list[NoteOut]:
    access = member_pair(request, pair_id)
    return [
        _note_out(n, request.user.pk)
        for n in selectors.notes_visible(user=request.user, pair=access.pair)
    ]


@router.post(
    "/{pair_id}/notes", response={201: NoteOut}, operation_id="upward_api_pairs_create_note"
)
def create_note(request: AuthedRequest, pair_id: int, payload: NoteIn) -> Status:
    access = member_pair(request, pair_id)
    meeting = member_meeting(request, access, payload.meeting_id) if payload.meeting_id else None
    note = journal.note_create(
        pair=access.pair,
        actor=request.user,
        body=payload.body,
        visibility=payload.visibility,
        meeting=meeting,
    )
    return Status(201, _note_out(note, request.user.pk))


@router.get(
    "/{pair_id}/notes/{note_id}", response=NoteOut, operation_id="upward_api_pairs_get_note"
)
def get_note(request: AuthedRequest, pair_id: int, note_id: int) -> NoteOut:
    access = member_pair(request, pair_id)
    note = selectors.note_visible(user=request.user, pair=access.pair, note_id=note_id)
    return _note_out(note, request.user.pk)


@router.patch(
    "/{pair_id}/notes/{note_id}", response=NoteOut, operation_id="upward_api_pairs_update_note"
)
def update_note(request: AuthedRequest, pair_id: int, note_id: int, payload: NotePatch) -> NoteOut:
    access = member_pair(request, pair_id)
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    journal.note_update(
        note=note,
        actor=request.user,
        body=payload.body,
        visibility=payload.visibility,
        version=payload.version,
    )
    return _note_out(note, request.user.pk)


@router.delete(
    "/{pair_id}/notes/{note_id}", response={204: None}, operation_id="upward_api_pairs_delete_note"
)
def delete_note(request: AuthedRequest, pair_id: int, note_id: int) -> Status:
    access = member_pair(request, pair_id)
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    journal.note_delete(note=note, actor=request.user)
    return Status(204, None)


# --- insights, growth, goals ---------------------------------------------------------------------


def _insight_out(i: Insight) -> InsightOut:
    return InsightOut(
        id=i.pk,
        text=i.text,
        topic=i.topic.name if i.topic is not None else None,
        author=i.author.get_full_name(),
        created_at=i.created_at,
    )


@router.get(
    "/{pair_id}/insights", response=list[InsightOut], operation_id="upward_api_pairs_list_insights"
)
def list_insights(request: AuthedRequest, pair_id: int) -> list[InsightOut]:
    access = member_pair(request, pair_id)
    return [_insight_out(i) for i in selectors.insights_of(user=request.user, pair=access.pair)]


@router.post(
    "/{pair_id}/insights",
    response={201: InsightOut},
    operation_id="upward_api_pairs_create_insight",
)
def create_insight(request: AuthedRequest, pair_id: int, payload: InsightIn) -> Status:
    access = member_pair(request, pair_id)
    insight = journal.insight_create(
        pair=access.pair, actor=request.user, text=payload.text, topic_id=payload.topic_id
    )
    return Status(201, _insight_out(insight))


def _growth_out(e: GrowthEntry, user_id: int | None) -> GrowthOut:
    return GrowthOut(
        id=e.pk,
        text=e.text,
        visibility=e.visibility,
        author=e.author.get_full_name(),
        mine=e.author_id == user_id,
        created_at=e.created_at,
        version=e.version,
    )


@router.get(
    "/{pair_id}/growth",
    response=list[GrowthOut],
    summary="Growth thread entries I may see",
    operation_id="upward_api_pairs_list_growth",
)
def list_growth(request: AuthedRequest, pair_id: int) -> list[GrowthOut]:
    access = member_pair(request, pair_id)
    return [
        _growth_out(e, request.user.pk)
        for e in selectors.growth_entries_visible(user=request.user, pair=access.pair)
    ]


@router.post(
    "/{pair_id}/growth", response={201: GrowthOut}, operation_id="upward_api_pairs_create_growth"
)
def create_growth(request: AuthedRequest, pair_id: int, payload: GrowthIn) -> Status:
    access = member_pair(request, pair_id)
    entry = journal.growth_entry_create(
        pair=access.pair, actor=request.user, text=payload.text, visibility=payload.visibility
    )
    return Status(201, _growth_out(entry, request.user.pk))


@router.patch(
    "/{pair_id}/growth/{entry_id}",
    response=GrowthOut,
    operation_id="upward_api_pairs_update_growth",
)
def update_growth(
    request: AuthedRequest, pair_id: int, entry_id: int, payload: GrowthPatch
) -> GrowthOut:
    access = member_pair(request, pair_id)
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    journal.growth_entry_update(
        entry=entry,
        actor=request.user,
        text=payload.text,
        visibility=payload.visibility,
        version=payload.version,
    )
    return _growth_out(entry, request.user.pk)


@router.delete(
    "/{pair_id}/growth/{entry_id}",
    response={204: None},
    operation_id="upward_api_pairs_delete_growth",
)
def delete_growth(request: AuthedRequest, pair_id: int, entry_id: int) -> Status:
    access = member_pair(request, pair_id)
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    journal.growth_entry_delete(entry=entry, actor=request.user)
    return Status(204, None)


@router.get(
    "/{pair_id}/learning-goals",
    response=list[GoalOut],
    summary="Two-way learning",
    operation_id="upward_api_pairs_list_goals",
)
def list_goals(request: AuthedRequest, pair_id: int) -> list[LearningGoal]:
    access = member_pair(request, pair_id)
    return list(selectors.learning_goals_of(user=request.user, pair=access.pair))


@router.post(
    "/{pair_id}/learning-goals",
    response={201: GoalOut},
    operation_id="upward_api_pairs_create_goal",
)
def create_goal(request: AuthedRequest, pair_id: int, payload: GoalIn) -> Status:
    access = member_pair(request, pair_id)
    goal = journal.learning_goal_create(pair=access.pair, actor=request.user, **payload.dict())
    return Status(201, goal)


@router.patch(
    "/{pair_id}/learning-goals/{goal_id}",
    response=GoalOut,
    operation_id="upward_api_pairs_update_goal",
)
def update_goal(
    request: AuthedRequest, pair_id: int, goal_id: int, payload: GoalPatch
) -> LearningGoal:
    access = member_pair(request, pair_id)
    goal = (
        selectors.learning_goals_of(user=request.user, pair=access.pair).filter(pk=goal_id).first()
    )
    if goal is None:
        raise Http404(gettext("No such goal."))
    return journal.learning_goal_update(
        goal=goal,
        actor=request.user,
        status=payload.status,
        dropped_reason=payload.dropped_reason,
    )
