"""Readiness training pages: a participant's modules and each module's check question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from upward.access import AuthedRequest
from upward.errors import ServiceError
from upward.programs import training
from upward.programs.forms import TrainingCheckForm
from upward.programs.selectors import completed_modules, own_participation
from upward.programs.services import training as services


@login_required
def training_list(request: AuthedRequest, slug: str) -> HttpResponse:
    participant = own_participation(user=request.user, slug=slug)
    done = completed_modules(participant)
    modules = training.modules_for(participant.role)
    return render(
        request,
        "programs/training_list.html",
        {
            "participant": participant,
            "program": participant.program,
            "modules": [(m, m.slug in done) for m in modules],
            "all_done": all(m.slug in done for m in modules),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_module(request: AuthedRequest, slug: str, module: str) -> HttpResponse:
    participant = own_participation(user=request.user, slug=slug)
    found = training.module_by_slug(module)
    if found is None or found.role != participant.role:
        raise Http404(_("No such module."))
    form = TrainingCheckForm(
        request.POST if request.method == "POST" else None, options=found.check.options
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            passed = services.training_complete(
                actor=request.user,
                participant=participant,
                module_slug=found.slug,
                answer=form.cleaned_data["answer"],
            )
        except ServiceError as exc:
            form.add_error("answer", exc.message)
        else:
            if passed:
                messages.success(request, _("“%(title)s” completed.") % {"title": found.title})
                return redirect("programs:training", slug)
            outcome = "retry"
    return render(
        request,
        "programs/training_module.html",
        {
            "participant": participant,
            "program": participant.program,
            "module": found,
            "form": form,
            "outcome": outcome,
            "done": found.slug in completed_modules(participant),
        },
    )
