"""Program pages for coordinators (design, recruit, phases) and sponsors (summary)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.programs import enrolment, services
from upward.programs.catalog import PROGRAM_TEMPLATES
from upward.programs.forms import (
    OBJECTIVE_LABELS,
    InterestForm,
    InviteForm,
    PhaseForm,
    ProgramForm,
    program_initial,
)
from upward.programs.models import Participant, Program
from upward.programs.selectors import (
    can_create_program,
    has_answered_interest,
    interest_summary,
    participants_of,
    program_access,
    program_counts,
    program_get,
    programs_visible_to,
    readiness_by_participant,
    topics_for_program,
)
from upward.programs.services import ProgramError

PHASE_ORDER = [p for p, _ in Program.Phase.choices]
NEXT_STEP = {
    Program.Phase.DRAFT: "Finish the design, open the interest survey, then start recruiting.",
    Program.Phase.RECRUITING: "Invite people; when enough have finished intake, close intake.",
    Program.Phase.MATCHING: "Run matching, review the proposals, consult, then publish.",
    Program.Phase.ACTIVE: "Pairs are meeting. Match late joiners if any.",
    Program.Phase.CLOSING: "Final reflections and survey, then close the program.",
    Program.Phase.CLOSED: "Closed. The report stays available.",
}


def _apply_error(form: Any, exc: ProgramError) -> None:
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
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
def program_create(request: HttpRequest) -> HttpResponse:
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
                actor=request.user,  # type: ignore[arg-type]
                template=key,
                coordinators=form.cleaned_data["coordinators"],
                topics=form.cleaned_data["topics"],
                **form.service_values(),
            )
        except ProgramError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"{program.name} created as a draft.")
            return redirect("programs:detail", program.slug)
    return render(
        request,
        "programs/form.html",
        {"form": form, "template": PROGRAM_TEMPLATES[key], "program": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = ProgramForm(
        request.POST if request.method == "POST" else None, initial=program_initial(program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                coordinators=form.cleaned_data["coordinators"] or None,
                topics=form.cleaned_data["topics"],
                **form.service_values(),
            )
        except ProgramError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, "Program saved.")
            return redirect("programs:detail", program.slug)
    return render(
        request,
        "programs/form.html",
        {"form": form, "template": PROGRAM_TEMPLATES.get(program.template), "program": program},
        status=400 if form.errors else 200,
    )


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug)
    access = program_access(user=request.user, program=program)
    context: dict[str, Any] = {
        "program": program,
        "access": access,
        "manage": access == "manage",
        "counts": program_counts(program=program),
        "interest": interest_summary(program=program),
        "phases": [
            (p, label, PHASE_ORDER.index(p) <= PHASE_ORDER.index(program.phase))
            for p, label in Program.Phase.choices
        ],
        "next_step": NEXT_STEP[Program.Phase(program.phase)],
        "objectives": [line for line in program.objectives.splitlines() if line.strip()],
    }
    if access == "manage":
        context["transitions"] = [
            (to, Program.Phase(to).label, services.phase_check(program=program, to_phase=to))
            for to in sorted(services.ALLOWED[program.phase], key=PHASE_ORDER.index)
        ]
        context["history"] = program.phase_changes.select_related("changed_by")[:20]
        context["settings"] = program.matching_settings or {}
        objective = context["settings"].get("objective", "max_total")
        context["objective_label"] = OBJECTIVE_LABELS.get(objective, objective)
        from upward.matching.models import MatchRun

        context["runs"] = MatchRun.objects.filter(program=program)[:5]
    return render(request, "programs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_phase(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = PhaseForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, "Choose a phase to move to.")
        return redirect("programs:detail", program.slug)
    to_phase = form.cleaned_data["to_phase"]
    check = services.phase_check(program=program, to_phase=to_phase)
    if request.method == "POST":
        try:
            services.program_transition(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                to_phase=to_phase,
                note=form.cleaned_data["note"],
                confirm=form.cleaned_data["confirm"],
            )
        except ProgramError as exc:
            if not exc.warnings:
                messages.error(request, exc.message)
                return redirect("programs:detail", program.slug)
        else:
            messages.success(request, f"{program.name} is now {Program.Phase(to_phase).label}.")
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


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    qs = participants_of(
        program=program,
        role=role if role in Participant.Role.values else "",
        status=status if status in Participant.Status.values else "",
        q=request.GET.get("q", "")[:100],
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    readiness = readiness_by_participant(program=program)
    for p in page.object_list:
        p.resend_at = enrolment.resend_available_at(p)  # type: ignore[attr-defined]
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "program": program,
        "page": page,
        "rows": [(p, readiness.get(p.pk, False)) for p in page.object_list],
        "invite_form": InviteForm(),
        "query": filters.urlencode(),
        "invitable": program.phase in enrolment.INVITABLE_PHASES,
    }
    template = "programs/_participants.html" if request.htmx else "programs/participants.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def participant_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail an unanswered invitation again (once a day at most). htmx gets the row back."""
    program = program_get(user=request.user, slug=slug, manage=True)
    participant = get_object_or_404(participants_of(program=program), pk=pk)
    error = False
    try:
        participant = enrolment.invitation_resend(
            actor=request.user,  # type: ignore[arg-type]
            participant=participant,
        )
        message = f"Invitation sent again to {participant.person.name}."
    except ProgramError as exc:
        message, error = exc.message, True
    if request.htmx:  # type: ignore[attr-defined]
        participant = participants_of(program=program).get(pk=pk)
        participant.resend_at = enrolment.resend_available_at(participant)  # type: ignore[attr-defined]
        ready = readiness_by_participant(program=program).get(pk, False)
        return render(
            request,
            "programs/_participant_row.html",
            {
                "p": participant,
                "ready": ready,
                "program": program,
                "invitable": program.phase in enrolment.INVITABLE_PHASES,
                "row_message": message,
                "row_error": error,
            },
        )
    (messages.error if error else messages.success)(request, message)
    return redirect("programs:participants", program.slug)


