"""The pair's thread: the two members write to each other (everyone else: 404)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.access import AuthedRequest, PairAccess, partner_of
from upward.errors import ServiceError, form_error
from upward.inputs import is_id
from upward.mentoring import selectors
from upward.mentoring.forms import MessageForm
from upward.mentoring.services import messages as messages_service
from upward.mentoring.views.common import room_view


@room_view()
@require_http_methods(["GET", "POST"])
def messages(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                messages_service.message_send(
                    pair=pair, actor=request.user, body=form.cleaned_data["body"]
                )
            except ServiceError as exc:
                form_error(form, exc)
            else:
                if not request.htmx:
                    return redirect("mentoring:messages", pair.pk)
                form = MessageForm()
        if form.errors:
            # htmx swaps a 422 in (the thread is `data-swap-422`, app.js) to show the error.
            status = 422 if request.htmx else 400
    before_raw = request.GET.get("before", "")
    before = int(before_raw) if is_id(before_raw) else None
    # Unread counts before this visit, so the page can mark where the new ones start.
    page = selectors.messages_page(user=request.user, pair=pair, before=before)
    messages_service.messages_mark_read(pair=pair, actor=request.user)
    context = {
        "pair": pair,
        "access": access,
        "partner": partner_of(pair=pair, role=access.role),
        "page": page,
        "form": form,
        "new_from": _first_new(page, request.user.pk),
    }
    template = "mentoring/_messages.html" if request.htmx else "mentoring/messages.html"
    return render(request, template, context, status=status)


def _first_new(page: selectors.MessagePage, user_id: int) -> int | None:
    for message in page.messages:
        if message.author_id != user_id and message.read_at is None:
            return message.pk
    return None
