"""Program pages for coordinators (design, phases) and sponsors (summary)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from upward import events
from upward.access import (
    MANAGE,
    AuthedRequest,
    can_create_program,
    can_view_insights,
    program_access,
    program_get,
    programs_visible_to,
)
from upward.errors import ServiceError, form_error, message_error
from upward.programs import services
from upward.programs.catalog import NEXT_STEP, PROGRAM_TEMPLATES
from upward.programs.events import MANAGE_CONTEXT, OBJECTIVES_PROGRESS
from upward.programs.forms import OBJECTIVE_LABELS, PhaseForm, ProgramForm, program_initial
from upward.programs.models import Objective, Program
from upward.programs.selectors import (
    interest_summary,
    objectives_of,
    phase_check,
    phase_checks_ahead,
    program_counts,
)

PHASE_ORDER = [p for p, _ in Program.Phase.choices]


@login_required
def program_list(request: AuthedRequest) -> HttpResponse:
    programs = list(programs_visible_to(user=request.user).order_by("-created_at"))
    if not programs and not can_create_program(request.user):
        raise PermissionDenied
    rows = [(p, program_counts(program=p)) for p in programs]
    return render(
        request,
        "programs/list.html",
        {"rows": rows, "can_create": can_create_program(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: AuthedRequest) -> HttpResponse:
    if not can_create_program(request.user):
        raise PermissionDenied
    key = request.GET.get("template") or request.POST.get("template")
    if not key or key not in PROGRAM_TEMPLATES:
        return render(request, "programs/choose_template.html", {"templates": PROGRAM_TEMPLATES})
    defaults = services.template_defaults(key)
    initial = ProgramForm.initial_from(
        {
            **defaults,
            "topics": [t.pk for t in defaults["topics"]],
            "coordinators": [request.user.pk],
        }
    )
    form = ProgramForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                actor=request.user,
                template=key,
                coordinators=form.cleaned_data["coordinators"],
                topics=form.cleaned_data["topics"],
                **form.service_values(),
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(name)s created as a draft.") % {"name": program.name})
            return redirect("programs:detail", program.slug)
    return render(
        request,
        "programs/form.html",
        {"form": form, "template": PROGRAM_TEMPLATES[key], "program": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = ProgramForm(
        request.POST if request.method == "POST" else None, initial=program_initial(program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                actor=request.user,
                program=program,
                coordinators=form.cleaned_data["coordinators"] or None,
                topics=form.cleaned_data["topics"],
                version=form.cleaned_data.get("version"),
                **form.service_values(),
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs:detail", program.slug)
    return render(
        request,
        "programs/form.html",
        {"form": form, "template": PROGRAM_TEMPLATES.get(program.template), "program": program},
        status=400 if form.errors else 200,
    )


def _objective_rows(program: Program) -> list[tuple[Objective, Any]]:
    """Each objective with its progress (insights measures it: OBJECTIVES_PROGRESS)."""
    objectives = objectives_of(program=program)
    if not objectives:
        return []
    progress: dict[int, Any] = {}
    for answer in events.publish(OBJECTIVES_PROGRESS, program=program):
        progress.update(answer)
    return [(o, progress.get(o.pk)) for o in objectives]


@login_required
def program_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug)
    access = program_access(user=request.user, program=program)
    context: dict[str, Any] = {
        "program": program,
        "access": access,
        "manage": access == MANAGE,
        "counts": program_counts(program=program),
        "interest": interest_summary(program=program),
        "phases": [
            (p, label, PHASE_ORDER.index(p) <= PHASE_ORDER.index(program.phase))
            for p, label in Program.Phase.choices
        ],
        "next_step": NEXT_STEP[program.phase],
        "objectives": _objective_rows(program),
        "can_insights": can_view_insights(user=request.user, program=program),
    }
    if access == MANAGE:
        context["transitions"] = phase_checks_ahead(program=program)
        context["history"] = program.phase_changes.select_related("changed_by")[:20]
        context["settings"] = program.matching_settings or {}
        objective = context["settings"].get("objective", "max_total")
        context["objective_label"] = OBJECTIVE_LABELS.get(objective, objective)
        # Match runs and the like belong to apps above programs; they add their context here.
        for extra in events.publish(MANAGE_CONTEXT, program=program):
            context.update(extra)
    return render(request, "programs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_phase(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = PhaseForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a phase to move to."))
        return redirect("programs:detail", program.slug)
    to_phase = form.cleaned_data["to_phase"]
    check = phase_check(program=program, to_phase=to_phase)
    if request.method == "POST":
        try:
            services.program_transition(
                actor=request.user,
                program=program,
                to_phase=to_phase,
                note=form.cleaned_data["note"],
                confirm=form.cleaned_data["confirm"],
            )
        except ServiceError as exc:
            if not exc.warnings:
                message_error(request, exc)
                return redirect("programs:detail", program.slug)
        else:
            messages.success(
                request,
                _("%(name)s is now in the “%(phase)s” phase.")
                % {"name": program.name, "phase": Program.Phase(to_phase).label},
            )
            return redirect("programs:detail", program.slug)
    return render(
        request,
        "programs/phase_confirm.html",
        {
            "program": program,
            "to_phase": to_phase,
            "label": Program.Phase(to_phase).label,
            "check": check,
            "form": form,
        },
    )
