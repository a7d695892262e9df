"""Review actions on a run's proposals (lock, forbid, swap; remove a standing rule), compare two
runs, and preview other weights (what-if)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest
from upward.errors import ServiceError, form_error
from upward.matching import reasons, services
from upward.matching.forms import WhatIfForm
from upward.matching.models import MatchRun, ProposedPair
from upward.matching.selectors import (
    compare_pairs,
    compare_runs,
    preview_kept,
    preview_pairs,
    preview_pairs_by_leader,
    proposal_get,
    rule_get,
    run_get,
    run_pairs_rescored,
)
from upward.matching.views.runs import back_to_run, run_context

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
        if not hasattr(context["p"], "shown_reasons"):
            reasons.annotate_proposals([context["p"]])
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
    return back_to_run(run)


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
    names = {"leader": proposal.leader.person.name, "mentor": proposal.mentor.person.name}
    message = (
        _("%(leader)s and %(mentor)s stay together in every new run.") % names
        if locked
        else _("%(leader)s and %(mentor)s are no longer locked together.") % names
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
    names = {"leader": proposal.leader.person.name, "mentor": proposal.mentor.person.name}
    try:
        services.proposal_forbid(actor=request.user, proposal=proposal)
    except ServiceError as exc:
        return _review_error(request, run, exc.message)
    message = (
        _(
            "%(leader)s and %(mentor)s will never be proposed together. Re-run to find new "
            "partners for both."
        )
        % names
    )
    if request.htmx:
        return _review_update(request, run, message=message)
    messages.success(request, message)
    return back_to_run(run)


@login_required
@require_POST
def proposal_swap(request: AuthedRequest, pk: int) -> HttpResponse:
    first = proposal_get(user=request.user, pk=pk)
    run = first.run
    try:
        other_pk = int(request.POST.get("other", ""))
    except ValueError:
        return _review_error(request, run, _("Choose the pair to swap mentors with."))
    second = ProposedPair.objects.select_related("run").filter(pk=other_pk, run=run).first()
    if second is None:
        return _review_error(
            request, run, _("That pair is no longer in this run; reload the page and try again.")
        )
    try:
        services.proposal_swap(actor=request.user, first=first, second=second)
    except ServiceError as exc:
        return _review_error(request, run, exc.message)
    message = _("Mentors swapped; both new pairs are scored and locked.")
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
    messages.success(request, _("Rule removed; it no longer applies to new runs."))
    return redirect("matching:program", slug)


@login_required
def run_compare(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        other = run_get(user=request.user, pk=int(request.GET.get("with", "")))
    except ValueError:
        other = None
    if other is None or other.program_id != run.program_id:
        messages.error(request, _("Choose another run of the same program to compare with."))
        return back_to_run(run)
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
            # Both sides scored with the weights on the form: the totals compare pairings.
            kept = preview_kept(preview_pairs(run, preview.result))
            context["cmp"] = compare_pairs(
                run_pairs_rescored(run, preview.settings["weights"], kept),
                preview_pairs_by_leader(run, preview.result),
            )
    template = "matching/_whatif.html" if request.htmx else "matching/whatif.html"
    return render(request, template, context, status=400 if form.errors else 200)
