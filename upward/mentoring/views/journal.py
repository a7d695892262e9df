from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.access import AuthedRequest, PairAccess
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring import selectors
from upward.mentoring.forms import (
    ActionForm,
    ActionStatusForm,
    GrowthEntryForm,
    InsightForm,
    LearningGoalForm,
    NoteForm,
)
from upward.mentoring.models import Action, GrowthEntry
from upward.mentoring.services import journal
from upward.mentoring.views.common import room_view

# --- notes -------------------------------------------------------------------------------------


@room_view()
@require_http_methods(["GET", "POST"])
def notes(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    form = NoteForm(request.POST or None)
    meeting = None
    if request.POST.get("meeting"):
        meeting = (
            selectors.meeting_for_member(
                user=request.user, pair=pair, meeting_id=int(request.POST["meeting"])
            )
            if request.POST["meeting"].isdigit()
            else None
        )
    if request.method == "POST" and form.is_valid():
        try:
            journal.note_create(pair=pair, actor=request.user, meeting=meeting, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Note saved.")
            if meeting is not None:
                return redirect("mentoring:meeting", pair.pk, meeting.pk)
            return redirect("mentoring:notes", pair.pk)
    which = request.GET.get("show", "all")
    qs = selectors.notes_visible(user=request.user, pair=pair)
    if which == "private":
        qs = qs.filter(visibility="private")
    elif which == "shared":
        qs = qs.filter(visibility="shared")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/notes.html",
        {"pair": pair, "access": access, "form": form, "page": page, "show": which},
    )


@room_view()
@require_GET
def note_row(request: AuthedRequest, access: PairAccess, note_id: int) -> HttpResponse:
    """One note as shown in the list: htmx swaps it back in when an inline edit is cancelled."""
    note = selectors.note_visible(user=request.user, pair=access.pair, note_id=note_id)
    if not request.htmx:
        return redirect("mentoring:notes", access.pair.pk)
    return render(
        request, "mentoring/_note.html", {"n": note, "pair": access.pair, "access": access}
    )


@room_view()
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthedRequest, access: PairAccess, note_id: int) -> HttpResponse:
    """Edit in place (htmx: the note becomes a form and back) or on its own page without JS."""
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        initial={"body": note.body, "visibility": note.visibility},
        auto_id=f"note-{note.pk}-%s",
    )
    context = {"pair": access.pair, "access": access, "note": note, "n": note, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            journal.note_update(note=note, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if request.htmx:
                return render(request, "mentoring/_note.html", context | {"saved": True})
            messages.success(request, "Note updated.")
            return redirect("mentoring:notes", access.pair.pk)
    if request.htmx:
        return render(request, "mentoring/_note_edit.html", context)
    return render(request, "mentoring/note_form.html", context)


@room_view()
@require_http_methods(["GET", "POST"])
def note_delete(request: AuthedRequest, access: PairAccess, note_id: int) -> HttpResponse:
    note = selectors.note_editable(user=request.user, pair=access.pair, note_id=note_id)
    if request.method == "POST":
        try:
            journal.note_delete(note=note, actor=request.user)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(request, "Note deleted.")
        return redirect("mentoring:notes", access.pair.pk)
    return render(
        request,
        "mentoring/confirm_delete.html",
        {
            "pair": access.pair,
            "access": access,
            "what": "this note",
            "preview": note.body,
            "cancel_url": "mentoring:notes",
        },
    )


# --- growth thread --------------------------------------------------------------------------


@room_view()
@require_http_methods(["GET", "POST"])
def growth(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    form = GrowthEntryForm(request.POST if "text" in request.POST else None)
    if request.method == "POST" and "text" in request.POST and form.is_valid():
        try:
            journal.growth_entry_create(pair=pair, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Added to your growth thread.")
            return redirect("mentoring:growth", pair.pk)
    if request.method == "POST" and "entry" in request.POST:
        entry_id = request.POST["entry"]
        if not entry_id.isdigit():
            raise Http404("No such entry.")
        entry = selectors.growth_entry_editable(
            user=request.user, pair=pair, entry_id=int(entry_id)
        )
        try:
            if request.POST.get("delete") == "1":
                journal.growth_entry_delete(entry=entry, actor=request.user)
                messages.success(request, "Entry deleted.")
            else:
                journal.growth_entry_update(
                    entry=entry, actor=request.user, visibility=request.POST.get("visibility", "")
                )
                messages.success(request, "Visibility changed.")
        except ServiceError as exc:
            message_error(request, exc)
        return redirect("mentoring:growth", pair.pk)
    page = Paginator(selectors.growth_entries_visible(user=request.user, pair=pair), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mentoring/growth.html",
        {
            "pair": pair,
            "access": access,
            "form": form,
            "page": page,
            "visibility_choices": GrowthEntry.Visibility.choices,
        },
    )


@room_view()
@require_GET
def growth_row(request: AuthedRequest, access: PairAccess, entry_id: int) -> HttpResponse:
    entry = selectors.growth_entry_visible(user=request.user, pair=access.pair, entry_id=entry_id)
    if not request.htmx:
        return redirect("mentoring:growth", access.pair.pk)
    return render(
        request, "mentoring/_growth_entry.html", {"e": entry, "pair": access.pair, "access": access}
    )


@room_view()
@require_http_methods(["GET", "POST"])
def growth_edit(request: AuthedRequest, access: PairAccess, entry_id: int) -> HttpResponse:
    """The author edits an entry's text and visibility, in place with htmx or on a page."""
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    form = GrowthEntryForm(
        request.POST if request.method == "POST" else None,
        initial={"text": entry.text, "visibility": entry.visibility},
        auto_id=f"entry-{entry.pk}-%s",
    )
    context = {"pair": access.pair, "access": access, "entry": entry, "e": entry, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            journal.growth_entry_update(entry=entry, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if request.htmx:
                return render(request, "mentoring/_growth_entry.html", context | {"saved": True})
            messages.success(request, "Entry updated.")
            return redirect("mentoring:growth", access.pair.pk)
    if request.htmx:
        return render(request, "mentoring/_growth_edit.html", context)
    return render(request, "mentoring/growth_form.html", context)


@room_view()
@require_http_methods(["GET", "POST"])
def growth_delete(request: AuthedRequest, access: PairAccess, entry_id: int) -> HttpResponse:
    entry = selectors.growth_entry_editable(user=request.user, pair=access.pair, entry_id=entry_id)
    if request.method == "POST":
        try:
            journal.growth_entry_delete(entry=entry, actor=request.user)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(request, "Entry deleted.")
        return redirect("mentoring:growth", access.pair.pk)
    return render(
        request,
        "mentoring/confirm_delete.html",
        {
            "pair": access.pair,
            "access": access,
            "what": "this growth entry",
            "preview": entry.text,
            "cancel_url": "mentoring:growth",
        },
    )


# --- insights, actions, learning goals -----------------------------------------------------------


def _actions_context(request: AuthedRequest, access: PairAccess, **extra: object) -> dict:
    pair = access.pair
    return {
        "pair": pair,
        "access": access,
        "insights": selectors.insights_of(user=request.user, pair=pair),
        "actions": selectors.actions_of(user=request.user, pair=pair),
        "goals": selectors.learning_goals_of(user=request.user, pair=pair),
        "insight_form": InsightForm(),
        "action_form": ActionForm(),
        "goal_form": LearningGoalForm(),
        "status_choices": Action.Status.choices,
    } | extra


@room_view()
@require_http_methods(["GET", "POST"])
def actions(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    extra: dict[str, object] = {}
    form: forms.Form
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "insight":
                form = InsightForm(request.POST)
                extra["insight_form"] = form
                if form.is_valid():
                    topic = form.cleaned_data["topic"]
                    journal.insight_create(
                        pair=pair,
                        actor=request.user,
                        text=form.cleaned_data["text"],
                        topic_id=topic.pk if topic else None,
                    )
                    messages.success(request, "Insight recorded. What will you do about it?")
                    return redirect("mentoring:actions", pair.pk)
            elif kind == "action":
                form = ActionForm(request.POST)
                extra["action_form"] = form
                if form.is_valid():
                    data = form.cleaned_data
                    insight = None
                    insight_id = request.POST.get("insight", "")
                    if insight_id.isdigit():
                        insight = (
                            selectors.insights_of(user=request.user, pair=pair)
                            .filter(pk=int(insight_id))
                            .first()
                        )
                    journal.action_create(
                        pair=pair,
                        actor=request.user,
                        title=data["title"],
                        description=data["description"],
                        due_on=data["due_on"],
                        topic_id=data["topic"].pk if data["topic"] else None,
                        insight=insight,
                    )
                    messages.success(request, "Action committed.")
                    return redirect("mentoring:actions", pair.pk)
            elif kind == "goal":
                form = LearningGoalForm(request.POST)
                extra["goal_form"] = form
                if form.is_valid():
                    journal.learning_goal_create(pair=pair, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Learning goal added.")
                    return redirect("mentoring:actions", pair.pk)
        except ServiceError as exc:
            form_error(form, exc)
    return render(request, "mentoring/actions.html", _actions_context(request, access, **extra))


@room_view()
@require_POST
def action_change(request: AuthedRequest, access: PairAccess, action_id: int) -> HttpResponse:
    """Status, publish, credit consent or delete, from the action's row (htmx or plain post)."""
    action = selectors.action_for_member(user=request.user, pair=access.pair, action_id=action_id)
    op = request.POST.get("op", "status")
    error = ""
    try:
        if op == "status":
            form = ActionStatusForm(request.POST)
            if not form.is_valid():
                raise ServiceError("Choose a status.", field="status")
            journal.action_update(action=action, actor=request.user, **form.cleaned_data)
        elif op in ("publish", "unpublish"):
            journal.action_publish(action=action, actor=request.user, published=op == "publish")
        elif op in ("credit", "uncredit"):
            journal.action_credit_mentor(action=action, actor=request.user, consent=op == "credit")
        elif op == "delete":
            journal.action_delete(action=action, actor=request.user)
            if request.htmx:
                return HttpResponse("")
        else:
            raise ServiceError("Unknown change.", field="op")
    except ServiceError as exc:
        error = exc.message
    if request.htmx:
        action.refresh_from_db()
        return render(
            request,
            "mentoring/_action_row.html",
            {
                "a": action,
                "access": access,
                "pair": access.pair,
                "row_error": error,
                "status_choices": Action.Status.choices,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("mentoring:actions", access.pair.pk)


@room_view()
@require_POST
def goal_change(request: AuthedRequest, access: PairAccess, goal_id: int) -> HttpResponse:
    goal = (
        selectors.learning_goals_of(user=request.user, pair=access.pair).filter(pk=goal_id).first()
    )
    if goal is None:
        raise Http404("No such goal.")
    try:
        journal.learning_goal_update(
            goal=goal,
            actor=request.user,
            status=request.POST.get("status", ""),
            dropped_reason=request.POST.get("dropped_reason", ""),
        )
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(request, "Goal updated.")
    return redirect("mentoring:actions", access.pair.pk)
