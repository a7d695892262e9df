"""/api/v1/pairs/{pair_id}/actions: the pair's action board."""

from __future__ import annotations

from ninja.responses import Status

from upward.access import AuthedRequest, pair_access
from upward.api.pairs.base import member_pair, router
from upward.api.pairs.schemas import (
    ActionIn,
    ActionOut,
    ActionPatch,
    CreditIn,
    PublishIn,
    _action_out,
)
from upward.errors import ServiceError
from upward.mentoring import selectors
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
            raise ServiceError("No such insight in this pair.", field="insight_id")
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
