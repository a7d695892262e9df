"""Safety and closure: a confidential concern, the no-fault exit, closing well, and the
coordinators' concern inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from upward.access import (
    AuthedRequest,
    PairAccess,
)
from upward.errors import ServiceError, form_error, message_error
from upward.inputs import is_id
from upward.mentoring import selectors
from upward.mentoring.forms import (
    ClosureForm,
    ConcernForm,
    ConcernUpdateForm,
    EndEarlyForm,
    ExitForm,
)
from upward.mentoring.services import safety
from upward.mentoring.views.common import room_view


@room_view()
@require_http_methods(["GET", "POST"])
def safety_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    """A confidential concern to the coordinators, and the no-fault exit."""
    pair = access.pair
    concern_form = ConcernForm(request.POST if "concern" in request.POST else None)
    if request.method == "POST" and "concern" in request.POST and concern_form.is_valid():
        try:
            safety.concern_raise(
                pair=pair,
                actor=request.user,
                text=concern_form.cleaned_data["text"],
                anonymous=concern_form.cleaned_data["anonymous"],
            )
        except ServiceError as exc:
            form_error(concern_form, exc)
        else:
            messages.success(
                request,
                _("Sent to the program's coordinators only. They will get back to you."),
            )
            return redirect("mentoring:safety", pair.pk)
    exit_form = ExitForm(request.POST if "exit" in request.POST else None)
    if request.method == "POST" and "exit" in request.POST and exit_form.is_valid():
        try:
            safety.pair_exit(
                pair=pair, actor=request.user, wants_rematch=exit_form.cleaned_data["wants_rematch"]
            )
        except ServiceError as exc:
            form_error(exit_form, exc)
        else:
            messages.success(
                request,
                _(
                    "The pair has ended. No reason is recorded and no one is at fault. Your "
                    "coordinators will see that you would like a new partner."
                )
                if exit_form.cleaned_data["wants_rematch"]
                else _(
                    "The pair has ended. No reason is recorded and no one is at fault. You can "
                    "still ask for a new partner here later."
                ),
            )
            return redirect("mentoring:room", pair.pk)
    if request.method == "POST" and "rematch" in request.POST:
        try:
            safety.rematch_request(
                pair=pair, actor=request.user, wants_rematch=request.POST["rematch"] == "1"
            )
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(
                request, _("Your coordinators will see your answer when they rematch.")
            )
        return redirect("mentoring:safety", pair.pk)
    wants = pair.leader_wants_rematch if access.role == "leader" else pair.mentor_wants_rematch
    return render(
        request,
        "mentoring/safety.html",
        {
            "pair": pair,
            "access": access,
            "concern_form": concern_form,
            "exit_form": exit_form,
            "my_concerns": selectors.concerns_visible(user=request.user).filter(
                pair=pair, raised_by=request.user.pk
            ),
            "wants_rematch": wants,
        },
    )


@room_view()
@require_http_methods(["GET", "POST"])
def end_early_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    """End early, on purpose: a confirmation and a reason for the partner; or keep going."""
    pair = access.pair
    form = EndEarlyForm(request.POST if "end_early" in request.POST else None)
    if request.method == "POST" and "keep_going" in request.POST:
        try:
            safety.pair_end_early_withdraw(pair=pair, actor=request.user)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Your pair keeps going. Nothing was closed or cancelled."))
        return redirect("mentoring:room", pair.pk)
    if request.method == "POST" and "end_early" in request.POST and form.is_valid():
        try:
            safety.pair_end_early(pair=pair, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your partner has been told. Write your final reflection when you are ready; "
                    "the pair closes once both of you have."
                ),
            )
            return redirect("mentoring:close", pair.pk)
    return render(
        request,
        "mentoring/end_early.html",
        {"pair": pair, "access": access, "form": form},
    )


@room_view()
@require_http_methods(["GET", "POST"])
def close_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    if not selectors.closing_open_for(pair=pair) and pair.is_open:
        # Final reflections only on purpose: in the closing phase, or after "end early".
        if request.method == "POST":
            messages.error(
                request,
                _(
                    "Final reflections open when the program reaches its closing phase, or once "
                    "you choose to end early."
                ),
            )
        return render(
            request,
            "mentoring/close.html",
            {"pair": pair, "access": access, "not_yet": True, "choices": []},
            status=409 if request.method == "POST" else 200,
        )
    mine = pair.closure_choices.filter(role=access.role).first()
    initial = (
        {
            "final_reflection": mine.final_reflection,
            "choice": mine.choice,
            "celebrate_by_name": mine.celebrate_by_name,
        }
        if mine
        else None
    )
    form = ClosureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            safety.closure_submit(pair=pair, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            pair.refresh_from_db()
            if pair.is_open:
                messages.success(
                    request, _("Saved. The pair closes when your partner has answered too.")
                )
            else:
                messages.success(request, _("Your partnership is complete. Thank you both."))
            return redirect("mentoring:room", pair.pk)
    return render(
        request,
        "mentoring/close.html",
        {
            "pair": pair,
            "access": access,
            "form": form,
            "mine": mine,
            "choices": selectors.closure_choices_of(user=request.user, pair=pair),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concerns(request: AuthedRequest) -> HttpResponse:
    """The coordinators' inbox of confidential concerns for the programs they run."""
    programs = selectors.programs_with_concern_inbox(user=request.user)
    qs = selectors.concerns_for_coordinator(user=request.user)
    if request.method == "POST":
        concern_id = request.POST.get("concern", "")
        if not is_id(concern_id):
            raise Http404("No such concern.")
        concern = selectors.concern_for_coordinator(user=request.user, concern_id=int(concern_id))
        form = ConcernUpdateForm(request.POST)
        if form.is_valid():
            try:
                safety.concern_update(concern=concern, actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                message_error(request, exc)
            else:
                messages.success(request, _("Concern updated."))
        else:
            messages.error(request, _("Choose a status."))
        return redirect("mentoring:concerns")
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.exclude(status="resolved")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rematch = [
        (program, selectors.participants_wanting_rematch(user=request.user, program=program))
        for program in programs
    ]
    return render(
        request,
        "mentoring/concerns.html",
        {"page": page, "show": show, "rematch": [r for r in rematch if r[1]]},
    )
