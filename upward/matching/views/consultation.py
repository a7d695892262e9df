"""Consultation pages: the coordinator sends proposals (and extends the deadline); a consulted
participant sees their proposed partner and accepts or asks for another."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest
from upward.errors import ServiceError, form_error, message_error
from upward.matching import reasons, services
from upward.matching.forms import ConsultForm, RespondForm
from upward.matching.models import MatchRun
from upward.matching.selectors import (
    partner_summary,
    proposal_for_participant,
    proposals_for_participant,
    run_get,
    side_of,
)
from upward.matching.views.runs import run_context


@login_required
@require_POST
def run_consult(request: AuthedRequest, pk: int) -> HttpResponse:
    """Start the consultation, or, once it is open, move its deadline later."""
    run = run_get(user=request.user, pk=pk)
    extending = run.status == MatchRun.Status.CONSULTING
    form = ConsultForm(request.POST)
    if form.is_valid():
        try:
            if extending:
                services.consultation_extend(
                    actor=request.user,
                    run=run,
                    deadline=form.cleaned_data["deadline"],
                )
            else:
                services.consultation_start(
                    actor=request.user,
                    run=run,
                    deadline=form.cleaned_data["deadline"],
                )
        except ServiceError as exc:
            if exc.field != "deadline":
                message_error(request, exc)
                return redirect("matching:run", run.pk)
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Deadline extended; people who have not answered yet were told.")
                if extending
                else _("Proposals sent. Participants answer on their home page."),
            )
            return redirect("matching:run", run.pk)
    run.refresh_from_db()
    return render(
        request, "matching/run.html", run_context(request, run, consult_form=form), status=400
    )


@login_required
def my_proposals(request: AuthedRequest) -> HttpResponse:
    proposals = list(proposals_for_participant(user=request.user))
    if len(proposals) == 1:
        return redirect("matching:my_proposal", proposals[0].pk)
    return render(request, "matching/my_proposals.html", {"proposals": proposals})


@login_required
@require_http_methods(["GET", "POST"])
def my_proposal(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = proposal_for_participant(user=request.user, pk=pk)
    side = side_of(proposal, request.user)
    partner = proposal.mentor if side == "leader" else proposal.leader
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_respond(
                actor=request.user,
                proposal=proposal,
                accept=form.cleaned_data["answer"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you. You will get an introduction when pairs are published.")
                if form.cleaned_data["answer"] == "accept"
                else _("Understood. The coordinator will look for another match for you."),
            )
            return redirect("home")
    summary = partner_summary(partner)
    reasons.annotate_proposals([proposal])
    return render(
        request,
        "matching/my_proposal.html",
        {
            "proposal": proposal,
            "side": side,
            "partner": partner,
            "intake": summary.intake,
            # Names in the reader's language; matching compares the codes (Person.languages).
            "languages": reasons.language_names(summary.intake.languages or [])
            if summary.intake
            else [],
            "topics": summary.topics,
            "answer": proposal.answer_of(side),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
