"""Pages for invited people and participants: consent, intake, readiness training, withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.programs import enrolment, training
from upward.programs.catalog import CONSENT_TEXT, STYLE_QUESTIONS
from upward.programs.forms import ConsentForm, IntakeForm, TrainingCheckForm, intake_initial
from upward.programs.models import Participant, Program
from upward.programs.selectors import completed_modules, intake_of, participant_of
from upward.programs.services import ProgramError


def _mine(request: HttpRequest, slug: str) -> Participant:
    program = Program.objects.filter(slug=slug).first()
    participant = participant_of(user=request.user, program=program) if program else None
    if participant is None:
        raise Http404("You are not invited to this program.")
    return participant


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's own page: consent while invited, then their steps."""
    participant = _mine(request, slug)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.participant_opt_in(
                participant=participant,
                user=request.user,  # type: ignore[arg-type]
                consent=form.cleaned_data["consent"],
            )
        except ProgramError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Welcome aboard. Next: your intake questionnaire.")
            return redirect("programs:join", slug)
    intake = intake_of(participant)
    modules = training.modules_for(participant.role)
    done = completed_modules(participant)
    return render(
        request,
        "programs/join.html",
        {
            "participant": participant,
            "program": participant.program,
            "form": form,
            "consent_text": CONSENT_TEXT,
            "intake": intake,
            "intake_open": enrolment.intake_is_open(participant),
            "modules": [(m, m.slug in done) for m in modules],
            "modules_done": sum(1 for m in modules if m.slug in done),
            "objectives": [
                line for line in participant.program.objectives.splitlines() if line.strip()
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, slug: str) -> HttpResponse:
    participant = _mine(request, slug)
    if participant.status != Participant.Status.OPTED_IN:
        messages.warning(request, "Opt in first to fill in your intake.")
        return redirect("programs:join", slug)
    current = intake_of(participant)
    submitting = request.method == "POST" and "submit" in request.POST
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        participant=participant,
        submitting=submitting,
        initial=intake_initial(current, participant),
    )
    is_open = enrolment.intake_is_open(participant)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            enrolment.intake_save(
                participant=participant,
                user=request.user,  # type: ignore[arg-type]
                values=form.intake_values(),
                submit=submitting or bool(current and current.is_submitted),
            )
        except ProgramError as exc:
            form.add_error(None, exc.message)
        else:
            if submitting:
                messages.success(
                    request, "Intake submitted. You can still edit it while it is open."
                )
                return redirect("programs:join", slug)
            messages.success(request, "Draft saved.")
            return redirect("programs:intake", slug)
    return render(
        request,
        "programs/intake.html",
        {
            "participant": participant,
            "program": participant.program,
            "form": form,
            "intake": current,
            "is_open": is_open,
            "style_questions": STYLE_QUESTIONS,
        },
        status=400 if form.errors else 200,
    )


@login_required
def training_list(request: HttpRequest, slug: str) -> HttpResponse:
    participant = _mine(request, slug)
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
def training_module(request: HttpRequest, slug: str, module: str) -> HttpResponse:
    participant = _mine(request, slug)
    found = training.module_by_slug(module)
    if found is None or found.role != participant.role:
        raise Http404("No such module.")
    form = TrainingCheckForm(
        request.POST if request.method == "POST" else None, options=found.check.options
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            passed = enrolment.training_complete(
                participant=participant,
                user=request.user,  # type: ignore[arg-type]
                module_slug=found.slug,
                answer=form.cleaned_data["answer"],
            )
        except ProgramError as exc:
            form.add_error("answer", exc.message)
        else:
            if passed:
                messages.success(request, f"“{found.title}” completed.")
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


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    participant = _mine(request, slug)
    if request.method == "POST":
        enrolment.participant_withdraw(participant=participant, user=request.user)  # type: ignore[arg-type]
        messages.success(request, "You have left the program. Thank you for your time.")
        return redirect("home")
    return render(
        request,
        "programs/withdraw.html",
        {"participant": participant, "program": participant.program},
    )
