from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import (
    AuthedRequest,
    PairAccess,
    pairs_for_coordinator,
    pairs_of_member,
    partner_of,
)
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring import selectors
from upward.mentoring.forms import CharterForm, ClosureForm, ConcernForm, ExitForm
from upward.mentoring.services import charters, safety
from upward.mentoring.services.meetings import pair_monthly_minutes
from upward.mentoring.timezones import person_zone
from upward.mentoring.views.common import room_view


@login_required
def pair_index(request: AuthedRequest) -> HttpResponse:
    """My pair(s); coordinators also get the health of the pairs in their programs."""
    mine = list(pairs_of_member(user=request.user))
    active = [p for p in mine if p.is_open]
    if len(active) == 1 and len(mine) == 1 and not request.GET.get("all"):
        return redirect("mentoring:room", active[0].pk)
    coordinated = pairs_for_coordinator(user=request.user).order_by(
        "program__name", "leader__person__name"
    )
    page = Paginator(coordinated, 25).get_page(request.GET.get("page"))
    rows = [(pair, selectors.pair_health(pair=pair)) for pair in page]
    return render(
        request,
        "mentoring/index.html",
        {
            "mine": mine,
            "page": page,
            "rows": rows,
            "has_coordinated": coordinated.exists(),
            "ending": selectors.programs_ending_for(user=request.user),
        },
    )


@room_view(content=False)
def room(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    health = selectors.pair_health(pair=pair)
    if not access.is_member:
        # Coordinators see health only: dates, counts, statuses. Never content.
        meetings = selectors.meetings_of(user=request.user, pair=pair)
        return render(
            request,
            "mentoring/health.html",
            {"pair": pair, "health": health, "meetings": meetings},
        )
    partner = partner_of(pair=pair, role=access.role)
    charter = charters.charter_get_or_create(pair=pair)
    context = {
        "pair": pair,
        "access": access,
        "role": access.role,
        "partner": partner,
        "partner_tz": str(person_zone(partner.person)),
        "charter": charter,
        "next_meeting": selectors.next_meeting(pair=pair),
        "awaiting": selectors.meetings_awaiting_outcome(pair=pair)[:3],
        "meetings": selectors.meetings_of(user=request.user, pair=pair),
        "actions": [
            a
            for a in selectors.actions_of(user=request.user, pair=pair)
            if a.status in ("planned", "in_progress")
        ],
        "goals": selectors.learning_goals_of(user=request.user, pair=pair),
        "health": health,
        "closure_choices": selectors.closure_choices_of(user=request.user, pair=pair),
        "monthly_minutes": pair_monthly_minutes(pair=pair),
        "closing_invite": selectors.closing_invitation_for(pair=pair),
        "i_answered_closing": pair.closure_choices.filter(role=access.role).exists(),
    }
    return render(request, "mentoring/room.html", context)


@room_view()
@require_http_methods(["GET", "POST"])
def charter_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    charter = charters.charter_get_or_create(pair=pair)
    editing = request.GET.get("edit") == "1" or request.method == "POST"
    form = CharterForm(request.POST or None, instance=charter)
    if request.method == "POST" and form.is_valid():
        was_signed = charter.leader_signed_at or charter.mentor_signed_at
        try:
            updated = charters.charter_update(pair=pair, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if was_signed and not updated.is_signed and updated.version > 1:
                messages.warning(
                    request,
                    "Charter saved as a new version: both of you need to sign it again.",
                )
            else:
                messages.success(request, "Charter saved.")
            return redirect("mentoring:charter", pair.pk)
    return render(
        request,
        "mentoring/charter.html",
        {
            "pair": pair,
            "access": access,
            "charter": charter,
            "form": form,
            "editing": editing and access.can_write,
            "versions": charter.versions.all(),
            "i_signed": charter.leader_signed_at
            if access.role == "leader"
            else charter.mentor_signed_at,
        },
    )


@room_view()
@require_POST
def charter_sign(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    try:
        charter = charters.charter_sign(pair=access.pair, actor=request.user)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        if charter.is_signed:
            messages.success(request, "Signed by both of you. Your charter is in force.")
        else:
            messages.success(request, "Signed. Your partner's signature is the last step.")
    return redirect("mentoring:charter", access.pair.pk)


@room_view()
@require_http_methods(["GET", "POST"])
def safety_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    """A confidential concern to the coordinators, and the no-fault exit."""
    pair = access.pair
    concern_form = ConcernForm(request.POST if "concern" in request.POST else None)
    if request.method == "POST" and "concern" in request.POST and concern_form.is_valid():
        try:
            safety.concern_raise(
                pair=pair, actor=request.user, text=concern_form.cleaned_data["text"]
            )
        except ServiceError as exc:
            form_error(concern_form, exc)
        else:
            messages.success(
                request,
                "Sent to the program's coordinators only. They will get back to you.",
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
                request, "The pair has ended. No reason is recorded and no one is at fault."
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
            messages.success(request, "Your coordinators will see your answer when they rematch.")
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
def close_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
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
                    request, "Saved. The pair closes when your partner has answered too."
                )
            else:
                messages.success(request, "Your partnership is complete. Thank you both.")
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
