"""The anonymous interest survey: the coordinator opens or closes it; anyone signed in answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest, program_get
from upward.errors import ServiceError, form_error, message_error
from upward.programs.forms import InterestForm
from upward.programs.selectors import (
    has_answered_interest,
    open_interest_survey,
    topics_for_program,
)
from upward.programs.services import interest as services
from upward.programs.services.programs import program_update


@login_required
@require_POST
def interest_toggle(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_get(user=request.user, slug=slug, manage=True)
    try:
        program_update(
            actor=request.user,
            program=program,
            interest_survey_open=not program.interest_survey_open,
        )
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(
            request,
            _("The interest survey is open.")
            if program.interest_survey_open
            else _("The interest survey is closed."),
        )
    return redirect("programs:detail", program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def interest_answer(request: AuthedRequest, slug: str) -> HttpResponse:
    program = open_interest_survey(slug=slug)
    if program is None:
        return render(request, "programs/interest_closed.html", status=404)
    if has_answered_interest(user=request.user, program=program):
        return render(request, "programs/interest_thanks.html", {"program": program})
    form = InterestForm(
        request.POST if request.method == "POST" else None, topics=topics_for_program(program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_answer(actor=request.user, program=program, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            return render(request, "programs/interest_thanks.html", {"program": program})
    return render(
        request,
        "programs/interest.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )
