"""The coordinators' follow-up: a pair's health page with its nudges and check-in notes, and a
concern's case (thread, status history, resolution) for the raiser and the coordinators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, concern_access, pair_for_coordinator
from upward.errors import ServiceError, form_error
from upward.mentoring import selectors
from upward.mentoring.forms import CheckInNoteForm, ConcernReplyForm, ConcernUpdateForm, NudgeForm
from upward.mentoring.models import Pair
from upward.mentoring.selectors import followup as followup_selectors
from upward.mentoring.services import followup, safety
from upward.mentoring.timezones import user_zone


def health_page(
    request: AuthedRequest,
    pair: Pair,
    *,
    nudge_form: NudgeForm | None = None,
    checkin_form: CheckInNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A pair's health for its program's coordinator: facts, never content, and the
    coordinators' own follow-up (nudges sent, private check-in notes)."""
    health = selectors.pair_health(pair=pair)
    nudges = list(followup_selectors.nudges_of(user=request.user, pair=pair))
    checkins = list(followup_selectors.checkins_of(user=request.user, pair=pair))
    if nudge_form is None:
        subject, body = followup.nudge_template(pair=pair, health=health)
        nudge_form = NudgeForm(initial={"subject": subject, "body": body})
    if checkin_form is None:
        checkin_form = CheckInNoteForm(initial={"noted_on": timezone.localdate()})
    context: dict[str, Any] = {
        "pair": pair,
        "health": health,
        "meetings": selectors.meetings_of(user=request.user, pair=pair),
        "history": followup_selectors.followup_history(nudges=nudges, checkins=checkins),
        "nudge_count": len(nudges),
        "last_contact": followup_selectors.last_contact(nudges=nudges, checkins=checkins),
        "nudge_form": nudge_form,
        "checkin_form": checkin_form,
    }
    return render(request, "mentoring/health.html", context, status=status)


@login_required
@require_POST
def nudge_send(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = pair_for_coordinator(user=request.user, pair_id=pair_id)
    form = NudgeForm(request.POST)
    with timezone.override(user_zone(request.user)):
        if form.is_valid():
            try:
                nudge = followup.pair_nudge_send(actor=request.user, pair=pair, **form.cleaned_data)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Nudge sent to both of them: in the app now, by email outside their "
                        "quiet hours."
                    )
                    if nudge.recipients == 2
                    else _(
                        "Nudge sent to the pair: in the app now, by email outside their quiet "
                        "hours."
                    ),
                )
                return redirect("mentoring:room", pair.pk)
        return health_page(request, pair, nudge_form=form, status=400)


@login_required
@require_POST
def checkin_add(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = pair_for_coordinator(user=request.user, pair_id=pair_id)
    form = CheckInNoteForm(request.POST)
    with timezone.override(user_zone(request.user)):
        if form.is_valid():
            try:
                followup.checkin_note_add(actor=request.user, pair=pair, **form.cleaned_data)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("Check-in noted. Only this program's coordinators see it.")
                )
                return redirect("mentoring:room", pair.pk)
        return health_page(request, pair, checkin_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def concern_page(request: AuthedRequest, concern_id: int) -> HttpResponse:
    """One concern as a case: the raiser reads the replies and the resolution and answers; the
    program's coordinators also change its status and keep a note. Anyone else: 404."""
    access = concern_access(user=request.user, concern_id=concern_id)
    concern = access.concern
    reply_form = ConcernReplyForm(request.POST if "reply" in request.POST else None)
    update_form = ConcernUpdateForm(
        request.POST if "update" in request.POST and access.is_coordinator else None,
        initial={"status": concern.status, "version": concern.version},
    )
    status = 200
    if request.method == "POST" and "reply" in request.POST:
        if reply_form.is_valid():
            try:
                safety.concern_reply(
                    concern=concern, actor=request.user, text=reply_form.cleaned_data["text"]
                )
            except ServiceError as exc:
                form_error(reply_form, exc)
            else:
                messages.success(request, _("Reply sent."))
                return redirect("mentoring:concern", concern.pk)
        status = 400
    elif request.method == "POST" and "update" in request.POST and access.is_coordinator:
        if update_form.is_valid():
            try:
                safety.concern_update(
                    concern=concern, actor=request.user, **update_form.cleaned_data
                )
            except ServiceError as exc:
                form_error(update_form, exc)
            else:
                messages.success(request, _("Concern updated."))
                return redirect("mentoring:concern", concern.pk)
        status = 409 if update_form.non_field_errors() else 400
    with timezone.override(user_zone(request.user)):
        case = selectors.concern_case(user=request.user, concern_id=concern.pk)
        return render(
            request,
            "mentoring/concern.html",
            {
                "case": case,
                "concern": case.concern,
                "reply_form": reply_form,
                "update_form": update_form,
            },
            status=status,
        )
