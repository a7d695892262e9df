"""Rows that their author edits and deletes in place: notes and growth entries.

One kind of row is described once (`InlineKind`); `row_view`, `edit_view` and `delete_view`
make its three views. With htmx the row swaps itself for a form and back
(`mentoring/_inline_edit.html`); without JavaScript the same URLs are full pages
(`mentoring/inline_edit_page.html`, `mentoring/confirm_delete.html`).

The selectors decide who may see (`visible`) and change (`editable`) a row, with 404 for
everyone else; the services check again and may refuse (`ServiceError`), shown on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upward.access import AuthedRequest, PairAccess
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring.views.common import room_view

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Row = TypeVar("Row", bound=Model)
View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class InlineKind(Generic[Row]):
    noun: str  # "note": names the kind in code (never shown: see edit_title, delete_question)
    edit_title: StrOrPromise  # "Edit note": the edit page's title
    delete_question: StrOrPromise  # "Delete this note?": the confirmation page's question
    dom_id: str  # the row's element id is f"{dom_id}-{pk}"
    row_template: str  # one row as the list shows it, given `item`
    form_class: type[forms.Form]
    initial: Callable[[Row], dict[str, Any]]
    preview: Callable[[Row], str]
    # URL names, each taking (pair_id, row id) but `list_url` (pair_id)
    list_url: str
    row_url: str
    edit_url: str
    # reads: (user, pair, row id) -> the row, or Http404
    visible: Callable[..., Row]
    editable: Callable[..., Row]
    # writes: (row, actor, **cleaned_data) and (row, actor); may raise ServiceError
    update: Callable[..., object]
    delete: Callable[..., object]
    updated_message: StrOrPromise
    deleted_message: StrOrPromise

    def context(self, access: PairAccess, item: Row, **extra: object) -> dict[str, object]:
        return {"pair": access.pair, "access": access, "kind": self, "item": item, **extra}


def row_view(kind: InlineKind[Row]) -> View:
    @room_view()
    @require_GET
    def view(request: AuthedRequest, access: PairAccess, row_id: int) -> HttpResponse:
        """One row as the list shows it: htmx swaps it back in when an edit is cancelled."""
        item = kind.visible(request.user, access.pair, row_id)
        if not request.htmx:
            return redirect(kind.list_url, access.pair.pk)
        return render(request, kind.row_template, kind.context(access, item))

    return view


def edit_view(kind: InlineKind[Row]) -> View:
    @room_view()
    @require_http_methods(["GET", "POST"])
    def view(request: AuthedRequest, access: PairAccess, row_id: int) -> HttpResponse:
        """Edit in place (htmx: the row becomes a form and back) or on its own page."""
        item = kind.editable(request.user, access.pair, row_id)
        form = kind.form_class(
            request.POST if request.method == "POST" else None,
            initial=kind.initial(item),
            # Unique ids: the list page also holds the form for a new row.
            auto_id=f"{kind.dom_id}-{item.pk}-%s",
        )
        context = kind.context(access, item, form=form)
        if request.method == "POST" and form.is_valid():
            try:
                kind.update(item, actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                if request.htmx:
                    return render(request, kind.row_template, context | {"saved": True})
                messages.success(request, kind.updated_message)
                return redirect(kind.list_url, access.pair.pk)
        if request.htmx:
            return render(request, "mentoring/_inline_edit.html", context)
        return render(request, "mentoring/inline_edit_page.html", context)

    return view


def delete_view(kind: InlineKind[Row]) -> View:
    @room_view()
    @require_http_methods(["GET", "POST"])
    def view(request: AuthedRequest, access: PairAccess, row_id: int) -> HttpResponse:
        """A confirmation page, then the delete."""
        item = kind.editable(request.user, access.pair, row_id)
        if request.method == "POST":
            try:
                kind.delete(item, actor=request.user)
            except ServiceError as exc:
                message_error(request, exc)
            else:
                messages.success(request, kind.deleted_message)
            return redirect(kind.list_url, access.pair.pk)
        return render(
            request,
            "mentoring/confirm_delete.html",
            kind.context(
                access,
                item,
                preview=kind.preview(item),
                cancel_url=kind.list_url,
            ),
        )

    return view
