"""Closing a program's pairs (coordinators): where each pair stands, invite, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from upward.access import (
    AuthedRequest,
)
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring import selectors
from upward.mentoring.forms import (
    CloseProgramPairsForm,
)
from upward.mentoring.services import closing as closing_services


@login_required
@require_http_methods(["GET", "POST"])
def closing(request: AuthedRequest, slug: str) -> HttpResponse:
    """Where each pair stands at the program's end; invite open pairs to close well."""
    program = selectors.program_for_closing(user=request.user, slug=slug)
    if request.method == "POST":
        try:
            invited = closing_services.pairs_closing_invite(program=program, actor=request.user)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d pair invited to write their final reflection.",
                    "%(n)d pairs invited to write their final reflection.",
                    invited,
                )
                % {"n": invited}
                if invited
                else _("Every open pair has already been invited."),
            )
        return redirect("mentoring:closing", program.slug)
    overview = selectors.closing_overview(user=request.user, program=program)
    return render(
        request,
        "mentoring/closing.html",
        {"program": program, "overview": overview, "phases": closing_services.CLOSING_PHASES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def closing_confirm(request: AuthedRequest, slug: str) -> HttpResponse:
    """Close the remaining pairs of a closed program, after a confirmation page."""
    program = selectors.program_for_closing(user=request.user, slug=slug)
    overview = selectors.closing_overview(user=request.user, program=program)
    form = CloseProgramPairsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = closing_services.pairs_close_for_program(program=program, actor=request.user)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d pair closed. Its room is kept read-only as a record.",
                    "%(n)d pairs closed. Their rooms are kept read-only as a record.",
                    closed,
                )
                % {"n": closed},
            )
            return redirect("mentoring:closing", program.slug)
    return render(
        request,
        "mentoring/closing_confirm.html",
        {"program": program, "overview": overview, "form": form},
    )
