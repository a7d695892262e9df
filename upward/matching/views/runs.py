"""Match-run pages for coordinators: a program's runs, starting one (with a live progress bar),
the review page, publish and discard. Review actions live in review.py, consultation in
consultation.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, program_get
from upward.errors import ServiceError, message_error
from upward.matching import reasons, services
from upward.matching.forms import ConsultForm, WhatIfForm
from upward.matching.models import MatchRun
from upward.matching.selectors import (
    consultation_summary,
    proposals_of,
    publish_warnings,
    rules_for,
    run_get,
    run_totals,
    runs_of,
)


def back_to_run(run: MatchRun) -> HttpResponse:
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
            "rules": rules_for(program),
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
    proposals = list(proposals_of(run=run))
    unmatched = list(run.unmatched.select_related("participant__person"))
    # The engine's reasons in the reader's language (the run stores their codes).
    reasons.annotate_proposals(proposals, unmatched)
    context: dict[str, Any] = {
        "run": run,
        "program": run.program,
        "proposals": proposals,
        "totals": run_totals(run),
        "consultation": consultation_summary(run),
        "unmatched": unmatched,
        "rules": rules_for(run.program),
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
                return back_to_run(run)
            messages.error(request, _("Tick the box to confirm."))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d pair published and introduced.",
                    "%(n)d pairs published and introduced.",
                    len(pairs),
                )
                % {"n": len(pairs)},
            )
            return redirect("programs:detail", run.program.slug)
    return render(
        request,
        "matching/publish.html",
        {
            "run": run,
            "program": run.program,
            "warnings": publish_warnings(run),
            "count": sum(1 for p in run.proposals.all() if not p.declined),
        },
    )


@login_required
@require_POST
def run_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        services.run_cancel(actor=request.user, run=run)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(
            request,
            _("Run %(number)s cancelled. You can start a new run.") % {"number": run.number},
        )
    return back_to_run(run)


@login_required
@require_POST
def run_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    try:
        services.run_discard(actor=request.user, run=run)
    except ServiceError as exc:
        message_error(request, exc)
        return back_to_run(run)
    messages.success(request, _("Run %(number)s discarded.") % {"number": run.number})
    return redirect("matching:program", run.program.slug)
