"""Matching pages: runs with a live progress bar, review (lock/forbid/swap), compare, what-if,
consultation, publish; and the consulted participant's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from upward.matching import InstanceError, services
from upward.matching.forms import ConsultForm, RespondForm, WhatIfForm
from upward.matching.models import MatchRun, PairRule, ProposedPair
from upward.matching.runs import solve_preview
from upward.matching.selectors import (
    compare_pairs,
    compare_runs,
    preview_pairs_by_leader,
    proposal_for_participant,
    proposals_for_participant,
    proposals_of,
    run_get,
    run_pairs_by_leader,
    runs_of,
    side_of,
)
from upward.matching.services import MatchingError
from upward.programs.selectors import can_manage, program_get


def _back(run: MatchRun) -> HttpResponse:
    return redirect("matching:run", run.pk)


@login_required
def program_runs(request: HttpRequest, slug: str) -> HttpResponse:
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
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    override: dict[str, Any] = {}
    if request.POST.get("from_whatif"):
        form = WhatIfForm(request.POST)
        if form.is_valid():
            override = form.override()
    try:
        run = services.run_start(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            settings_override=override,
        )
    except MatchingError as exc:
        messages.error(request, exc.message)
        return redirect("matching:program", program.slug)
    return redirect("matching:run", run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    proposals = list(proposals_of(run=run))
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
    context = {
        "run": run,
        "program": run.program,
        "proposals": proposals,
        "unmatched": run.unmatched.select_related("participant__person"),
        "others": others,
        "editable": run.status in services.EDITABLE,
        "consult_form": ConsultForm(
            initial={"deadline": timezone.localdate() + dt.timedelta(days=7)}
        ),
        "whatif_form": WhatIfForm(initial=WhatIfForm.initial_for(run)),
    }
    return render(request, "matching/run.html", context)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    response = render(request, "matching/_progress.html", {"run": run})
    if run.is_finished and request.htmx:  # type: ignore[attr-defined]
        # The review needs the whole page; a refresh swaps the bar for the results.
        response["HX-Refresh"] = "true"
    return response


def _proposal_of_run(request: HttpRequest, pk: int) -> ProposedPair:
    proposal = ProposedPair.objects.select_related("run__program").filter(pk=pk).first()
    if proposal is None or not can_manage(user=request.user, program=proposal.run.program):
        raise Http404("No such proposal.")
    return proposal


@login_required
@require_POST
def proposal_lock(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_of_run(request, pk)
    try:
        services.proposal_lock(
            actor=request.user,  # type: ignore[arg-type]
            proposal=proposal,
            locked=request.POST.get("locked", "1") == "1",
        )
    except MatchingError as exc:
        messages.error(request, exc.message)
    return _back(proposal.run)


@login_required
@require_POST
def proposal_forbid(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_of_run(request, pk)
    run = proposal.run
    try:
        services.proposal_forbid(actor=request.user, proposal=proposal)  # type: ignore[arg-type]
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pair forbidden. Re-run to find new partners for both.")
    return _back(run)


@login_required
@require_POST
def proposal_swap(request: HttpRequest, pk: int) -> HttpResponse:
    first = _proposal_of_run(request, pk)
    try:
        other_pk = int(request.POST.get("other", ""))
    except ValueError:
        messages.error(request, "Choose the pair to swap mentors with.")
        return _back(first.run)
    second = _proposal_of_run(request, other_pk)
    try:
        services.proposal_swap(actor=request.user, first=first, second=second)  # type: ignore[arg-type]
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Mentors swapped; both pairs are locked.")
    return _back(first.run)


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = PairRule.objects.select_related("program").filter(pk=pk).first()
    if rule is None or not can_manage(user=request.user, program=rule.program):
        raise Http404("No such rule.")
    slug = rule.program.slug
    services.rule_delete(rule=rule)
    messages.success(request, "Rule removed; it no longer applies to new runs.")
    return redirect("matching:program", slug)


@login_required
def run_compare(request: HttpRequest, pk: int) -> HttpResponse:
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
def run_whatif(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-solve this run's pool with other weights, synchronously, without saving anything."""
    run = run_get(user=request.user, pk=pk)
    form = WhatIfForm(
        request.POST if request.method == "POST" else None, initial=WhatIfForm.initial_for(run)
    )
    context: dict[str, Any] = {"run": run, "program": run.program, "form": form}
    if request.method == "POST" and form.is_valid() and run.instance:
        try:
            result = solve_preview(run.instance, form.override())
        except InstanceError as exc:
            form.add_error(None, "; ".join(exc.problems))
        else:
            context["cmp"] = compare_pairs(
                run_pairs_by_leader(run), preview_pairs_by_leader(run, result)
            )
    template = "matching/_whatif.html" if request.htmx else "matching/whatif.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_POST
def run_consult(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    form = ConsultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a deadline in the future.")
        return _back(run)
    try:
        services.consultation_start(
            actor=request.user,  # type: ignore[arg-type]
            run=run,
            deadline=form.cleaned_data["deadline"],
        )
    except MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Proposals sent. Participants answer on their home page.")
    return _back(run)


@login_required
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            pairs = services.run_publish(
                actor=request.user,  # type: ignore[arg-type]
                run=run,
                confirm=request.POST.get("confirm") == "on",
            )
        except MatchingError as exc:
            if not exc.warnings:
                messages.error(request, exc.message)
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
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        services.run_discard(actor=request.user, run=run)  # type: ignore[arg-type]
    except MatchingError as exc:
        messages.error(request, exc.message)
        return _back(run)
    messages.success(request, f"Run {run.number} discarded.")
    return redirect("matching:program", run.program.slug)


# --- the consulted participant -----------------------------------------------------------------


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    proposals = list(proposals_for_participant(user=request.user))
    if len(proposals) == 1:
        return redirect("matching:my_proposal", proposals[0].pk)
    return render(request, "matching/my_proposals.html", {"proposals": proposals})


@login_required
@require_http_methods(["GET", "POST"])
def my_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for_participant(user=request.user, pk=pk)
    side = side_of(proposal, request.user)
    partner = proposal.mentor if side == "leader" else proposal.leader
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_respond(
                proposal=proposal,
                user=request.user,  # type: ignore[arg-type]
                accept=form.cleaned_data["answer"] == "accept",
                note=form.cleaned_data["note"],
            )
        except MatchingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Thank you. You will get an introduction when pairs are published."
                if form.cleaned_data["answer"] == "accept"
                else "Understood. The coordinator will look for another match for you.",
            )
            return redirect("home")
    from upward.programs.models import Topic

    intake = getattr(partner, "intake", None)
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    topics = []
    if intake is not None:
        levels = dict(intake.topics or {})
        if partner.role == "mentor":
            for slug in intake.sensitive_topics or []:
                levels[slug] = max(levels.get(slug, 0), 2)
            for slug in intake.not_represent or []:
                levels.pop(slug, None)
        topics = [
            topic_names.get(s, s) for s, lvl in sorted(levels.items(), key=lambda kv: -kv[1]) if lvl
        ]
    return render(
        request,
        "matching/my_proposal.html",
        {
            "proposal": proposal,
            "side": side,
            "partner": partner,
            "intake": intake,
            "topics": topics,
            "answer": getattr(proposal, f"{side}_response"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
