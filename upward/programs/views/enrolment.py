"""Enrolment pages: the coordinator's participants list and invitations; the invited person's
consent, intake and withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, participant_of, program_get, program_open_to_apply
from upward.errors import ServiceError, form_error, message_error
from upward.programs import training
from upward.programs.catalog import CONSENT_TEXT, STYLE_QUESTIONS
from upward.programs.forms import (
    ApplyForm,
    ConsentForm,
    DirectoryInviteForm,
    IntakeForm,
    InviteCsvForm,
    InviteForm,
    intake_initial,
)
from upward.programs.models import Participant, Program
from upward.programs.selectors import (
    INVITABLE_PHASES,
    applications_of,
    completed_modules,
    intake_is_open,
    intake_of,
    open_programs_for,
    own_participation,
    participants_of,
    readiness_by_participant,
    resend_available_at,
)
from upward.programs.services import enrolment, invitations

# --- the coordinator's side ------------------------------------------------------------------


def _participants_context(request: AuthedRequest, program: Program) -> dict[str, Any]:
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
    return {
        "program": program,
        "page": page,
        "rows": [(p, readiness.get(p.pk, False), resend_available_at(p)) for p in page.object_list],
        "applications": list(applications_of(program=program)),
        "invite_form": InviteForm(),
        "csv_form": InviteCsvForm(),
        "directory_form": DirectoryInviteForm(),
        "query": filters.urlencode(),
        "invitable": program.phase in INVITABLE_PHASES,
        "statuses": Participant.Status.choices,
    }


@login_required
def participant_list(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    context = _participants_context(request, program)
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
        message = _("Invitation sent again to %(name)s.") % {"name": participant.person.name}
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


def _batch_page(
    request: AuthedRequest,
    program: Program,
    *,
    result: invitations.BatchResult | None,
    source: str,
    **forms_: Any,
) -> HttpResponse:
    """The participants page with the batch's per-line results above the list. Nothing usable in
    the whole batch is a 400 (like a form error); a partial batch is a 200."""
    context = _participants_context(request, program)
    context.update(forms_)
    context["batch"] = result
    context["batch_source"] = source
    bad = any(isinstance(f, forms.BaseForm) and f.errors for f in forms_.values()) or (
        result is not None and result.nothing_valid
    )
    return render(request, "programs/participants.html", context, status=400 if bad else 200)


@login_required
@require_POST
def participant_invite(request: AuthedRequest, slug: str) -> HttpResponse:
    """Typed ids or addresses: each line is invited or reported; lines to correct stay typed."""
    program = program_get(user=request.user, slug=slug, manage=True)
    form = InviteForm(request.POST)
    result = None
    if form.is_valid():
        try:
            result = invitations.invitations_from_text(
                actor=request.user,
                program=program,
                role=form.cleaned_data["role"],
                text=form.cleaned_data["people"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            # Only what needs correcting stays in the box, so that fixing a typo and sending
            # again never re-sends the others.
            role, left = form.cleaned_data["role"], "\n".join(result.to_correct)
            form = InviteForm(initial={"role": role, "people": left})
            if result.nothing_valid:
                form = InviteForm({"role": role, "people": left})
                form.is_valid()
                form.add_error("people", _("Nobody on the list could be found; check each line."))
    return _batch_page(request, program, result=result, source="typed", invite_form=form)


@login_required
@require_POST
def participant_invite_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    form = InviteCsvForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            result = invitations.invitations_from_csv(
                actor=request.user,
                program=program,
                role=form.cleaned_data["role"],
                data=form.cleaned_data["file"].read(invitations.MAX_FILE_BYTES + 1),
            )
        except ServiceError as exc:
            form_error(form, exc)
    return _batch_page(request, program, result=result, source="csv", csv_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def participant_invite_directory(request: AuthedRequest, slug: str) -> HttpResponse:
    """GET: how many the filter matches (htmx swaps the preview in); POST: invite them."""
    program = program_get(user=request.user, slug=slug, manage=True)
    data = request.POST if request.method == "POST" else request.GET
    form = DirectoryInviteForm(data)
    preview = None
    if form.is_valid():
        try:
            preview = invitations.directory_preview(
                actor=request.user, program=program, flt=form.directory_filter()
            )
        except ServiceError as exc:
            form_error(form, exc)
    if request.method == "GET":
        context = {"program": program, "directory_form": form, "preview": preview}
        if request.htmx:
            return render(request, "programs/_directory_preview.html", context)
        full = _participants_context(request, program) | context
        full["directory_open"] = True
        return render(request, "programs/participants.html", full)
    result = None
    if form.is_valid() and preview is not None:
        try:
            result = invitations.invitations_from_directory(
                actor=request.user,
                program=program,
                role=form.cleaned_data["role"],
                flt=form.directory_filter(),
                expected=form.cleaned_data.get("expected"),
            )
        except ServiceError as exc:
            form_error(form, exc)
    return _batch_page(
        request,
        program,
        result=result,
        source="directory",
        directory_form=form,
        preview=preview,
        directory_open=result is None,
    )


@login_required
@require_POST
def application_decide(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    participant = get_object_or_404(applications_of(program=program), pk=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        enrolment.application_decide(actor=request.user, participant=participant, accept=accept)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        name = participant.person.name
        messages.success(
            request,
            _("%(name)s is in: they were told by e-mail.") % {"name": name}
            if accept
            else _("%(name)s's application is declined; they were told by e-mail.")
            % {"name": name},
        )
    return redirect("programs:participants", program.slug)


# --- open enrolment: anyone in the directory ---------------------------------------------------


@login_required
def open_programs(request: AuthedRequest) -> HttpResponse:
    rows = open_programs_for(user=request.user)
    return render(request, "programs/open.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_open_to_apply(user=request.user, slug=slug)
    mine = participant_of(user=request.user, program=program)
    form = ApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.application_submit(
                actor=request.user,
                program=program,
                role=form.cleaned_data["role"],
                consent=form.cleaned_data["consent"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your application to %(program)s is with its coordinators. "
                    "You will hear from them by e-mail."
                )
                % {"program": program.name},
            )
            return redirect("programs:open")
    return render(
        request,
        "programs/apply.html",
        {
            "program": program,
            "form": form,
            "mine": mine,
            "consent_text": CONSENT_TEXT,
            "objectives": [o.statement for o in program.objectives.all()],
        },
        status=400 if form.errors else 200,
    )


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
            messages.success(request, _("Welcome aboard. Next: your intake questionnaire."))
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
        messages.warning(request, _("Opt in first to fill in your intake."))
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
                    request, _("Intake submitted. You can still edit it while it is open.")
                )
                return redirect("programs:join", slug)
            messages.success(request, _("Draft saved."))
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
        messages.success(request, _("You have left the program. Thank you for your time."))
        return redirect("home")
    return render(
        request,
        "programs/withdraw.html",
        {"participant": participant, "program": participant.program},
    )
