from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, PairAccess
from upward.errors import ServiceError, form_error, message_error
from upward.inputs import is_id
from upward.mentoring import selectors
from upward.mentoring.forms import (
    ActionForm,
    ActionStatusForm,
    GrowthEntryEditForm,
    GrowthEntryForm,
    InsightForm,
    LearningGoalForm,
    NoteEditForm,
    NoteForm,
)
from upward.mentoring.models import Action, GrowthEntry, Note
from upward.mentoring.services import journal
from upward.mentoring.views import inline
from upward.mentoring.views.common import room_view
from upward.mentoring.views.inline import InlineKind

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
            if is_id(request.POST["meeting"])
            else None
        )
    if request.method == "POST" and form.is_valid():
        try:
            journal.note_create(pair=pair, actor=request.user, meeting=meeting, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Note saved."))
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
            messages.success(request, _("Added to your growth thread."))
            return redirect("mentoring:growth", pair.pk)
    if request.method == "POST" and "entry" in request.POST:
        entry_id = request.POST["entry"]
        if not is_id(entry_id):
            raise Http404("No such entry.")
        entry = selectors.growth_entry_editable(
            user=request.user, pair=pair, entry_id=int(entry_id)
        )
        try:
            if request.POST.get("delete") == "1":
                journal.growth_entry_delete(entry=entry, actor=request.user)
                messages.success(request, _("Entry deleted."))
            else:
                journal.growth_entry_update(
                    entry=entry, actor=request.user, visibility=request.POST.get("visibility", "")
                )
                messages.success(request, _("Visibility changed."))
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


# --- notes and growth entries: edited and deleted in place (views/inline.py) -----------------

NOTE: InlineKind[Note] = InlineKind(
    noun="note",
    edit_title=gettext_lazy("Edit note"),
    delete_question=gettext_lazy("Delete this note?"),
    dom_id="note",
    row_template="mentoring/_note.html",
    form_class=NoteEditForm,
    initial=lambda note: {
        "body": note.body,
        "visibility": note.visibility,
        "version": note.version,
    },
    preview=lambda note: note.body,
    list_url="mentoring:notes",
    row_url="mentoring:note",
    edit_url="mentoring:note_edit",
    visible=lambda user, pair, pk: selectors.note_visible(user=user, pair=pair, note_id=pk),
    editable=lambda user, pair, pk: selectors.note_editable(user=user, pair=pair, note_id=pk),
    update=lambda note, actor, **data: journal.note_update(note=note, actor=actor, **data),
    delete=lambda note, actor: journal.note_delete(note=note, actor=actor),
    updated_message=gettext_lazy("Note updated."),
    deleted_message=gettext_lazy("Note deleted."),
)

GROWTH_ENTRY: InlineKind[GrowthEntry] = InlineKind(
    noun="growth entry",
    edit_title=gettext_lazy("Edit growth entry"),
    delete_question=gettext_lazy("Delete this growth entry?"),
    dom_id="entry",
    row_template="mentoring/_growth_entry.html",
    form_class=GrowthEntryEditForm,
    initial=lambda entry: {
        "text": entry.text,
        "visibility": entry.visibility,
        "version": entry.version,
    },
    preview=lambda entry: entry.text,
    list_url="mentoring:growth",
    row_url="mentoring:growth_entry",
    edit_url="mentoring:growth_edit",
    visible=lambda user, pair, pk: selectors.growth_entry_visible(
        user=user, pair=pair, entry_id=pk
    ),
    editable=lambda user, pair, pk: selectors.growth_entry_editable(
        user=user, pair=pair, entry_id=pk
    ),
    update=lambda entry, actor, **data: journal.growth_entry_update(
        entry=entry, actor=actor, **data
    ),
    delete=lambda entry, actor: journal.growth_entry_delete(entry=entry, actor=actor),
    updated_message=gettext_lazy("Entry updated."),
    deleted_message=gettext_lazy("Entry deleted."),
)

note_row = inline.row_view(NOTE)
note_edit = inline.edit_view(NOTE)
note_delete = inline.delete_view(NOTE)
growth_row = inline.row_view(GROWTH_ENTRY)
growth_edit = inline.edit_view(GROWTH_ENTRY)
growth_delete = inline.delete_view(GROWTH_ENTRY)


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
                    messages.success(request, _("Insight recorded. What will you do about it?"))
                    return redirect("mentoring:actions", pair.pk)
            elif kind == "action":
                form = ActionForm(request.POST)
                extra["action_form"] = form
                if form.is_valid():
                    data = form.cleaned_data
                    insight = None
                    insight_id = request.POST.get("insight", "")
                    if is_id(insight_id):
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
                    messages.success(request, _("Action committed."))
                    return redirect("mentoring:actions", pair.pk)
            elif kind == "goal":
                form = LearningGoalForm(request.POST)
                extra["goal_form"] = form
                if form.is_valid():
                    journal.learning_goal_create(pair=pair, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Learning goal added."))
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
                raise ServiceError(_("Choose a status."), field="status")
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
            raise ServiceError(_("Unknown change."), field="op")
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
        messages.success(request, _("Goal updated."))
    return redirect("mentoring:actions", access.pair.pk)