@login_required
@require_POST
def participant_invite(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = InviteForm(request.POST)
    invited, problems = 0, []
    if form.is_valid():
        for person in form.cleaned_data["people"]:
            try:
                enrolment.participant_invite(
                    actor=request.user,  # type: ignore[arg-type]
                    program=program,
                    person=person,
                    role=form.cleaned_data["role"],
                )
                invited += 1
            except ProgramError as exc:
                problems.append(exc.message)
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
    if invited:
        messages.success(request, f"{invited} invitation(s) sent.")
    for problem in problems[:10]:
        messages.error(request, problem)
    return redirect("programs:participants", program.slug)


@login_required
@require_POST
def interest_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    try:
        services.program_update(
            actor=request.user,  # type: ignore[arg-type]
            program=program,
            interest_survey_open=not program.interest_survey_open,
        )
    except ProgramError as exc:
        messages.error(request, exc.message)
    else:
        state = "open" if program.interest_survey_open else "closed"
        messages.success(request, f"The interest survey is {state}.")
    return redirect("programs:detail", program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def interest_answer(request: HttpRequest, slug: str) -> HttpResponse:
    program = Program.objects.filter(slug=slug, interest_survey_open=True).first()
    if program is None:
        return render(request, "programs/interest_closed.html", status=404)
    if has_answered_interest(user=request.user, program=program):
        return render(request, "programs/interest_thanks.html", {"program": program})
    form = InterestForm(
        request.POST if request.method == "POST" else None, topics=topics_for_program(program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_answer(
                program=program,
                user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ProgramError as exc:
            _apply_error(form, exc)
        else:
            return render(request, "programs/interest_thanks.html", {"program": program})
    return render(
        request,
        "programs/interest.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )
