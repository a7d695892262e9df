"""The pair's journal (members only): notes, reflections, growth entries, insights, actions and
learning goals, each filtered by its visibility rules."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.access import AnyUser, member_role, program_space_role
from upward.mentoring.models import (
    Action,
    GrowthEntry,
    Insight,
    LearningGoal,
    Meeting,
    Note,
    Pair,
    Reflection,
    Visibility,
)
from upward.queryshapes import QueryShape


def notes_visible(*, user: AnyUser, pair: Pair) -> QuerySet[Note]:
    """My notes (private and shared) and my partner's shared notes. Nobody else's, ever."""
    if member_role(user=user, pair=pair) is None:
        return Note.objects.none()
    return (
        Note.objects.filter(pair=pair)
        .filter(Q(author=user) | Q(visibility=Visibility.SHARED))
        .select_related("author", "meeting")
    )


def note_visible(*, user: AnyUser, pair: Pair, note_id: int) -> Note:
    note = notes_visible(user=user, pair=pair).filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note.")
    return note


def note_editable(*, user: AnyUser, pair: Pair, note_id: int) -> Note:
    """Only the author edits or deletes a note, shared or not."""
    note = note_visible(user=user, pair=pair, note_id=note_id)
    if note.author_id != user.pk:
        raise Http404("Only the author may change a note.")
    return note


def reflections_visible(*, user: AnyUser, meeting: Meeting) -> QuerySet[Reflection]:
    if member_role(user=user, pair=meeting.pair) is None:
        return Reflection.objects.none()
    return meeting.reflections.filter(Q(author=user) | Q(shared_with_partner=True))


def growth_entries_visible(*, user: AnyUser, pair: Pair) -> QuerySet[GrowthEntry]:
    """Inside the room: mine, and my partner's entries shared with the pair or published."""
    if member_role(user=user, pair=pair) is None:
        return GrowthEntry.objects.none()
    return (
        GrowthEntry.objects.filter(pair=pair)
        .filter(Q(author=user) | ~Q(visibility=GrowthEntry.Visibility.PRIVATE))
        .select_related("author")
    )


def growth_entry_visible(*, user: AnyUser, pair: Pair, entry_id: int) -> GrowthEntry:
    entry = growth_entries_visible(user=user, pair=pair).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def growth_entry_editable(*, user: AnyUser, pair: Pair, entry_id: int) -> GrowthEntry:
    """Only the author edits or deletes an entry, whatever its visibility."""
    entry = growth_entry_visible(user=user, pair=pair, entry_id=entry_id)
    if entry.author_id != user.pk:
        raise Http404("No such entry.")
    return entry


def insights_of(*, user: AnyUser, pair: Pair) -> QuerySet[Insight]:
    if member_role(user=user, pair=pair) is None:
        return Insight.objects.none()
    return pair.insights.select_related("topic", "author")


def actions_of(*, user: AnyUser, pair: Pair) -> QuerySet[Action]:
    """Members see every action of their pair; the rest of the program sees published ones."""
    if member_role(user=user, pair=pair) is not None:
        return pair.actions.select_related("topic", "insight")
    if program_space_role(user=user, program=pair.program) is not None:
        return pair.actions.filter(published=True).select_related("topic")
    return Action.objects.none()


# The room's panels (members only), composed once per connection (upward/queryshapes.py).
_OPEN_ACTIONS = QueryShape(
    lambda pk: Action.objects.filter(
        pair_id=pk, status__in=(Action.Status.PLANNED, Action.Status.IN_PROGRESS)
    ).order_by("due_on", "pk")
)
_GOALS = QueryShape(lambda pk: LearningGoal.objects.filter(pair_id=pk).order_by("due_on", "pk"))


def open_actions_of(*, user: AnyUser, pair: Pair) -> list[Action]:
    """The pair's planned and in-progress actions, soonest due first (members only)."""
    if member_role(user=user, pair=pair) is None:
        return []
    return _OPEN_ACTIONS(pair.pk)


def learning_goals_list(*, user: AnyUser, pair: Pair) -> list[LearningGoal]:
    """`learning_goals_of` as a list, for a page that only shows them."""
    if member_role(user=user, pair=pair) is None:
        return []
    return _GOALS(pair.pk)


def action_for_member(*, user: AnyUser, pair: Pair, action_id: int) -> Action:
    if member_role(user=user, pair=pair) is None:
        raise Http404("No such action.")
    action = pair.actions.filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action.")
    return action


def learning_goals_of(*, user: AnyUser, pair: Pair) -> QuerySet[LearningGoal]:
    if member_role(user=user, pair=pair) is None:
        return LearningGoal.objects.none()
    return pair.learning_goals.all()
