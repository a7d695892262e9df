"""Matching pages for coordinators: runs with a live progress bar, review (lock/forbid/swap in
place with htmx), compare, what-if, publish. Consultation pages live in consult_views.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, program_get
from upward.errors import ServiceError, form_error, message_error
from upward.matching import services
from upward.matching.forms import ConsultForm, WhatIfForm
from upward.matching.models import MatchRun, ProposedPair
from upward.matching.selectors import (
    compare_pairs,
    compare_runs,
    consultation_summary,
    preview_pairs_by_leader,
    proposal_get,
    proposals_of,
    rule_get,
    run_get,
    run_pairs_by_leader,
    run_totals,
    runs_of,
)


def _back(run: MatchRun) -> HttpResponse:
    return redirect("matching:run", run.pk)


@login_required
def program_runs(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    return render(
        request,
        "matching/program.html",
        {
            "program": program,
            "runs": runs_of(program=program),
            "rules": services.rules_for(program),
            "can_run": program.phase in services.RUNNABLE_PHASES,
        },
    )


@login_required
@require_POST
def run_start(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    override: dict[str, Any] = {}
    if request.POST.get("from_whatif"):
        form = WhatIfForm(request.POST)
        if form.is_valid():
            override = form.override()
    try:
        run = services.run_start(
            actor=request.user,
            program=program,
            settings_override=override,
        )
    except ServiceError as exc:
        message_error(request, exc)
        return redirect("matching:program", program.slug)
    return redirect("matching:run", run.pk)


def run_context(request: AuthedRequest, run: MatchRun, **extra: Any) -> dict[str, Any]:
    """Everything the review page (and its partials) shows about a run."""
    others = (
        runs_of(program=run.program)
        .exclude(pk=run.pk)
        .filter(
            status__in=[
                MatchRun.Status.DONE,
                MatchRun.Status.CONSULTING,
                MatchRun.Status.PUBLISHED,
                MatchRun.Status.DISCARDED,
            ]
        )
    )
    default_deadline = max(
        timezone.localdate() + dt.timedelta(days=7),
        (run.consultation_deadline or timezone.localdate()) + dt.timedelta(days=3),
    )
    context: dict[str, Any] = {
        "run": run,
        "program": run.program,
        "proposals": list(proposals_of(run=run)),
        "totals": run_totals(run),
        "consultation": consultation_summary(run),
        "unmatched": run.unmatched.select_related("participant__person"),
        "others": others,
        "editable": run.status in services.EDITABLE,
        "consult_form": ConsultForm(initial={"deadline": default_deadline}),
        "whatif_form": WhatIfForm(initial=WhatIfForm.initial_for(run)),
    }
    context.update(extra)
    return context


@login_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    return render(request, "matching/run.html", run_context(request, run))


@login_required
def run_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    response = render(request, "matching/_progress.html", {"run": run})
    if run.is_finished and request.htmx:
        # The review needs the whole page; a refresh swaps the bar for the results.
        response["HX-Refresh"] = "true"
    return response


# Review actions answer htmx with the changed part of the page (the row, or all rows when other
# rows' swap lists change) plus the totals, unmatched list and a status line out of band; without
# JavaScript they redirect back to the row on the full page.


def _review_update(
    request: AuthedRequest, run: MatchRun, *, message: str, row: ProposedPair | None = None
) -> HttpResponse:
    run.refresh_from_db()
    context = run_context(request, run, status_message=message)
    if row is not None:
        context["p"] = next((p for p in context["proposals"] if p.pk == row.pk), row)
        return render(request, "matching/_review_row_update.html", context)
    return render(request, "matching/_review_rows_update.html", context)


def _review_error(request: AuthedRequest, run: MatchRun, message: str) -> HttpResponse:
    if request.htmx:
        response = render(
            request, "matching/_review_status.html", {"status_message": message, "error": True}
        )
        response["HX-Retarget"] = "#review-status"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.error(request, message)
    return _back(run)


def _back_to(run: MatchRun, proposal_pk: int | None = None) -> HttpResponse:
    url = reverse("matching:run", args=[run.pk])
    return redirect(f"{url}#proposal-{proposal_pk}" if proposal_pk else url)


@login_required
@require_POST
def proposal_lock(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = proposal_get(user=request.user, pk=pk)
    locked = request.POST.get("locked", "1") == "1"
    try:
        services.proposal_lock(
            actor=request.user,
            proposal=proposal,
            locked=locked,
        )
    except ServiceError as exc:
        return _review_error(request, proposal.run, exc.message)
    names = f"{proposal.leader.person.name} and {proposal.mentor.person.name}"
    message = (
        f"{names} stay together in every new run."
        if locked
        else f"{names} are no longer locked together."
    )
    if request.htmx:
        return _review_update(request, proposal.run, message=message, row=proposal)
    messages.success(request, message)
    return _back_to(proposal.run, proposal.pk)


@login_required
@require_POST
def proposal_forbid(request: AuthedRequest, pk: int) -> HttpResponse:
    """Forbid a pair. htmx asks in the browser (hx-confirm) and sends confirm=1; a plain form
    post without it gets a confirmation page first."""
    proposal = proposal_get(user=request.user, pk=pk)
    run = proposal.run
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "matching/forbid_confirm.html",
            {"proposal": proposal, "run": run, "program": run.program},
        )
    names = f"{proposal.leader.person.name} and {proposal.mentor.person.name}"
    try:
        services.proposal_forbid(actor=request.user, proposal=proposal)
    except ServiceError as exc:
        return _review_error(request, run, exc.message)
    message = f"{names} will never be proposed together. Re-run to find new partners for both."
    if request.htmx:
        return _review_update(request, run, message=message)
    messages.success(request, message)
    return _back(run)


@login_required
@require_POST
def proposal_swap(request: AuthedRequest, pk: int) -> HttpResponse:
    first = proposal_get(user=request.user, pk=pk)
    run = first.run
    try:
        other_pk = int(request.POST.get("other", ""))
    except ValueError:
        return _review_error(request, run, "Choose the pair to swap mentors with.")
    second = ProposedPair.objects.select_related("run").filter(pk=other_pk, run=run).first()
    if second is None:
        return _review_error(
            request, run, "That pair is no longer in this run; reload the page and try again."
        )
    try:
        services.proposal_swap(actor=request.user, first=first, second=second)
    except ServiceError as exc:
        return _review_error(request, run, exc.message)
    message = "Mentors swapped; both new pairs are scored and locked."
    if request.htmx:
        return _review_update(request, run, message=message)
    messages.success(request, message)
    return _back_to(run, first.pk)


@login_required
@require_POST
def rule_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = rule_get(user=request.user, pk=pk)
    slug = rule.program.slug
    services.rule_delete(actor=request.user, rule=rule)
    messages.success(request, "Rule removed; it no longer applies to new runs.")
    return redirect("matching:program", slug)


@login_required
def run_compare(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        other = run_get(user=request.user, pk=int(request.GET.get("with", "")))
    except ValueError:
        other = None
    if other is None or other.program_id != run.program_id:
        messages.error(request, "Choose another run of the same program to compare with.")
        return _back(run)
    return render(
        request,
        "matching/compare.html",
        {"run": run, "other": other, "program": run.program, "cmp": compare_runs(other, run)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_whatif(request: AuthedRequest, pk: int) -> HttpResponse:
    """Re-solve this run's pool with other weights, synchronously, without saving anything."""
    run = run_get(user=request.user, pk=pk)
    form = WhatIfForm(
        request.POST if request.method == "POST" else None, initial=WhatIfForm.initial_for(run)
    )
    context: dict[str, Any] = {"run": run, "program": run.program, "form": form}
    if request.method == "POST" and form.is_valid() and run.instance:
        try:
            preview = services.run_preview(
                actor=request.user, run=run, settings_override=form.override()
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            context["cmp"] = compare_pairs(
                run_pairs_by_leader(run), preview_pairs_by_leader(run, preview.result)
            )
    template = "matching/_whatif.html" if request.htmx else "matching/whatif.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def run_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            pairs = services.run_publish(
                actor=request.user,
                run=run,
                confirm=request.POST.get("confirm") == "on",
            )
        except ServiceError as exc:
            if not exc.warnings:
                message_error(request, exc)
                return _back(run)
            messages.error(request, "Tick the box to confirm.")
        else:
            messages.success(request, f"{len(pairs)} pairs published and introduced.")
            return redirect("programs:detail", run.program.slug)
    return render(
        request,
        "matching/publish.html",
        {
            "run": run,
            "program": run.program,
            "warnings": services.publish_warnings(run),
            "count": sum(1 for p in run.proposals.all() if not p.declined),
        },
    )


@login_required
@require_POST
def run_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        services.run_discard(actor=request.user, run=run)
    except ServiceError as exc:
        message_error(request, exc)
        return _back(run)
    messages.success(request, f"Run {run.number} discarded.")
    return redirect("matching:program", run.program.slug)
