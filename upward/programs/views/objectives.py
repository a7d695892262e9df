"""A program's objectives: the coordinator sets each one's measure and target, and records the
figures Upward cannot count. The program page lists them with their progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, program_get
from upward.errors import ServiceError, form_error, message_error
from upward.programs.forms import ObjectiveForm, ReadingForm, objective_initial
from upward.programs.measures import MEASURES, measure_label, target_text
from upward.programs.models import Program
from upward.programs.selectors import objective_of, reading_of
from upward.programs.services.objectives import (
    objective_create,
    objective_delete,
    objective_reading_delete,
    objective_reading_record,
    objective_update,
)


def _back(program: Program) -> HttpResponse:
    return redirect(reverse("programs:detail", args=[program.slug]) + "#objectives")


def _form_page(
    request: AuthedRequest, program: Program, form: ObjectiveForm, objective: object = None
) -> HttpResponse:
    return render(
        request,
        "programs/objective_form.html",
        {"program": program, "form": form, "objective": objective, "measures": MEASURES},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_new(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = ObjectiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            objective_create(actor=request.user, program=program, **form.service_values())
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Objective added."))
            return _back(program)
    return _form_page(request, program, form)


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    objective = objective_of(program=program, objective_id=pk)
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None, initial=objective_initial(objective)
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective_update(
                actor=request.user,
                objective=objective,
                version=form.cleaned_data.get("version"),
                **form.service_values(),
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Objective saved."))
            return _back(program)
    return _form_page(request, program, form, objective)


@login_required
@require_POST
def objective_remove(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    objective = objective_of(program=program, objective_id=pk)
    try:
        objective_delete(actor=request.user, objective=objective)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(
            request, _("Objective removed: %(statement)s") % {"statement": objective.statement}
        )
    return _back(program)


@login_required
@require_http_methods(["GET", "POST"])
def objective_record(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """Record a figure for an objective measured by hand; its history is listed below."""
    program = program_get(user=request.user, slug=slug, manage=True)
    objective = objective_of(program=program, objective_id=pk)
    form = ReadingForm(
        request.POST if request.method == "POST" else None,
        initial={"recorded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective_reading_record(actor=request.user, objective=objective, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Figure recorded."))
            return redirect("programs:objective_record", program.slug, objective.pk)
    measure = MEASURES.get(objective.measure)
    return render(
        request,
        "programs/objective_record.html",
        {
            "program": program,
            "objective": objective,
            "measure": measure,
            "measure_label": measure_label(objective.measure, objective.min_meetings),
            "target_text": target_text(objective.measure, objective.direction, objective.target),
            "readings": objective.readings.select_related("recorded_by"),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def reading_remove(request: AuthedRequest, slug: str, pk: int, reading_pk: int) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    objective = objective_of(program=program, objective_id=pk)
    reading = reading_of(objective=objective, reading_id=reading_pk)
    try:
        objective_reading_delete(actor=request.user, reading=reading)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("Figure removed."))
    return redirect("programs:objective_record", program.slug, objective.pk)
