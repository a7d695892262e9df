"""Enrolment pages: the coordinator's participants list and invitations; the invited person's
consent, intake and withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, program_get
from upward.errors import ServiceError
from upward.humane import count
from upward.programs import training
from upward.programs.catalog import CONSENT_TEXT, STYLE_QUESTIONS
from upward.programs.forms import ConsentForm, IntakeForm, InviteForm, intake_initial
from upward.programs.models import Participant
from upward.programs.selectors import (
    INVITABLE_PHASES,
    completed_modules,
    intake_is_open,
    intake_of,
    own_participation,
    participants_of,
    readiness_by_participant,
    resend_available_at,
)
from upward.programs.services import enrolment

# --- the coordinator's side ------------------------------------------------------------------


@login_required
def participant_list(request: AuthedRequest, slug: str) -> HttpResponse:
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
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "program": program,
        "page": page,
        "rows": [(p, readiness.get(p.pk, False), resend_available_at(p)) for p in page.object_list],
        "invite_form": InviteForm(),
        "query": filters.urlencode(),
        "invitable": program.phase in INVITABLE_PHASES,
    }
    template = "programs/_participants.html" if request.htmx else "programs/participants.html"
    return render(request, template, context)


@login_required
@require_POST
def participant_resend(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail an unanswered invitation again (once a day at most). htmx gets the row back."""
    program = program_get(user=request.user, slug=slug, manage=True)
    participant = get_object_or_404(participants_of(program=program), pk=pk)
    error = False
    try:
        participant = enrolment.invitation_resend(actor=request.user, participant=participant)
        message = f"Invitation sent again to {participant.person.name}."
    except ServiceError as exc:
        message, error = exc.message, True
    if request.htmx:
        participant = participants_of(program=program).get(pk=pk)
        ready = readiness_by_participant(program=program).get(pk, False)
        return render(
            request,
            "programs/_participant_row.html",
            {
                "p": participant,
                "ready": ready,
                "resend_at": resend_available_at(participant),
                "program": program,
                "invitable": program.phase in INVITABLE_PHASES,
                "row_message": message,
                "row_error": error,
            },
        )
    (messages.error if error else messages.success)(request, message)
    return redirect("programs:participants", program.slug)


@login_required
@require_POST
def participant_invite(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = InviteForm(request.POST)
    invited, problems = 0, []
    if form.is_valid():
        for person in form.cleaned_data["people"]:
            try:
                enrolment.participant_invite(
                    actor=request.user,
                    program=program,
                    person=person,
                    role=form.cleaned_data["role"],
                )
                invited += 1
            except ServiceError as exc:
                problems.append(exc.message)
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
    if invited:
        messages.success(request, f"{count(invited, 'invitation', 'invitations')} sent.")
    for problem in problems[:10]:
        messages.error(request, problem)
    return redirect("programs:participants", program.slug)


# --- the invited person's side ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthedRequest, slug: str) -> HttpResponse:
    """The participant's own page: consent while invited, then their steps."""
    participant = own_participation(user=request.user, slug=slug)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.participant_opt_in(
                actor=request.user, participant=participant, consent=form.cleaned_data["consent"]
            )
        except ServiceError as exc:
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
            "intake_open": intake_is_open(participant),
            "modules": [(m, m.slug in done) for m in modules],
            "modules_done": sum(1 for m in modules if m.slug in done),
            # The statements only: figures are for the coordinators and the sponsor.
            "objectives": [o.statement for o in participant.program.objectives.all()],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: AuthedRequest, slug: str) -> HttpResponse:
    participant = own_participation(user=request.user, slug=slug)
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
    is_open = intake_is_open(participant)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            enrolment.intake_save(
                actor=request.user,
                participant=participant,
                values=form.intake_values(),
                submit=submitting or bool(current and current.is_submitted),
            )
        except ServiceError as exc:
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
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedRequest, slug: str) -> HttpResponse:
    participant = own_participation(user=request.user, slug=slug)
    if request.method == "POST":
        enrolment.participant_withdraw(actor=request.user, participant=participant)
        messages.success(request, "You have left the program. Thank you for your time.")
        return redirect("home")
    return render(
        request,
        "programs/withdraw.html",
        {"participant": participant, "program": participant.program},
    )
